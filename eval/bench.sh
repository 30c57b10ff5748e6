#!/usr/bin/env bash
# Speed and scale benchmark, one command (see eval/BENCH.md for results):
#
#   bash eval/bench.sh [WORKDIR]          # WORKDIR defaults to /tmp/slant-bench
#
# 1. builds slant (release) and a Python venv with the peers (../shared/bench/peers/requirements.txt);
# 2. builds the 50 MB corpus of real news sentences with ../shared/bench/peers/make_corpus.py
#    --sentences (and a 500 MB one) over the shared data sets;
# 3. trains on babe, ptc_propaganda and newsmtsc with slant and the peers, comparing wall time;
# 4. scores the 50 MB corpus end to end (CSV in, CSV out) with slant (--jobs 1 and 2) and with
#    fastText, VW and scikit-learn (peer.py --score-only), printing sentences/s, MB/s, peak RSS
#    (/usr/bin/time -v) and the ratios; then slant on the 500 MB corpus (memory must stay flat) and
#    on its first million sentences (the "1M sentences in under 10 s" target).
#
# Environment: SLANT_SHARED (default ../shared), PEERS="sklearn fasttext vw" (empty: skip the
# peers), BIG=0 (skip the 500 MB corpus), RUNS=1 (repeats of each scoring run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SLANT_SHARED:-$(cd "$root/.." && pwd)/shared}
if [ ! -d "$shared/datasets" ]; then
  echo "no data sets in $shared: set SLANT_SHARED to the shared folder" >&2
  exit 2
fi
work=${1:-/tmp/slant-bench}
peers_dir=$shared/bench/peers
data=$shared/datasets
PEERS=${PEERS-sklearn fasttext vw}
BIG=${BIG:-1}
RUNS=${RUNS:-1}
mkdir -p "$work"
exec 3>&1 # progress lines, whatever a timed command's output is redirected to
results=$work/results.tsv
: >"$results"
rm -f "$work"/score50_*.json "$work"/train_*.json # no stale peer reports in the summary

echo "== machine"
echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "memory: $(free -g | awk '/Mem:/ {print $2}') GB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(rustc --version); $(python3 --version)"

echo "== build"
(cd "$root" && cargo build --release --quiet)
slant=$root/target/release/slant

