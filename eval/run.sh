#!/usr/bin/env bash
# Regenerates eval/RESULTS.md: `slant eval` and the three peers (scikit-learn, fastText, Vowpal
# Wabbit, from ../shared/bench/peers) on the identical folds of ../shared/bench/folds, for every
# single-label data set in ../shared/datasets (the list is eval/datasets.txt).
#
#   bash eval/run.sh [--rerun-peers] [--slow-peers] [--only NAME]...
#
# slant is always re-run (release build). The peers' JSON reports are cached in
# eval/results/peers/ and re-used unless --rerun-peers (or a report is missing); the peers run in a
# venv this script creates (eval/.venv-peers, prebuilt wheels only). Data sets whose role in
# datasets.txt is `slow` (whole articles: the peers take 25-140 s per fold) get peers only with
# --slow-peers. slant is run once per data set, with its defaults: the configuration chosen by
# eval/tuning/tune.py, passed explicitly from eval/tuning/chosen.args. Shared data: $SLANT_SHARED,
# else ../shared or ../../shared.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

rerun_peers=0
slow_peers=0
only=()
while [ $# -gt 0 ]; do
  case $1 in
    --rerun-peers) rerun_peers=1 ;;
    --slow-peers) slow_peers=1 ;;
    --only) only+=("$2"); shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "eval/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

shared=${SLANT_SHARED:-}
for c in "$root/../shared" "$root/../../shared"; do
  [ -n "$shared" ] && break
  [ -d "$c/datasets" ] && shared=$(cd "$c" && pwd)
done
if [ -z "$shared" ] || [ ! -d "$shared/datasets" ]; then
  echo "eval/run.sh: shared data not found (set SLANT_SHARED)" >&2
  exit 4
fi
shared=$(cd "$shared" && pwd) # absolute, so that report paths can be made relative again
peers=$shared/bench/peers
folds=$shared/bench/folds
work=$here/.work
out=$here/results
mkdir -p "$work" "$out/peers" "$out/slant"
systems=(sklearn fasttext vw sklearn_tuned)

