#!/usr/bin/env python3
"""Helpers of eval/run.sh (standard library only).

  harness.py check-folds SPLIT.csv FOLDS.csv   fail unless FOLDS' `row` numbers point at the same ids
  harness.py clean-peer REPORT.json ROOT SHARED  print a peer report with paths made relative
  harness.py clean-slant METRICS.json SHARED   print slant's metrics.json with SHARED shown as $SLANT_SHARED
  harness.py copy-report SRC DST ROOT SHARED  copy a --report folder's committable files (no text)
  harness.py results EVAL_DIR SHARED ARGS      print eval/RESULTS.md from the JSON files
"""
import csv
import json
import os
import shutil
import statistics
import sys

csv.field_size_limit(sys.maxsize)


def check_folds(split_csv, folds_csv):
    with open(split_csv, newline="", encoding="utf-8") as f:
        ids = [r["id"] for r in csv.DictReader(f)]
    with open(folds_csv, newline="", encoding="utf-8") as f:
        folds = list(csv.DictReader(f))
    if len(folds) != len(ids):
        sys.exit(f"{folds_csv}: {len(folds)} rows but {split_csv} has {len(ids)}")
    for r in folds:
        i = int(r["row"])
        if ids[i] != r["id"]:
            sys.exit(f"{folds_csv}: row {i} is id {r['id']} but {split_csv} has {ids[i]} there")


def replace_paths(obj, old, new):
    if isinstance(obj, dict):
        return {k: replace_paths(v, old, new) for k, v in obj.items()}
    if isinstance(obj, list):
        return [replace_paths(v, old, new) for v in obj]
    if isinstance(obj, str) and old in obj:
        return obj.replace(old, new)
    return obj


def clean(path, old, new):
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    print(json.dumps(replace_paths(report, old.rstrip("/") + "/", new), indent=1))


# Files of a `--report` folder that hold only numbers, labels and terms. predictions.csv (and any
# scored sentences) repeat data-set text and are never committed.
REPORT_FILES = ("report.md", "report.html", "report.json", "metrics.json", "outlets.csv",
                "outlet_shares.csv", "outlet_terms.csv", "per_class.csv", "confusion.csv")