py=$work/venv/bin/python
if [ -n "$PEERS" ] && [ ! -x "$py" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet --only-binary=:all: -r "$peers_dir/requirements.txt"
fi
[ -x "$py" ] || py=python3

# Runs a command under /usr/bin/time -v; appends "name<TAB>wall s<TAB>peak RSS MB" to results.
timed() {
  local name=$1
  shift
  /usr/bin/time -v -o "$work/time.txt" "$@"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$work/time.txt")
  printf '%s\t%s\t%s\n' "$name" "$wall" "$rss" >>"$results"
  printf '   %-40s %8.2f s %8.1f MB\n' "$name" "$wall" "$rss" >&3
}

echo "== corpora"
sets=(babe mbic newsmtsc gvfc ptc_propaganda semeval23_persuasion_en article_bias_sample)
csvs=()
for s in "${sets[@]}"; do csvs+=("$data/$s/sentences.csv"); done
[ -f "$work/corpus50.csv" ] || "$py" "$peers_dir/make_corpus.py" "${csvs[@]}" --mb 50 --sentences --out "$work/corpus50.csv"
if [ "$BIG" = 1 ] && [ ! -f "$work/corpus500.csv" ]; then
  "$py" "$peers_dir/make_corpus.py" "${csvs[@]}" --mb 500 --sentences --out "$work/corpus500.csv"
fi

echo "== training (wall time of the whole process; peers' train_s is vectorize + fit, without CSV reading)"
for s in babe ptc_propaganda newsmtsc; do
  split=$work/split_$s
  if [ ! -f "$split/train.csv" ]; then
    extra=()
    [ "$s" = babe ] && extra=(--drop-label no-agreement)
    "$py" "$peers_dir/split.py" "$data/$s/sentences.csv" --out "$split" "${extra[@]}" >/dev/null
  fi
  test=$split/test.csv
  [ -f "$test" ] || test=$(ls "$split"/test*.csv | head -1)
  timed "train slant $s" "$slant" train --data "$split/train.csv" --label label \
    --out "$work/$s.slant.json" 2>"$work/train_$s.log"
  tail -2 "$work/train_$s.log" | sed 's/^/   /'
  for p in $PEERS; do
    timed "train+test $p $s (process)" "$py" "$peers_dir/peer.py" --system "$p" \
      --train "$split/train.csv" --test "$test" --json "$work/train_${s}_$p.json" >/dev/null
    "$py" -c "import json,sys; r=json.load(open(sys.argv[1])); print(f'   {sys.argv[2]} {sys.argv[3]}: train_s {r[\"train_s\"]:.2f} s, macro-F1 {r[\"macro_f1\"]:.3f}')" \
      "$work/train_${s}_$p.json" "$p" "$s"
  done
done

echo "== scoring the 50 MB corpus (model trained on babe)"
sentences=$("$py" -c "import csv,sys; csv.field_size_limit(sys.maxsize); print(sum(1 for _ in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8'))))" "$work/corpus50.csv")
echo "   corpus50.csv: $sentences rows, $(du -m "$work/corpus50.csv" | cut -f1) MB of CSV"
for r in $(seq "$RUNS"); do
  for j in 1 2; do
    # Every run writes a new file, as the first does: replacing the previous 75 MB output would
    # add the file system's cost of freeing it (~60 ms on this ext4 with `discard`) to runs 2 and 3.
    rm -f "$work/scored50.csv"
    timed "score slant jobs=$j run $r" "$slant" score --quiet --jobs "$j" \
      --model "$work/babe.slant.json" "$work/corpus50.csv" --out "$work/scored50.csv"
  done
  for p in $PEERS; do
    timed "score $p run $r (process)" "$py" "$peers_dir/peer.py" --system "$p" \
      --train "$work/split_babe/train.csv" --score-only "$work/corpus50.csv" \
      --json "$work/score50_${p}_$r.json" >/dev/null
  done
done
if [ "$BIG" = 1 ]; then
  echo "== scoring the 500 MB corpus with slant (memory must stay flat)"
  timed "score slant jobs=2 500MB" "$slant" score --quiet --jobs 2 \
    --model "$work/babe.slant.json" "$work/corpus500.csv" --out "$work/scored500.csv"
  rm -f "$work/scored500.csv"
  echo "== one million sentences (the first 1,000,000 rows of the 500 MB corpus), slant --jobs 2"
  [ -f "$work/corpus1m.csv" ] || "$py" - "$work/corpus500.csv" "$work/corpus1m.csv" <<'PY'
import csv, sys
csv.field_size_limit(sys.maxsize)
with open(sys.argv[1], newline="", encoding="utf-8") as src, \
        open(sys.argv[2] + ".tmp", "w", newline="", encoding="utf-8") as dst:
    r, w = csv.reader(src), csv.writer(dst, lineterminator="\n")
    w.writerow(next(r))
    for i, row in enumerate(r):
        if i == 1_000_000:
            break
        w.writerow(row)
PY
  [ -f "$work/corpus1m.csv" ] || mv "$work/corpus1m.csv.tmp" "$work/corpus1m.csv"
  for r in $(seq "$RUNS"); do
    rm -f "$work/scored1m.csv"
    timed "score slant jobs=2 1M run $r" "$slant" score --quiet --jobs 2 \
      --model "$work/babe.slant.json" "$work/corpus1m.csv" --out "$work/scored1m.csv"
  done
  rm -f "$work/scored1m.csv"
fi

echo "== summary"
"$py" - "$work" "$sentences" <<'PY'
import glob, json, os, statistics, sys
work, n = sys.argv[1], int(sys.argv[2])
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(work, "results.tsv"))]
res = {name: (float(wall), float(rss)) for name, wall, rss in rows}
mb_text = 50.0
csv_mb = os.path.getsize(os.path.join(work, "corpus50.csv")) / 1e6
print(f"| system | run | sentences/s | text MB/s | CSV MB/s | peak RSS MB | wall s |")
print(f"|---|---|--:|--:|--:|--:|--:|")
best = {}
for name, (wall, rss) in res.items():
    if name.startswith("score slant jobs") and "500MB" not in name and " 1M " not in name:
        sps = n / wall
        best.setdefault("slant j" + name.split("jobs=")[1][0], []).append(sps)
        print(f"| slant (end to end) | {name[6:]} | {sps:,.0f} | {mb_text / wall:.1f} | {csv_mb / wall:.1f} | {rss:.0f} | {wall:.2f} |")
for path in sorted(glob.glob(os.path.join(work, "score50_*.json"))):
    r = json.load(open(path))
    sysname = r.get("system", os.path.basename(path).split("_")[1])
    key = [k for k in res if k.startswith(f"score {sysname} run {path.rsplit('_', 1)[1][:-5]}")]
    rss = res[key[0]][1] if key else float("nan")
    best.setdefault(sysname, []).append(r["sents_per_s"])
    print(f"| {sysname} (score only) | {os.path.basename(path)} | {r['sents_per_s']:,.0f} | {r['mb_per_s']:.1f} | {r['end_to_end_mb_per_s']:.1f} | {rss:.0f} | {r['score_s']:.2f} |")
if "500MB" in " ".join(res):
    w, rss = res["score slant jobs=2 500MB"]
    print(f"\n500 MB corpus, slant --jobs 2: {w:.1f} s, peak RSS {rss:.0f} MB")
for name, (w, rss) in res.items():
    if name.startswith("score slant jobs=2 1M"):
        print(f"1,000,000 sentences, slant --jobs 2 ({name[-5:]}): {w:.2f} s, {1e6 / w:,.0f} sentences/s, peak RSS {rss:.0f} MB")
for k in ("slant j1", "slant j2"):
    for p in ("fasttext", "vw", "sklearn"):
        if k in best and p in best:
            med = statistics.median(best[k]) / statistics.median(best[p])
            top = max(best[k]) / max(best[p])
            print(f"ratio {k} / {p}: {med:.2f}x (medians; best runs {top:.2f}x)")
print()
print("| data | system | train wall s (slant: process; peers: train_s) |")
print("|---|---|--:|")
for s in ("babe", "ptc_propaganda", "newsmtsc"):
    if f"train slant {s}" in res:
        print(f"| {s} | slant | {res[f'train slant {s}'][0]:.2f} |")
    for path in sorted(glob.glob(os.path.join(work, f"train_{s}_*.json"))):
        r = json.load(open(path))
        p = path.rsplit("_", 1)[1][:-5]
        print(f"| {s} | {p} | {r['train_s']:.2f} (process {res.get(f'train+test {p} {s} (process)', (float('nan'),))[0]:.2f}) |")
PY