wanted() {
  [ ${#only[@]} -eq 0 ] && return 0
  local o
  for o in "${only[@]}"; do [ "$o" = "$1" ] && return 0; done
  return 1
}

# ---------------------------------------------------------------- peers (cached)
need_peers=0
while IFS='|' read -r name _ _ _ _ role; do
  case $name in ''|'#'*) continue ;; esac
  wanted "$name" || continue
  [ "$role" = slow ] && [ $slow_peers = 0 ] && continue
  for s in "${systems[@]}"; do
    if [ $rerun_peers = 1 ] || [ ! -s "$out/peers/${name}_$s.json" ]; then need_peers=1; fi
  done
done < "$here/datasets.txt"

py=python3
if [ $need_peers = 1 ]; then
  venv=$here/.venv-peers
  if [ ! -x "$venv/bin/python3" ]; then
    echo "eval/run.sh: creating $venv (prebuilt wheels only)" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --only-binary=:all: -r "$peers/requirements.txt"
  fi
  py=$venv/bin/python3
fi

while IFS='|' read -r name dir split_args cv_on fold_file role; do
  case $name in ''|'#'*) continue ;; esac
  wanted "$name" || continue
  [ "$role" = slow ] && [ $slow_peers = 0 ] && continue
  src=$shared/datasets/$dir/sentences.csv
  ff=$folds/$fold_file.csv
  todo=()
  for s in "${systems[@]}"; do
    if [ $rerun_peers = 1 ] || [ ! -s "$out/peers/${name}_$s.json" ]; then todo+=("$s"); fi
  done
  [ ${#todo[@]} -eq 0 ] && continue
  d=$work/split/$name
  mkdir -p "$d"
  # shellcheck disable=SC2086
  "$py" "$peers/split.py" "$src" --out "$d" $split_args >&2
  # The fold file's `row` numbers refer to this file: check that its ids agree row by row.
  python3 "$here/harness.py" check-folds "$d/$cv_on.csv" "$ff"
  for s in "${todo[@]}"; do
    extra=()
    system=$s
    if [ "$s" = sklearn_tuned ]; then system=sklearn; extra=(--C 10 --balanced); fi
    echo "eval/run.sh: peer $s on $name ($cv_on, $fold_file)" >&2
    "$py" "$peers/peer.py" --system "$system" "${extra[@]}" --train "$d/$cv_on.csv" \
      --folds-in "$ff" --json "$out/peers/${name}_$s.json.tmp" >/dev/null 2>"$work/peer_${name}_$s.log"
    python3 "$here/harness.py" clean-peer "$out/peers/${name}_$s.json.tmp" "$root" "$shared" \
      > "$out/peers/${name}_$s.json"
    rm -f "$out/peers/${name}_$s.json.tmp"
  done
done < "$here/datasets.txt"

# ---------------------------------------------------------------- slant (always re-run)
if [ ! -x target/release/slant ] || [ -n "$(find src Cargo.toml Cargo.lock -newer target/release/slant -print -quit)" ]; then
  cargo build --release --locked >&2
fi
slant=$root/target/release/slant
read -r -a tuned < <(grep -v '^#' "$here/tuning/chosen.args" | tr '\n' ' '; echo)
while IFS='|' read -r name dir _split_args _cv_on fold_file _role; do
  case $name in ''|'#'*) continue ;; esac
  wanted "$name" || continue
  for variant in defaults; do
    opts=("${tuned[@]}")
    echo "eval/run.sh: slant ($variant) on $name" >&2
    rep=$work/slant/${name}_$variant
    "$slant" eval --data "$shared/datasets/$dir/sentences.csv" --label label \
      --folds-file "$folds/$fold_file.csv" --report "$rep" --json "${opts[@]}" \
      > /dev/null 2> "$work/slant_${name}_$variant.log"
    # metrics.json holds numbers only (predictions.csv holds data-set text: not committed)
    python3 "$here/harness.py" clean-slant "$rep/metrics.json" "$shared" \
      > "$out/slant/${name}_$variant.json"
  done
done < "$here/datasets.txt"

# ---------------------------------------------------------------- per-outlet reports
# babe, mbic, biasedsents: the out-of-fold per-outlet reports of the `defaults` runs above;
# article_bias_sample: train on its train part, test on its test part (outlets disjoint: the
# data set's media split); the five seeds: scored with the bundled default model, then
# `slant report --by outlet`. Only tables of numbers and terms are committed (predictions.csv
# and scored sentences hold data-set text and stay in eval/.work).
reports=$out/outlets
if [ ${#only[@]} -eq 0 ]; then
  for name in babe mbic biasedsents; do
    python3 "$here/harness.py" copy-report "$work/slant/${name}_defaults" "$reports/$name" "$root" "$shared"
  done
  d=$work/split/article_bias_sample
  mkdir -p "$d"
  python3 "$peers/split.py" "$shared/datasets/article_bias_sample/sentences.csv" --out "$d" >&2
  echo "eval/run.sh: slant (defaults) on article_bias_sample, media split (train -> test)" >&2
  "$slant" eval --data "$d/train.csv" --test "$d/test.csv" --label label \
    --report "$work/outlets/article_bias_sample_media" >/dev/null 2>"$work/slant_article_bias_sample_media.log"
  python3 "$here/harness.py" copy-report "$work/outlets/article_bias_sample_media" \
    "$reports/article_bias_sample_media" "$root" "$shared"
  echo "eval/run.sh: seeds scored with the default model, report by outlet" >&2
  "$slant" score --quiet "$shared/seeds" --out "$work/outlets/seeds_scored.csv" 2>"$work/seeds_score.log"
  "$slant" report --scores "$work/outlets/seeds_scored.csv" --by outlet \
    --report "$work/outlets/seeds" 2>"$work/seeds_report.log"
  python3 "$here/harness.py" copy-report "$work/outlets/seeds" "$reports/seeds" "$root" "$shared"
fi

python3 "$here/harness.py" results "$here" "$shared" "$here/tuning/chosen.args" > "$here/RESULTS.md.tmp"
mv "$here/RESULTS.md.tmp" "$here/RESULTS.md"
echo "eval/run.sh: wrote eval/RESULTS.md" >&2
