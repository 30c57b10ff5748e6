"""Off-topic real news for the `relevant` head, by reference (never the text):

    python3 eval/realtext/offtopic.py

Sentences of real news on other subjects, drawn with a fixed seed from ../shared: BABE sentences
(every topic but world news and Islam, which can touch on wars) and sentences of article_bias_sample
articles on domestic topics that name no military word at all. Each row is labelled relevant = no,
stance = neutral, frame = none (GUIDELINES.md R1-R4). Articles that data/realtext/ labels by hand are
never drawn. Whole articles (or BABE's source articles) go to data/realtext/offtopic-train.csv,
-dev.csv or -test.csv (50 / 25 / 25 by a hash of the article id).
"""
import csv
import hashlib
import random
import re

import refs

MILITARY = re.compile(
    r"\b(troops?|soldiers?|militar\w*|army|armies|navy|naval|marines?|air ?force|bases?|war|wars|"
    r"warfare|invasion|invade\w*|occupation|deploy\w*|strikes?|airstrikes?|bomb\w*|missiles?|"
    r"militia\w*|insurgen\w*|terror\w*|isis|taliban|pentagon|nato|weapons?|veterans?|combat|"
    r"forces|iraq\w*|syria\w*|afghan\w*|ukrain\w*|russia\w*|iran\w*|yemen\w*|libya\w*|korea\w*)\b",
    re.I,
)
DOMESTIC = {
    "healthcare", "immigration", "lgbt_rights", "education", "economy_and_jobs", "environment",
    "taxes", "supreme_court", "race_and_racism", "federal_budget", "coronavirus", "abortion",
    "gun_control_and_gun_rights", "labor", "technology", "culture", "banking_and_finance",
    "criminal_justice", "free_speech", "holidays", "business", "trade", "media_bias", "elections",
}
# How much to draw: BABE sentences, domestic articles, sentences per article.
N_BABE, N_ARTICLES, PER_ARTICLE = 1200, 120, 10
SKIP_BABE_TOPICS = {"international-politics-and-world-news", "islam"}


def split_of(key):
    """train / dev / test by a hash of the article key: 50 / 25 / 25."""
    h = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 4
    return "train" if h < 2 else ("dev" if h == 2 else "test")


def main():
    rng = random.Random(20261207)
    labelled = set()
    try:
        with open(refs.ROOT + "/data/realtext/articles.csv", newline="") as f:
            labelled = {r["article_id"] for r in csv.DictReader(f)}
    except FileNotFoundError:
        pass
    parts = {}
    for part in ("train", "dev", "test"):
        f = open(f"{refs.ROOT}/data/realtext/offtopic-{part}.csv", "w", newline="")
        parts[part] = csv.writer(f, lineterminator="\n")
        parts[part].writerow(["dataset", "record_id", "start", "end", "sha256", "relevant", "stance",
                              "frame", "article_id", "outlet"])

    class Split:
        def writerow(self, row):
            parts[row[-1]].writerow(row[:-1])

    w = Split()
    # BABE: one sentence per record.
    babe = [r for r in refs.records("babe").values()
            if r["topic"] not in SKIP_BABE_TOPICS and not MILITARY.search(r["text"])]
    for r in sorted(rng.sample(babe, min(N_BABE, len(babe))), key=lambda r: r["id"]):
        raw = r["text"].encode("utf-8")
        text = r["text"]
        lead = len(text) - len(text.lstrip())
        body = text.strip().encode("utf-8")
        start = len(text[:lead].encode("utf-8"))
        end = start + len(body)
        art = "babe:" + r["article_id"]
        w.writerow(["babe", r["id"], start, end, refs.sha(raw[start:end]), "no", "neutral", "none",
                    art, r["outlet"], split_of(art)])
    # article_bias_sample: whole articles on domestic subjects with no military word; 10 sentences each.
    abp = [r for r in refs.records("article_bias_sample").values()
           if r["topic"] in DOMESTIC and not MILITARY.search(r["text"])
           and "article_bias_sample:" + r["id"] not in labelled]
    chosen = sorted(rng.sample(abp, min(N_ARTICLES, len(abp))), key=lambda r: r["id"])
    spans = refs.split_records("article_bias_sample", [r["id"] for r in chosen])
    for r in chosen:
        raw = r["text"].encode("utf-8")
        good = [s for s in spans[r["id"]] if s[0] is not None and 20 <= len(s[2]) <= 400]
        art = "article_bias_sample:" + r["id"]
        for start, end, _ in sorted(rng.sample(good, min(PER_ARTICLE, len(good)))):
            w.writerow(["article_bias_sample", r["id"], start, end, refs.sha(raw[start:end]), "no",
                        "neutral", "none", art, r["outlet"], split_of(art)])


if __name__ == "__main__":
    main()
