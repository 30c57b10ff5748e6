"""Joins labellers' sheets back to references and writes data/realtext/ (labels, never text):

    python3 eval/realtext/collect.py LABELS_DIR

LABELS_DIR holds sheets/keys.csv (from sheet.py), out/batchN.csv and out/batchN_articles.csv (one
labeller each), out/articles_only*.csv (article-level labels of other articles) and, for the
agreement measure, the second annotator's batch named in SECOND below. Writes:

- data/realtext/{train,dev,test}.csv: one labelled sentence per row (reference + labels), split by
  article: every sentence of an article is in one part. The split is fixed: articles are ordered by a
  hash of their id within each article stance, and dealt train, dev, train, test (article-only
  labels: dev, test); an article already in data/realtext/articles.csv keeps its split.
- data/realtext/articles.csv: every labelled article (sentence-labelled or article-only) with its
  split, register, outlet and article stance.
- data/realtext/second_annotator.csv: the second annotator's labels of some articles' sentences
  (references + labels), for the agreement figures in eval/REALTEXT.md.
"""
import csv
import glob
import hashlib
import os
import re
import sys

import refs

SECOND = "batch7"
OUT = os.path.join(refs.ROOT, "data", "realtext")
SENT_COLS = ["dataset", "record_id", "start", "end", "sha256", "stance", "frame", "relevant",
             "article_id", "outlet", "register"]


def order_key(article):
    return hashlib.sha256(("slant-realtext:" + article).encode()).hexdigest()


def main():
    labels_dir = sys.argv[1]
    keys = {r["key"]: r for r in csv.DictReader(open(os.path.join(labels_dir, "sheets", "keys.csv")))}
    tag = re.compile(r"<[A-Za-z/!][^<>]*>|&(?:[A-Za-z]{2,8}|#[0-9]+);")
    first, second, articles = {}, {}, {}
    for path in sorted(glob.glob(os.path.join(labels_dir, "out", "batch*.csv"))):
        name = os.path.basename(path)[:-4]
        if name.endswith("_articles"):
            for r in csv.DictReader(open(path)):
                if name[: -len("_articles")] != SECOND:
                    articles[r["article"]] = {"article_stance": r["article_stance"],
                                              "register": r["register"], "labelled": "sentences"}
            continue
        target = second if name == SECOND else first
        for r in csv.DictReader(open(path)):
            target[r["key"]] = r
    for only in sorted(glob.glob(os.path.join(labels_dir, "out", "articles_only*.csv"))):
        for r in csv.DictReader(open(only)):
            articles.setdefault(r["article"], {"article_stance": r["article_stance"],
                                               "register": r["register"], "labelled": "article",
                                               "relevant": r["relevant"]})
    # Article -> split.
    by_stance = {}
    for a, m in sorted(articles.items()):
        by_stance.setdefault((m["labelled"], m["article_stance"]), []).append(a)
    # Splits already published in data/realtext/articles.csv are kept (a test article never moves
    # to dev or train when more labels arrive); new articles are dealt after them, per group.
    split = {}
    published = os.path.join(OUT, "articles.csv")
    if os.path.exists(published):
        for r in csv.DictReader(open(published)):
            if r["article_id"] in articles:
                split[r["article_id"]] = r["split"]
    for (labelled, _), arts in sorted(by_stance.items()):
        deal = ["train", "dev", "train", "test"] if labelled == "sentences" else ["dev", "test"]
        start = sum(1 for a in arts if a in split)
        new = [a for a in sorted(arts, key=order_key) if a not in split]
        for i, a in enumerate(new, start):
            split[a] = deal[i % len(deal)]
    dropped = 0
    rows = {"train": [], "dev": [], "test": []}
    outlets = {}
    for key, lab in sorted(first.items()):
        k = keys[key]
        raw = refs.raw_bytes(k["dataset"], k["record_id"])[int(k["start"]):int(k["end"])]
        if tag.search(raw.decode("utf-8")):
            dropped += 1  # HTML inside the span: slant reads the raw span, so leave it out
            continue
        a = k["article"]
        outlets[a] = k["outlet"]
        rows[split[a]].append([k["dataset"], k["record_id"], k["start"], k["end"], k["sha256"],
                               lab["stance"], lab["frame"], lab["relevant"], a, k["outlet"],
                               articles[a]["register"]])
    os.makedirs(OUT, exist_ok=True)
    for part, rs in rows.items():
        with open(os.path.join(OUT, f"{part}.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(SENT_COLS)
            w.writerows(rs)
        print(f"{part}: {len(rs)} sentences in {len({r[8] for r in rs})} articles")
    with open(os.path.join(OUT, "articles.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["article_id", "outlet", "register", "article_stance", "relevant", "labelled", "split"])
        for a, m in sorted(articles.items()):
            ds, rid = a.split(":", 1)
            outlet = outlets.get(a, "")
            if not outlet and ds == "article_bias_sample":
                outlet = refs.records(ds)[rid]["outlet"]
            w.writerow([a, outlet, m["register"], m["article_stance"], m.get("relevant", "yes"),
                        m["labelled"], split[a]])
    with open(os.path.join(OUT, "second_annotator.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(SENT_COLS)
        for key, lab in sorted(second.items()):
            k = keys[key]
            a = k["article"]
            w.writerow([k["dataset"], k["record_id"], k["start"], k["end"], k["sha256"], lab["stance"],
                        lab["frame"], lab["relevant"], a, k["outlet"], articles[a]["register"]])
    print(f"{len(articles)} articles; {len(second)} second-annotator labels; {dropped} spans with HTML left out")


if __name__ == "__main__":
    main()
