#!/usr/bin/env python3
"""Choose slant's default feature and classifier options by cross-validation on TUNING data only.

  python3 eval/tuning/tune.py [--slant target/release/slant] [--shared ../shared]

Tuning tasks (none of them is an acceptance data set of issue 3, and none shares texts with one):
  - bundled data/sentences.csv, label `stance` (stratified 5-fold, seed 13)
  - bundled data/sentences.csv, label `frame`  (stratified 5-fold, seed 13)
  - biasedsents        on ../shared/bench/folds/biasedsents_train.csv       (its train part only)
  - ukraine_news_bias  on ../shared/bench/folds/ukraine_news_bias_train.csv (its train part only)
The score of a configuration is the mean over the four tasks of the 5-fold mean macro-F1.
The search is staged (coordinate-wise): C x class weight; then n-gram range x min_df; then
weighting x lexicon features; then C again around the best. Every configuration tried, with
each task's score, goes to eval/tuning/search.csv; the winner to eval/tuning/chosen.args.
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def tasks(shared):
    ds, folds = os.path.join(shared, "datasets"), os.path.join(shared, "bench", "folds")
    bundled = os.path.join(ROOT, "data", "sentences.csv")
    return [
        ("bundled_stance", ["--data", bundled, "--label", "stance"]),
        ("bundled_frame", ["--data", bundled, "--label", "frame"]),
        ("biasedsents", ["--data", os.path.join(ds, "biasedsents", "sentences.csv"), "--label", "label",
                         "--folds-file", os.path.join(folds, "biasedsents_train.csv")]),
        ("ukraine_news_bias", ["--data", os.path.join(ds, "ukraine_news_bias", "sentences.csv"),
                               "--label", "label",
                               "--folds-file", os.path.join(folds, "ukraine_news_bias_train.csv")]),
    ]


# Where the search starts: slant's options before this search chose its defaults.
DEFAULT = {"ngram_max": 2, "min_df": 2, "weighting": "tfidf", "lexicon": "both", "C": 1.0,
           "class_weight": "none"}


def args_of(cfg):
    a = ["--ngram-max", str(cfg["ngram_max"]), "--min-df", str(cfg["min_df"]),
         "--weighting", cfg["weighting"], "-C", repr(float(cfg["C"])),
         "--class-weight", cfg["class_weight"]]
    # Both lexicon switches are explicit, so that the arguments mean the same whatever the defaults.
    if cfg["lexicon"] in ("none", "terms"):
        a.append("--no-lexicon-categories")
    a.append("--lexicon-terms" if cfg["lexicon"] in ("both", "terms") else "--no-lexicon-terms")
    return a


def key(cfg):
    return tuple(sorted(cfg.items()))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--slant", default=os.path.join(ROOT, "target", "release", "slant"))
    p.add_argument("--shared", default=os.environ.get("SLANT_SHARED") or next(
        (c for c in (os.path.join(ROOT, "..", "shared"), os.path.join(ROOT, "..", "..", "shared"))
         if os.path.isdir(os.path.join(c, "datasets"))), None))
    a = p.parse_args()
    if not a.shared:
        sys.exit("shared data not found (--shared or SLANT_SHARED)")
    task_list = tasks(a.shared)
    seen = {}
    log = []

    def score(cfg):
        k = key(cfg)
        if k in seen:
            return seen[k]
        per_task = {}
        for name, targs in task_list:
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run([a.slant, "eval", *targs, *args_of(cfg), "--report", tmp, "--json"],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                with open(os.path.join(tmp, "metrics.json"), encoding="utf-8") as f:
                    m = json.load(f)
            f1s = [fo["macro_f1"] for fo in m["folds"]]
            per_task[name] = statistics.fmean(f1s)
        total = statistics.fmean(per_task.values())
        seen[k] = total
        log.append((dict(cfg), per_task, total))
        print(f"{total:.4f}  " + " ".join(f"{n}={v:.4f}" for n, v in per_task.items()) + "  "
              + " ".join(args_of(cfg)), file=sys.stderr, flush=True)
        return total

    def best_of(cands):
        return max(cands, key=score)

    best = dict(DEFAULT)
    # Stage 1: C x class weight.
    best = best_of([{**best, "C": c, "class_weight": w} for w in ("none", "balanced")
                    for c in (0.3, 1.0, 3.0, 10.0, 30.0)])
    # Stage 2: n-gram range x min_df.
    best = best_of([{**best, "ngram_max": n, "min_df": m} for n in (1, 2, 3) for m in (1, 2, 3)])
    # Stage 3: weighting x lexicon features. The lexicon stays in the model (a product decision
    # made before the search: loaded-term hits are features by design, and `slant explain` shows
    # their categories' weights), so only its form is searched: both kinds, categories only,
    # terms only. (The first search, with "none" allowed, is in search_unconstrained.csv.)
    best = best_of([{**best, "weighting": wt, "lexicon": lx} for wt in ("tfidf", "tf", "binary")
                    for lx in ("both", "categories", "terms")])
    # Stage 4: C again around the best, with the final features.
    c = best["C"]
    best = best_of([{**best, "C": x} for x in (c / 3, c / 2, c, c * 2, c * 3)])

    with open(os.path.join(HERE, "search.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        names = [n for n, _ in task_list]
        w.writerow(["order", "mean_macro_f1", *names, "C", "class_weight", "ngram_max", "min_df",
                    "weighting", "lexicon", "args"])
        for i, (cfg, per_task, total) in enumerate(log):
            w.writerow([i, f"{total:.4f}", *[f"{per_task[n]:.4f}" for n in names], cfg["C"],
                        cfg["class_weight"], cfg["ngram_max"], cfg["min_df"], cfg["weighting"],
                        cfg["lexicon"], " ".join(args_of(cfg))])
    with open(os.path.join(HERE, "chosen.args"), "w", encoding="utf-8") as f:
        f.write("# chosen by eval/tuning/tune.py (mean 5-fold macro-F1 over the tuning tasks "
                f"{score(best):.4f}; starting point {score(DEFAULT):.4f})\n")
        f.write(" ".join(args_of(best)) + "\n")
    print(" ".join(args_of(best)))


if __name__ == "__main__":
    main()
