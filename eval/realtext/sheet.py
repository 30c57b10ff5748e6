"""Labelling sheets for real articles read in place from ../shared.

    python3 eval/realtext/sheet.py ARTICLES.tsv OUTDIR

ARTICLES.tsv: one article per line, `dataset<TAB>article_id` (for article-level data sets the
article id is the record id; for sentence-level ones, e.g. ukraine_news_bias, every record with
that `article_id`, in file order). Writes, outside the project, OUTDIR/<key>.txt (the article's
sentences, numbered, for a labeller to read) and OUTDIR/keys.csv (per sentence key: data set,
record id, raw byte span, sha256). Labels come back keyed by sentence key; `collect.py` joins them
to the references. Nothing of the text is written into the project.
"""
import csv
import os
import sys

import refs


def article_records(dataset, article_id):
    recs = refs.records(dataset)
    if article_id in recs and dataset != "ukraine_news_bias":
        return [article_id]
    return [rid for rid, r in recs.items() if r.get("article_id") == article_id]


def meta(dataset, article_id, first_record):
    r = refs.records(dataset)[first_record]
    m = {"outlet": r.get("outlet", ""), "title": "", "date": ""}
    if dataset == "article_bias_sample":
        extra = refs.extra(dataset)
        e = extra.get(first_record, {})
        m["title"], m["date"] = e.get("title", ""), e.get("date", "")
    if dataset == "seeds":
        m["outlet"] = refs.seed_outlets().get(first_record + ".txt", "")
    return m


def main():
    listing, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    arts = [l.rstrip("\n").split("\t")[:2] for l in open(listing) if l.strip() and not l.startswith("#")]
    keys_path = os.path.join(outdir, "keys.csv")
    with open(keys_path, "w", newline="") as kf:
        kw = csv.writer(kf)
        kw.writerow(["key", "dataset", "record_id", "start", "end", "sha256", "article", "outlet"])
        by_ds = {}
        for ds, aid in arts:
            by_ds.setdefault(ds, []).append(aid)
        total = 0
        for n, (ds, aid) in enumerate(arts):
            rids = article_records(ds, aid)
            spans = refs.split_records(ds, rids)
            m = meta(ds, aid, rids[0])
            akey = f"{ds}:{aid}"
            short = f"a{n + 1:03d}"
            lines = [f"# ARTICLE {short}  article={akey}  outlet={m['outlet']}  date={m['date']}",
                     f"# TITLE {m['title']}", ""]
            i = 0
            for rid in rids:
                raw = refs.raw_bytes(ds, rid)
                for start, end, sent in spans[rid]:
                    if start is None:
                        lines.append(f"(--)  {sent}")
                        continue
                    i += 1
                    key = f"{short}-{i:03d}"
                    kw.writerow([key, ds, rid, start, end, refs.sha(raw[start:end]), akey, m["outlet"]])
                    lines.append(f"{key}  {sent}")
            total += i
            with open(os.path.join(outdir, f"{short}.txt"), "w") as f:
                f.write("\n".join(lines) + "\n")
            print(f"{short}\t{akey}\t{i} sentences\t{m['outlet']}\t{m['title'][:60]}")
        print(f"total {total} sentences in {len(arts)} articles")


if __name__ == "__main__":
    main()
