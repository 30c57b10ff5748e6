#!/usr/bin/env python3
"""Quick feature-family experiments with scikit-learn on the identical CV folds of eval/datasets.txt.

  PY=eval/.venv-peers/bin/python   # any python with scikit-learn, numpy, scipy
  $PY eval/experiments/charexp.py babe newsmtsc tweeteval_stance [--configs word,word_char25,...]

For each evaluation NAME, the rows are made exactly as eval/run.sh makes them (the peers'
split.py with the evaluation's arguments, into a temporary directory, then the `cv on` part) and
checked against the fold file's ids; each configuration is scored by 5-fold CV on the fold file's
folds (mean ± population std of macro-F1). Prints one line per (data set, configuration);
nothing is written to the repository.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.dirname(HERE)
ROOT = os.path.dirname(EVAL)
csv.field_size_limit(sys.maxsize)


def shared_dir():
    for c in (os.environ.get("SLANT_SHARED"), os.path.join(ROOT, "..", "shared"),
              os.path.join(ROOT, "..", "..", "shared"), "/work/shared"):
        if c and os.path.isdir(os.path.join(c, "datasets")):
            return c
    sys.exit("shared data not found (SLANT_SHARED)")


def load(name, shared):
    with open(os.path.join(EVAL, "datasets.txt"), encoding="utf-8") as f:
        for line in f:
            p = [x.strip() for x in line.split("|")]
            if p[0] == name:
                break
        else:
            sys.exit(f"{name}: not in eval/datasets.txt")
    _, folder, split_args, cv_on, fold_file, _ = p
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(shared, "bench", "peers", "split.py"),
                        os.path.join(shared, "datasets", folder, "sentences.csv"), "--out", tmp,
                        *split_args.split()], check=True, stderr=subprocess.DEVNULL)
        with open(os.path.join(tmp, cv_on + ".csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    with open(os.path.join(shared, "bench", "folds", fold_file + ".csv"), newline="", encoding="utf-8") as f:
        folds = list(csv.DictReader(f))
    assert len(folds) == len(rows)
    fold = np.zeros(len(rows), dtype=int)
    for r in folds:
        i = int(r["row"])
        assert rows[i]["id"] == r["id"], (i, r["id"])
        fold[i] = int(r["fold"])
    return [r["text"] for r in rows], np.array([r["label"] for r in rows]), fold


def word(min_df=1):
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df)


def char(lo, hi, min_df=1, analyzer="char_wb"):
    return TfidfVectorizer(analyzer=analyzer, ngram_range=(lo, hi), sublinear_tf=True, min_df=min_df)


def nb_ratio(X, y, alpha=1.0):
    """NBSVM log-count ratios (Wang & Manning 2012), one vector per class (one-vs-rest)."""
    Xb = (X > 0).astype(np.float64)
    out = []
    for c in np.unique(y):
        p = alpha + np.asarray(Xb[y == c].sum(0)).ravel()
        q = alpha + np.asarray(Xb[y != c].sum(0)).ravel()
        out.append(np.log((p / p.sum()) / (q / q.sum())))
    return out


CONFIGS = {
    # name: (vectorizer factories, C, NB-weighted)
    "word_c1": ([word], 1, False),
    "word_c10": ([word], 10, False),
    "word_c3": ([word], 3, False),
    "char25_c3": ([lambda: char(2, 5)], 3, False),
    "word_char25_c3": ([word, lambda: char(2, 5)], 3, False),
    "word_char25_c10": ([word, lambda: char(2, 5)], 10, False),
    "word_char35_c3": ([word, lambda: char(3, 5)], 3, False),
    "word_char35_c10": ([word, lambda: char(3, 5)], 10, False),
    "word_char35df2_c10": ([word, lambda: char(3, 5, 2)], 10, False),
    "word_nb_c3": ([word], 3, True),
    "word_char35_nb_c3": ([word, lambda: char(3, 5)], 3, True),
}


def run(texts, y, fold, cfg):
    makers, C, nb = CONFIGS[cfg]
    f1s, secs = [], []
    for k in sorted(set(fold)):
        tr, te = fold != k, fold == k
        t0 = time.time()
        vecs = [m() for m in makers]
        Xtr = sp.hstack([v.fit_transform([texts[i] for i in np.where(tr)[0]]) for v in vecs]).tocsr()
        Xte = sp.hstack([v.transform([texts[i] for i in np.where(te)[0]]) for v in vecs]).tocsr()
        ytr = y[tr]
        if nb:
            classes = np.unique(ytr)
            rs = nb_ratio(Xtr, ytr)
            scores = []
            for c, r in zip(classes, rs):
                clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
                clf.fit(Xtr.multiply(r).tocsr(), (ytr == c).astype(int))
                scores.append(clf.decision_function(Xte.multiply(r).tocsr()))
            pred = classes[np.argmax(np.vstack(scores), axis=0)] if len(classes) > 2 else \
                np.where(scores[1] > 0, classes[1], classes[0]) if len(classes) == 2 else None
        else:
            clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
            clf.fit(Xtr, ytr)
            pred = clf.predict(Xte)
        secs.append(time.time() - t0)
        f1s.append(f1_score(y[te], pred, average="macro"))
    return statistics.fmean(f1s), statistics.pstdev(f1s), statistics.fmean(secs)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("names", nargs="+")
    p.add_argument("--configs", default=",".join(CONFIGS))
    a = p.parse_args()
    shared = shared_dir()
    for name in a.names:
        texts, y, fold = load(name, shared)
        for cfg in a.configs.split(","):
            m, s, t = run(texts, y, fold, cfg)
            print(f"{name:26s} {cfg:22s} {m:.4f} ± {s:.4f}  {t:6.1f} s/fold", flush=True)


if __name__ == "__main__":
    main()