def copy_report(src, dst, root, shared):
    """Copy SRC's committable report files to DST, with machine paths made relative."""
    if not os.path.isdir(src):
        sys.exit(f"harness.py copy-report: {src}: no such report folder")
    tmp = dst.rstrip("/") + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for name in REPORT_FILES:
        path = os.path.join(src, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for old, new in ((shared.rstrip("/") + "/", "$SLANT_SHARED/"),
                         (os.path.join(root, "eval", ".work") + "/", "eval/.work/"),
                         (root.rstrip("/") + "/", "")):
            text = text.replace(old, new)
        with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
            f.write(text)
    shutil.rmtree(dst, ignore_errors=True)
    os.rename(tmp, dst)


# ---------------------------------------------------------------- RESULTS.md

def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def mean_std(xs):
    """Mean and population std (ddof=0, as the peers' reports)."""
    return statistics.fmean(xs), statistics.pstdev(xs)


def f1_from_confusion(conf, i):
    tp = conf[i][i]
    fp = sum(conf[g][i] for g in range(len(conf))) - tp
    fn = sum(conf[i]) - tp
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


class Run:
    """Per-fold macro-F1 (and the TweetEval metric) of one system on one evaluation."""

    def __init__(self, macro, train_s, favor_against=None, n=None, classes=None):
        self.macro = macro
        self.train_s = train_s
        self.favor_against = favor_against
        self.n = n
        self.classes = classes

    @staticmethod
    def of_peer(r):
        folds = r["folds"]
        fa = None
        if {"favor", "against"} <= set(r["classes"]):
            fa = [(f["per_class_f1"].get("favor", 0.0) + f["per_class_f1"].get("against", 0.0)) / 2
                  for f in folds]
        return Run([f["macro_f1"] for f in folds], [f["train_s"] for f in folds], fa,
                   r["n_train"], r["classes"])

    @staticmethod
    def of_slant(r):
        folds = r["folds"]
        fa = None
        classes = r["classes"]
        if {"favor", "against"} <= set(classes):
            a, b = classes.index("favor"), classes.index("against")
            fa = [(f1_from_confusion(f["confusion"], a) + f1_from_confusion(f["confusion"], b)) / 2
                  for f in folds]
        return Run([f["macro_f1"] for f in folds], [f["train_seconds"] for f in folds], fa,
                   r["data"]["rows_evaluated"], classes)

    @staticmethod
    def of_nested(r, like):
        folds = r["folds"]
        classes = like.classes if like else None
        fa = None
        if classes and {"favor", "against"} <= set(classes):
            a, b = classes.index("favor"), classes.index("against")
            fa = [(f1_from_confusion(f["confusion"], a) + f1_from_confusion(f["confusion"], b)) / 2
                  for f in folds]
        return Run([f["macro_f1"] for f in folds], [f["train_seconds"] for f in folds], fa,
                   like.n if like else None, classes)

    def cell(self, metric="macro"):
        xs = self.macro if metric == "macro" else self.favor_against
        m, s = mean_std(xs)
        return f"{m:.3f} ± {s:.3f}"

    def mean(self, metric="macro"):
        return statistics.fmean(self.macro if metric == "macro" else self.favor_against)


PEERS = [("sklearn", "sklearn"), ("fasttext", "fastText"), ("vw", "VW")]
TUNED_PEER = ("sklearn_tuned", "sklearn C=10 balanced")

# Published numbers, transcribed from each data set's SOURCE.md (see there for the caveats).
PUBLISHED = {
    "babe": "BERT + distant supervision, macro-F1 0.804 (5-fold CV, Spinde et al. 2021); DA-RoBERTa F1 0.814",
    "babe_grouped": "as babe (the paper's folds are not grouped)",
    "mbic_sg1": "RoBERTa + distant supervision, F1 0.80 (5-fold CV)",
    "mbic": "none for the crowd labels (SG1 expert labels: see mbic_sg1)",
    "biasedsents": "none given in SOURCE.md",
    "ukraine_news_bias": "none given in SOURCE.md",
    "newsmtsc": "GRU-TSC (RoBERTa) macro-F1 83.1 test_rw / 83.3 test_mt; pre-BERT at most 63.3 (on other TSC sets); "
                "these see the target, slant and the peers do not",
    "tweeteval_stance": "official (F1 favor + F1 against)/2 on the test set: SVM n-grams 67.3, FastText 65.4, "
                        "RoBERTa-base 68.0, TimeLMs 72.9",
    "gvfc": "BERT on the 1,300 framed headlines (9 frames, not the 11 labels here): accuracy about 84 % "
            "(unverified recollection, SOURCE.md)",
    "ptc_propaganda_grouped": "NLP4IF-2019 SLC test F1 (propaganda class) about 0.63 (BERT), LR baseline about 0.43 "
                              "(different split and metric)",
    "ptc_propaganda": "as ptc_propaganda_grouped",
    "semeval23_persuasion_en": "no official number for the binary label (task metric is micro-F1 over 23 techniques)",
    "article_bias_sample": "CV on train shares outlets across folds (measures outlet detection). Peers not run by "
                           "`run.sh` unless --slow-peers; on these folds ../shared/bench/peers/RESULTS.md has sklearn "
                           "0.735 ± 0.022, fastText 0.760 ± 0.020, VW 0.812 ± 0.014",
}


def read_datasets(eval_dir):
    out = []
    with open(os.path.join(eval_dir, "datasets.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, folder, split_args, cv_on, fold_file, role = [x.strip() for x in line.split("|")]
            out.append(dict(name=name, folder=folder, split_args=split_args, cv_on=cv_on,
                            fold_file=fold_file, role=role))
    return out


def results(eval_dir, shared, args_path):
    sets = read_datasets(eval_dir)
    with open(args_path, encoding="utf-8") as f:
        tuned_args = " ".join(l.strip() for l in f if l.strip() and not l.startswith("#"))
    rows = []
    for d in sets:
        name = d["name"]
        p = lambda s: os.path.join(eval_dir, "results", "peers", f"{name}_{s}.json")  # noqa: E731
        q = lambda v: os.path.join(eval_dir, "results", "slant", f"{name}_{v}.json")  # noqa: E731
        runs = {}
        for key, _ in PEERS + [TUNED_PEER]:
            if os.path.exists(p(key)):
                runs[key] = Run.of_peer(load(p(key)))
        if os.path.exists(q("defaults")):
            runs["slant_defaults"] = Run.of_slant(load(q("defaults")))
        nested = os.path.join(eval_dir, "tuning", "nested", f"{name}.json")
        if os.path.exists(nested):
            runs["slant_nested"] = Run.of_nested(load(nested), runs.get("slant_defaults"))
        rows.append((d, runs))

    o = []
    w = o.append
    w("# slant against the peers, on identical folds")
    w("")
    w("Made by `bash eval/run.sh` (this file is its output; do not edit by hand). Every number is the")
    w("mean ± population std (ddof 0, as the peers' reports) over the 5 folds of the fold file named in")
    w("the table, read from `../shared/bench/folds`; all systems train and test on exactly the same rows.")
    w("Peers: `../shared/bench/peers/peer.py` at its defaults (sklearn TF-IDF 1-2-grams + LR C=1;")
    w("fastText wordNgrams 2; VW oaa logistic 2-grams), plus the stronger sklearn variant the peers'")
    w("README names (`--C 10 --balanced`). Peer reports are cached in `eval/results/peers/`")
    w("(`--rerun-peers` re-runs them); slant is re-run every time (release build) and its metrics are in")
    w("`eval/results/slant/`.")
    w("")
    w(f"- **slant defaults**: `slant eval {tuned_args}`, i.e. slant's default options (what `slant train`")
    w("  uses without options), which are the configuration chosen by cross-validation on tuning data only")
    w("  (`eval/tuning/tune.py`, never on the folds below of an acceptance data set); `run.sh` passes them")
    w("  explicitly from `eval/tuning/chosen.args`.")
    w("- **slant nested**: per data set, per outer fold, the candidate configuration (`eval/tuning/nested.py`,")
    w("  including character n-grams) with the best inner-CV score on that fold's training rows.")
    w("- **best peer** is the best of sklearn, fastText and VW at their defaults (the peers' own")
    w("  `RESULTS.md` tables); Δ is slant minus it.")
    w("- All systems see the sentence text only (no target, outlet or article columns): for newsmtsc the")
    w("  peers read `text` (the sentence) and never the `target`, and so does slant here.")
    w("")
    w("## Macro-F1")
    w("")
    w("| data set | folds (CV on) | rows | classes | sklearn | fastText | VW | sklearn C=10 bal. | slant defaults | slant nested | best peer | Δ defaults | Δ nested | accept (defaults / nested) |")
    w("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|")
    for d, runs in rows:
        def c(k, metric="macro"):
            r = runs.get(k)
            return r.cell(metric) if r and (metric == "macro" or r.favor_against) else "–"
        peers_here = [runs[k] for k, _ in PEERS if k in runs]
        best = max((r.mean() for r in peers_here), default=None)
        t = runs.get("slant_defaults")
        nn = runs.get("slant_nested")
        delta = f"{t.mean() - best:+.3f}" if (t and best is not None) else "–"
        delta_n = f"{nn.mean() - best:+.3f}" if (nn and best is not None) else "–"
        acc = ""
        if d["role"] == "accept" and t and best is not None:
            yn = lambda r: ("yes" if r.mean() >= best else "**no**") if r else "–"  # noqa: E731
            acc = f"{yn(t)} / {yn(nn)}"
        n = next((r.n for r in runs.values() if r.n), "")
        k = next((len(r.classes) for r in runs.values() if r.classes), "")
        bp = f"{best:.3f}" if best is not None else "–"
        w(f"| {d['name']} | `{d['fold_file']}` ({d['cv_on']}) | {n} | {k} | {c('sklearn')} | {c('fasttext')} "
          f"| {c('vw')} | {c('sklearn_tuned')} | {c('slant_defaults')} | {c('slant_nested')} "
          f"| {bp} | {delta} | {delta_n} | {acc} |")
    w("")
    w("`accept` marks the seven acceptance data sets of issue 3: yes when slant's mean macro-F1 is at least")
    w("the best peer's, for slant defaults (one global configuration) and for slant nested (per outer fold, the")
    w("configuration with the best inner-CV score on that fold's training rows, from `eval/tuning/nested.py`;")
    w("cached in `eval/tuning/nested/`, not re-run by `run.sh`). \"–\" = not run.")
    w("biasedsents and ukraine_news_bias were among the data used to choose slant's defaults, so their")
    w("slant defaults numbers are optimistic; see `eval/tuning/`.")
    w("")
    fa_rows = [(d, runs) for d, runs in rows if any(r.favor_against for r in runs.values())]
    if fa_rows:
        w("## TweetEval's official metric, (F1 favor + F1 against) / 2, per fold")
        w("")
        w("| data set | sklearn | fastText | VW | sklearn C=10 bal. | slant defaults | slant nested |")
        w("|---|--:|--:|--:|--:|--:|--:|")
        for d, runs in fa_rows:
            cells = []
            for k in ("sklearn", "fasttext", "vw", "sklearn_tuned", "slant_defaults", "slant_nested"):
                r = runs.get(k)
                cells.append(r.cell("fa") if r and r.favor_against else "–")
            w(f"| {d['name']} | " + " | ".join(cells) + " |")
        w("")
        w("These are 5-fold CV scores on the TweetEval train part, with the five targets pooled and never")
        w("shown to the model; the leaderboard numbers below are on the test set.")
        w("")
    w("## Training seconds per fold (mean)")
    w("")
    w("Wall-clock seconds to build the features and fit, one thread each, on a 2-core machine shared with")
    w("other jobs: indicative only (peer timings come from the cached run, slant's from this one).")
    w("")
    w("| data set | sklearn | fastText | VW | sklearn C=10 bal. | slant defaults | slant nested |")
    w("|---|--:|--:|--:|--:|--:|--:|")
    for d, runs in rows:
        cells = []
        for k in ("sklearn", "fasttext", "vw", "sklearn_tuned", "slant_defaults", "slant_nested"):
            r = runs.get(k)
            cells.append(f"{statistics.fmean(r.train_s):.2f}" if r else "–")
        w(f"| {d['name']} | " + " | ".join(cells) + " |")
    w("")
    w("## Published numbers (from each data set's SOURCE.md)")
    w("")
    w("Not comparable one to one (other splits, metrics or label sets, and fine-tuned transformers); shown")
    w("so that the scale is clear.")
    w("")
    w("| data set | published |")
    w("|---|---|")
    for d, _ in rows:
        w(f"| {d['name']} | {PUBLISHED.get(d['name'], '')} |")
    w("")
    outlet_reports(eval_dir, w)
    notes = os.path.join(eval_dir, "NOTES.md")
    if os.path.exists(notes):
        with open(notes, encoding="utf-8") as f:
            w(f.read().rstrip())
        w("")
    print("\n".join(o))


OUTLET_REPORTS = (
    ("babe", "BABE, 5-fold CV on `babe_all` (out-of-fold predictions), slant defaults"),
    ("mbic", "MBIC (crowd labels), 5-fold CV on `mbic_train`, slant defaults"),
    ("biasedsents", "BiasedSents, 5-fold CV on `biasedsents_train`, slant defaults"),
    ("article_bias_sample_media", "Article-Bias-Prediction sample, media split: trained on the train "
     "part, tested on the test part (its outlets are not in the training part), slant defaults"),
    ("seeds", "The five seed articles (`../shared/seeds`), scored with the bundled default model "
     "(`models/default.slant.json`), `slant report --by outlet`"),
)


def section(lines, heading, stop):
    """Lines from `heading` up to (not including) the next line that starts with one of `stop`."""
    out, inside = [], False
    for line in lines:
        if line.strip() == heading:
            inside = True
            continue
        if inside and line.startswith(stop):
            break
        if inside:
            out.append(line)
    return out


def outlet_reports(eval_dir, w):
    """The per-outlet section: each report's outlet table and warnings, linked to the full report."""
    w("## Per-outlet reports")
    w("")
    w("Made by the same `eval/run.sh` run; the full reports (Markdown, HTML with charts, JSON, CSV")
    w("tables) are in `eval/results/outlets/<name>/`. Shares carry 95% bootstrap intervals over")
    w("articles (seed 13); `*` marks small n.")
    w("")
    for name, title in OUTLET_REPORTS:
        path = os.path.join(eval_dir, "results", "outlets", name, "report.md")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        w(f"### {name}: {title}")
        w("")
        w(f"Full report: [`results/outlets/{name}/report.md`](results/outlets/{name}/report.md),"
          f" [`report.html`](results/outlets/{name}/report.html).")
        warnings = [l for l in section(lines, "## Warnings", ("## ",)) if l.strip()]
        if warnings:
            w("")
            w("Warnings:")
            w("")
            for l in warnings:
                w(l)
        for l in section(lines, "## By outlet", ("## ",)):
            w("#" + l if l.startswith("###") else l)
        w("")


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "check-folds" and len(sys.argv) == 4:
        check_folds(sys.argv[2], sys.argv[3])
    elif cmd == "clean-peer" and len(sys.argv) == 5:
        with open(sys.argv[2], encoding="utf-8") as f:
            report = replace_paths(json.load(f), sys.argv[3].rstrip("/") + "/", "")
        print(json.dumps(replace_paths(report, sys.argv[4].rstrip("/") + "/", "$SLANT_SHARED/"), indent=1))
    elif cmd == "clean-slant" and len(sys.argv) == 4:
        clean(sys.argv[2], sys.argv[3], "$SLANT_SHARED/")
    elif cmd == "copy-report" and len(sys.argv) == 6:
        copy_report(*sys.argv[2:6])
    elif cmd == "results" and len(sys.argv) == 5:
        results(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
