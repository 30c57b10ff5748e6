#!/usr/bin/env python3
"""Nested cross-validation of slant on the identical folds of an evaluation in eval/datasets.txt.

  python3 eval/tuning/nested.py NAME... [--slant target/release/slant]

For each outer fold k of the evaluation's fold file, every candidate configuration (CANDIDATES
below) is scored by an inner cross-validation on the outer-training rows only: the other four
outer folds, each in turn the inner test fold (`slant eval --folds-file` with fold k's rows
removed). The candidate with the best inner mean macro-F1 is then trained on the four folds and
tested on fold k; the outer-fold scores are what is reported. Fold k is never seen when choosing.
Writes eval/tuning/nested/NAME.json (inner scores, choices, outer scores).

  --reuse   take the inner score of a candidate from the existing nested/NAME.json when that file
            scored the same candidate (identical arguments) on the same fold file, instead of
            re-running it (slant is deterministic: the same arguments give the same scores).
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
EVAL = os.path.dirname(HERE)
ROOT = os.path.dirname(EVAL)

CANDIDATES = {
    # the first, unconstrained global choice of tune.py (search_unconstrained.csv)
    "global": "--ngram-max 1 --min-df 1 --weighting tf -C 3.3333333333333335 --class-weight balanced "
              "--no-lexicon-categories --no-lexicon-terms",
    # the same with bigrams
    "global_bigrams": "--ngram-max 2 --min-df 1 --weighting tf -C 3.3333333333333335 --class-weight balanced "
                      "--no-lexicon-categories --no-lexicon-terms",
    # bigrams, sublinear tf-idf, both kinds of lexicon features, balanced, C 10
    "bigrams_lexicon_c10": "--ngram-max 2 --min-df 1 --weighting tfidf -C 10 --class-weight balanced --lexicon-terms",
    # slant's options before tune.py chose its defaults (per-term lexicon features were on then;
    # every lexicon switch is explicit so that a candidate means the same whatever the defaults)
    "defaults": "--ngram-max 2 --min-df 2 --weighting tfidf -C 1 --class-weight none --lexicon-terms",
    # bigrams, sublinear tf-idf, balanced, C 3, plus character n-grams within words (char min_df 2):
    # the shape of the best scikit-learn stack in eval/experiments/README.md
    "bigrams_chars35": "--ngram-max 2 --min-df 1 --weighting tfidf -C 3 --class-weight balanced "
                       "--no-lexicon-categories --no-lexicon-terms --char-ngrams 3-5",
    # the same with 2-5-grams
    "bigrams_chars25": "--ngram-max 2 --min-df 1 --weighting tfidf -C 3 --class-weight balanced "
                       "--no-lexicon-categories --no-lexicon-terms --char-ngrams 2-5",
}


def shared_dir():
    for c in (os.environ.get("SLANT_SHARED"), os.path.join(ROOT, "..", "shared"),
              os.path.join(ROOT, "..", "..", "shared")):
        if c and os.path.isdir(os.path.join(c, "datasets")):
            return c
    sys.exit("shared data not found (SLANT_SHARED)")


def evaluation(name):
    with open(os.path.join(EVAL, "datasets.txt"), encoding="utf-8") as f:
        for line in f:
            parts = [x.strip() for x in line.split("|")]
            if parts[0] == name:
                return parts
    sys.exit(f"{name}: not in eval/datasets.txt")


def run(slant, data, folds, args):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([slant, "eval", "--data", data, "--label", "label", "--folds-file", folds,
                        *args.split(), "--report", tmp, "--json"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(tmp, "metrics.json"), encoding="utf-8") as f:
            m = json.load(f)
    return {fo["name"]: fo for fo in m["folds"]}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("names", nargs="+")
    p.add_argument("--slant", default=os.path.join(ROOT, "target", "release", "slant"))
    p.add_argument("--reuse", action="store_true", help="reuse inner scores of unchanged candidates")
    a = p.parse_args()
    shared = shared_dir()
    os.makedirs(os.path.join(HERE, "nested"), exist_ok=True)
    for name in a.names:
        _, folder, _, _, fold_file, _ = evaluation(name)
        data = os.path.join(shared, "datasets", folder, "sentences.csv")
        folds_path = os.path.join(shared, "bench", "folds", fold_file + ".csv")
        with open(folds_path, newline="", encoding="utf-8") as f:
            fold_rows = list(csv.DictReader(f))
        outer = sorted({r["fold"] for r in fold_rows}, key=int)
        previous = {}
        old_path = os.path.join(HERE, "nested", name + ".json")
        if a.reuse and os.path.exists(old_path):
            with open(old_path, encoding="utf-8") as f:
                old = json.load(f)
            if old.get("fold_file") == fold_file:
                same = {c for c, args in old["candidates"].items() if CANDIDATES.get(c) == args}
                previous = {k: {c: v for c, v in s.items() if c in same}
                            for k, s in old["inner_mean_macro_f1"].items()}
        inner_scores, choice = {}, {}
        for k in outer:
            with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="",
                                             encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(["row", "id", "fold"])
                for r in fold_rows:
                    if r["fold"] != k:
                        w.writerow([r["row"], r["id"], r["fold"]])
                inner_path = f.name
            try:
                inner_scores[k] = {}
                for cand, args in CANDIDATES.items():
                    if cand in previous.get(k, {}):
                        inner_scores[k][cand] = previous[k][cand]
                        continue
                    folds = run(a.slant, data, inner_path, args)
                    inner_scores[k][cand] = statistics.fmean(fo["macro_f1"] for fo in folds.values())
            finally:
                os.unlink(inner_path)
            choice[k] = max(inner_scores[k], key=inner_scores[k].get)
            print(f"{name} outer fold {k}: inner " + " ".join(
                f"{c}={v:.4f}" for c, v in inner_scores[k].items()) + f" -> {choice[k]}",
                  file=sys.stderr, flush=True)
        outer_runs = {c: run(a.slant, data, folds_path, CANDIDATES[c]) for c in sorted(set(choice.values()))}
        folds_out = []
        for k in outer:
            fo = outer_runs[choice[k]][k]
            folds_out.append({"fold": k, "chosen": choice[k], "macro_f1": fo["macro_f1"],
                              "train_seconds": fo["train_seconds"], "confusion": fo["confusion"]})
        f1s = [fo["macro_f1"] for fo in folds_out]
        report = {"name": name, "fold_file": fold_file, "candidates": CANDIDATES,
                  "inner_mean_macro_f1": inner_scores, "folds": folds_out,
                  "macro_f1_mean": statistics.fmean(f1s), "macro_f1_std": statistics.pstdev(f1s),
                  "command": "python3 eval/tuning/nested.py " + ("--reuse " if a.reuse else "") + name}
        with open(os.path.join(HERE, "nested", name + ".json"), "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
            f.write("\n")
        print(f"{name}: nested macro-F1 {report['macro_f1_mean']:.4f} ± {report['macro_f1_std']:.4f}",
              file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
