"""Real-text evaluation: writes eval/REALTEXT.md (standard library only).

    python3 eval/realtext/report.py [--before MODEL] [--after MODEL] [--out eval/REALTEXT.md]

What it measures, for each model (by default "before" = the default model of commit ffedf39, the
last one trained on the bundled sentences alone, and "after" = models/default.slant.json):

- Sentences: the dev and test articles of data/realtext/ (never trained on) are resolved from
  ../shared and scored WHOLE by `slant score`, as an analyst would score them (cleaning, sentence
  splitting, flags). Each labelled sentence is matched to the scored sentence with the same text;
  stance and frame are compared on every labelled sentence (a sentence the model flags keeps its
  predicted class here; the flag is measured separately). Macro-F1, accuracy, per-class scores,
  confusion matrices, per register and per outlet, accuracy against coverage when only sentences
  with a top probability of at least t are kept, and the relevance flag against the labels.
- Articles: the article stance (`article_stance` of `slant score --articles`) against the labelled
  stance of every dev and test article (sentence-labelled and article-only), and the neutral band
  that 5-fold cross-validation on the dev articles would choose.
- Outlets: per outlet with at least 25 labelled relevant sentences in dev + test, the net share
  (against - favor) of the labels against the mean slant of the scored sentences; Spearman's rho.
- Behaviour: flip rates on tests/behaviour/cases.csv.
- Agreement: Cohen's kappa between the labels and data/realtext/second_annotator.csv.

Texts are read in place from ../shared ($SLANT_SHARED) and written only to a temporary folder.
"""
import argparse
import collections
import csv
import json
import math
import os
import random
import subprocess
import sys
import tempfile

import refs

ROOT = refs.ROOT
RT = os.path.join(ROOT, "data", "realtext")
STANCES = ["against", "favor", "neutral"]
FRAMES = ["conflict", "diplomacy", "geopolitics", "humanitarian", "none", "occupation", "security",
          "sovereignty"]


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def article_text(article_id):
    """The raw text of an article: the record, or a sentence-level data set's rows joined."""
    dataset, rid = article_id.split(":", 1)
    recs = refs.records(dataset)
    if rid in recs and dataset != "ukraine_news_bias":
        return recs[rid]["text"]
    rows = [r["text"] for r in recs.values() if r.get("article_id") == rid]
    return "\n\n".join(rows)


def score_articles(model, articles, tmp, tag):
    """Scores whole articles; returns ({article: [sentence rows]}, {article: article row})."""
    inp = os.path.join(tmp, f"{tag}-in.csv")
    with open(inp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "outlet"])
        for a, outlet in articles:
            w.writerow([a, article_text(a), outlet])
    out, arts = os.path.join(tmp, f"{tag}-s.jsonl"), os.path.join(tmp, f"{tag}-a.jsonl")
    run = [refs.slant_bin(), "--quiet", "score", "--model", model, "--format", "jsonl", "--out", out,
           "--articles", arts, inp]
    subprocess.run(run, check=True)
    sents = collections.defaultdict(list)
    with open(out, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            sents[d["article_id"]].append(d)
    with open(arts, encoding="utf-8") as f:
        rows = {d["article_id"]: d for d in map(json.loads, f)}
    return sents, rows


def key(text):
    return " ".join(refs.normalize(text).split())


def align(labelled, scored):
    """Pairs of (label row, scored sentence) matched by text within each article."""
    pairs, missing = [], 0
    for r in labelled:
        raw = refs.raw_bytes(r["dataset"], r["record_id"])[int(r["start"]):int(r["end"])]
        k = key(raw.decode("utf-8"))
        match = next((s for s in scored.get(r["article_id"], []) if key(s["text"]) == k), None)
        if match is None:
            missing += 1
        else:
            pairs.append((r, match))
    return pairs, missing


def prf(gold, pred, classes):
    out = {}
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        out[c] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0, tp + fn)
    return out


def macro_f1(gold, pred, classes=None):
    classes = classes or sorted(set(gold))
    if not gold:
        return float("nan")
    per = prf(gold, pred, classes)
    return sum(v[2] for v in per.values()) / len(classes)


def acc(gold, pred):
    return sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else float("nan")


def kappa(a, b):
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = collections.Counter(a), collections.Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / n / n
    return (po - pe) / (1 - pe)


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2
        i = j + 1
    return r


def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    num = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    den = math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))
    return num / den if den else float("nan")


def f(x, d=3):
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{d}f}"


def bootstrap_ci(gold, pred, classes, n=1000, seed=7, groups=None):
    """95% interval of macro-F1 resampling articles (groups) with replacement."""
    rng = random.Random(seed)
    by = collections.defaultdict(list)
    for i, g in enumerate(groups):
        by[g].append(i)
    keys = sorted(by)
    vals = []
    for _ in range(n):
        idx = [i for k in (rng.choice(keys) for _ in keys) for i in by[k]]
        vals.append(macro_f1([gold[i] for i in idx], [pred[i] for i in idx], classes))
    vals.sort()
    return vals[int(0.025 * n)], vals[int(0.975 * n) - 1]


def sentence_section(name, pairs, lines, label, classes):
    gold = [r[label] for r, _ in pairs]
    pred = [s[label] for _, s in pairs]
    groups = [r["article_id"] for r, _ in pairs]
    lo, hi = bootstrap_ci(gold, pred, classes, groups=groups)
    rel = [(r, s) for r, s in pairs if r["relevant"] == "yes"]
    lines.append(f"- **{name}**: macro-F1 **{f(macro_f1(gold, pred, classes))}** "
                 f"[{f(lo)}, {f(hi)}] (95% bootstrap over articles), accuracy {f(acc(gold, pred))}; "
                 f"relevant sentences only ({len(rel)}): macro-F1 "
                 f"{f(macro_f1([r[label] for r, _ in rel], [s[label] for _, s in rel], classes))}")
    return gold, pred


def table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def confusion(gold, pred, classes):
    rows = []
    for g in classes:
        rows.append([g] + [sum(1 for a, b in zip(gold, pred) if a == g and b == p) for p in classes])
    return table(["gold \\ predicted"] + classes, rows)


def behaviour(model, tmp):
    cases = read(os.path.join(ROOT, "tests", "behaviour", "cases.csv"))
    inp = os.path.join(tmp, "cases.csv")
    with open(inp, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        for i, c in enumerate(cases):
            w.writerow([i, c["text"]])
    out = os.path.join(tmp, "cases.jsonl")
    subprocess.run([refs.slant_bin(), "--quiet", "score", "--model", model, "--format", "jsonl",
                    "--out", out, inp], check=True)
    pred = {}
    for line in open(out):
        d = json.loads(line)
        pred.setdefault(int(d["article_id"]), d)
    groups = collections.defaultdict(list)
    for i, c in enumerate(cases):
        groups[(c["family"], c["group"])].append((int(c["variant"]), i))
    flips, tot = collections.Counter(), collections.Counter()
    for (fam, _), vs in groups.items():
        vs.sort()
        if fam == "direction":
            tot[fam] += 1
            flips[fam] += pred[vs[0][1]]["stance_p_against"] <= pred[vs[1][1]]["stance_p_against"]
        else:
            base = pred[vs[0][1]]["stance"]
            for _, i in vs[1:]:
                tot[fam] += 1
                flips[fam] += pred[i]["stance"] != base
    return flips, tot


def evaluate(model, tmp, tag, parts, art_labels, offtopic):
    """Everything measured for one model."""
    res = {}
    labelled = {p: read(os.path.join(RT, f"{p}.csv")) for p in parts}
    articles = {}
    for p in parts:
        for r in labelled[p]:
            articles[r["article_id"]] = r["outlet"]
    for a in art_labels:
        if a["split"] in parts:
            articles.setdefault(a["article_id"], a["outlet"])
    for r in offtopic:
        if r["dataset"] == "article_bias_sample":
            articles.setdefault(r["article_id"], r["outlet"])
    sents, arts = score_articles(model, sorted(articles.items()), tmp, tag)
    res["articles_scored"] = arts
    res["sentences_scored"] = sents
    for p in parts:
        res[p] = align(labelled[p], sents)
    # BABE off-topic sentences scored as one-sentence records.
    babe = [r for r in offtopic if r["dataset"] == "babe"]
    inp = os.path.join(tmp, f"{tag}-babe.csv")
    with open(inp, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        for i, r in enumerate(babe):
            raw = refs.raw_bytes("babe", r["record_id"])[int(r["start"]):int(r["end"])]
            w.writerow([i, raw.decode("utf-8")])
    out = os.path.join(tmp, f"{tag}-babe.jsonl")
    subprocess.run([refs.slant_bin(), "--quiet", "score", "--model", model, "--format", "jsonl",
                    "--out", out, inp], check=True)
    firsts = {}
    for line in open(out):
        d = json.loads(line)
        firsts.setdefault(d["article_id"], d)
    res["babe_flagged"] = (sum(1 for d in firsts.values() if d.get("flag") == "off_topic"), len(firsts))
    abp_off = [r for r in offtopic if r["dataset"] == "article_bias_sample"]
    pairs, _ = align(abp_off, sents)
    res["abp_off_flagged"] = (sum(1 for _, s in pairs if s.get("flag") == "off_topic"), len(pairs))
    res["behaviour"] = behaviour(model, tmp)
    return res


def band_cv(items, bands, k=5, seed=11):
    """5-fold CV of the neutral band on (slant, gold) pairs, choosing the band with the best
    macro-F1 (the three stances weigh alike, whatever their shares in the labelled articles):
    macro-F1 and accuracy of the out-of-fold labels, and the band chosen on all items."""
    def labels(band, xs):
        return ["against" if s > band else "favor" if s < -band else "neutral" for s, _ in xs]

    def score(band, xs):
        return macro_f1([g for _, g in xs], labels(band, xs), STANCES)
    idx = list(range(len(items)))
    random.Random(seed).shuffle(idx)
    folds = [idx[i::k] for i in range(k)]
    gold, pred = [], []
    for fold in folds:
        train = [items[i] for i in idx if i not in fold]
        best = max(bands, key=lambda b: (score(b, train), -b))
        test = [items[i] for i in fold]
        gold += [g for _, g in test]
        pred += labels(best, test)
    chosen = max(bands, key=lambda b: (score(b, items), -b))
    return macro_f1(gold, pred, STANCES), acc(gold, pred), chosen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", default=None, help="model file (default: git show ffedf39:models/default.slant.json)")
    ap.add_argument("--after", default=os.path.join(ROOT, "models", "default.slant.json"))
    ap.add_argument("--out", default=os.path.join(ROOT, "eval", "REALTEXT.md"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        before = args.before
        if before is None:
            before = os.path.join(tmp, "before.json")
            with open(before, "wb") as fh:
                fh.write(subprocess.run(["git", "-C", ROOT, "show", "ffedf39:models/default.slant.json"],
                                        check=True, capture_output=True).stdout)
        art_labels = read(os.path.join(RT, "articles.csv"))
        offtopic = read(os.path.join(RT, "offtopic-dev.csv")) + read(os.path.join(RT, "offtopic-test.csv"))
        parts = ["dev", "test"]
        models = [("before", before), ("after", args.after)]
        results = {name: evaluate(path, tmp, name, parts, art_labels, offtopic) for name, path in models}
        lines = write_report(results, art_labels, parts)
    with open(args.out, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"wrote {args.out}")


def write_report(results, art_labels, parts):
    L = []
    train = read(os.path.join(RT, "train.csv"))
    everything = train + read(os.path.join(RT, "dev.csv")) + read(os.path.join(RT, "test.csv"))
    L += ["# Real-text evaluation", "",
          "Generated by `python3 eval/realtext/report.py` (needs `cargo build --release` and the shared data",
          "sets in `../shared` or `$SLANT_SHARED`); do not edit by hand. **before**: the default model of",
          "commit ffedf39 (trained on the bundled sentences only); **after**: `models/default.slant.json`.",
          "", "## The data", ""]
    c = lambda rows, col: collections.Counter(r[col] for r in rows)
    L += [f"{len(everything)} real news sentences in {len({r['article_id'] for r in everything})} whole articles, "
          f"labelled by reference (`data/realtext/`, never the text) under `data/GUIDELINES.md`; "
          f"{sum(1 for a in art_labels if a['labelled'] == 'article')} more articles labelled at article level.", ""]
    rows = []
    for p, rs in [("train", train)] + [(p, read(os.path.join(RT, f"{p}.csv"))) for p in parts]:
        st, fr = c(rs, "stance"), c(rs, "frame")
        rows.append([p, len(rs), len({r["article_id"] for r in rs})] + [st[s] for s in STANCES]
                    + [fr[x] for x in FRAMES] + [c(rs, "relevant")["no"]])
    L += table(["part", "sentences", "articles"] + STANCES + FRAMES + ["not relevant"], rows)
    second = read(os.path.join(RT, "second_annotator.csv"))
    firsts = {(r["dataset"], r["record_id"], r["start"]): r for r in everything}
    both = [(firsts[(r["dataset"], r["record_id"], r["start"])], r) for r in second
            if (r["dataset"], r["record_id"], r["start"]) in firsts]
    if both:
        L += ["", f"Agreement with a second, independent annotator on {len(both)} sentences of "
              f"{len({a['article_id'] for a, _ in both})} articles: Cohen's kappa stance "
              f"{f(kappa([a['stance'] for a, _ in both], [b['stance'] for _, b in both]))}, frame "
              f"{f(kappa([a['frame'] for a, _ in both], [b['frame'] for _, b in both]))}, relevant "
              f"{f(kappa([a['relevant'] for a, _ in both], [b['relevant'] for _, b in both]))}."]
    L += ["", "The split is by article and fixed (`eval/realtext/collect.py`); models are never trained on",
          "dev or test, and nothing is tuned on test.", ""]
    for p in parts:
        L += [f"## Sentences: {p}", ""]
        for name, res in results.items():
            pairs, missing = res[p]
            L += [f"### {name}", "", f"{len(pairs)} labelled sentences matched to the scored articles"
                  f" ({missing} not found among the sentences slant split the articles into).", ""]
            sg, sp = sentence_section("stance", pairs, L, "stance", STANCES)
            fg, fp = sentence_section("frame", pairs, L, "frame", FRAMES)
            L += ["", "Stance per class (precision / recall / F1 / support):", ""]
            per = prf(sg, sp, STANCES)
            L += table(["class", "precision", "recall", "F1", "support"],
                       [[k, f(v[0]), f(v[1]), f(v[2]), v[3]] for k, v in per.items()])
            L += ["", "Stance confusion:", ""] + confusion(sg, sp, STANCES)
            L += ["", "Frame confusion:", ""] + confusion(fg, fp, FRAMES)
            # per register and outlet
            reg = collections.defaultdict(list)
            for r, s in pairs:
                reg[r["register"]].append((r, s))
            L += ["", "Per register:", ""]
            L += table(["register", "sentences", "stance macro-F1", "stance accuracy", "frame macro-F1"],
                       [[k, len(v), f(macro_f1([r["stance"] for r, _ in v], [s["stance"] for _, s in v], STANCES)),
                         f(acc([r["stance"] for r, _ in v], [s["stance"] for _, s in v])),
                         f(macro_f1([r["frame"] for r, _ in v], [s["frame"] for _, s in v], FRAMES))]
                        for k, v in sorted(reg.items())])
            out = collections.defaultdict(list)
            for r, s in pairs:
                out[r["outlet"] or "(no outlet)"].append((r, s))
            L += ["", "Per outlet (20+ sentences):", ""]
            L += table(["outlet", "sentences", "stance accuracy", "stance macro-F1"],
                       [[k, len(v), f(acc([r["stance"] for r, _ in v], [s["stance"] for _, s in v])),
                         f(macro_f1([r["stance"] for r, _ in v], [s["stance"] for _, s in v], STANCES))]
                        for k, v in sorted(out.items()) if len(v) >= 20])
            # coverage
            L += ["", "Stance accuracy against coverage (sentences whose top stance probability is at least t):", ""]
            crow = []
            for t in [0.0, 0.5, 0.6, 0.7, 0.8, 0.9]:
                kept = [(r, s) for r, s in pairs if max(s[f"stance_p_{x}"] for x in STANCES) >= t]
                crow.append([t, f(len(kept) / len(pairs)), len(kept),
                             f(acc([r["stance"] for r, _ in kept], [s["stance"] for _, s in kept]))])
            L += table(["t", "coverage", "sentences", "accuracy"], crow)
            # relevance flag
            if any("flag" in s for _, s in pairs):
                tp = sum(1 for r, s in pairs if r["relevant"] == "no" and s.get("flag") == "off_topic")
                fpn = sum(1 for r, s in pairs if r["relevant"] == "yes" and s.get("flag") == "off_topic")
                nrel = sum(1 for r, _ in pairs if r["relevant"] == "no")
                L += ["", f"Relevance flag: {tp} of {nrel} sentences labelled not relevant are flagged "
                      f"`off_topic` (recall {f(tp / nrel if nrel else float('nan'))}); "
                      f"{fpn} of {len(pairs) - nrel} relevant sentences are flagged too."]
            L += [""]
    L += ["## Off-topic real news", ""]
    rows = []
    for name, res in results.items():
        b, ab = res["babe_flagged"], res["abp_off_flagged"]
        rows.append([name, f"{b[0]} / {b[1]} ({f(b[0] / b[1] if b[1] else float('nan'))})",
                     f"{ab[0]} / {ab[1]} ({f(ab[0] / ab[1] if ab[1] else float('nan'))})"])
    L += table(["model", "BABE sentences flagged off_topic", "sentences of domestic-news articles flagged"], rows)
    L += ["", "(`data/realtext/offtopic-dev.csv` and `-test.csv`; the before model has no relevance head.)", ""]
    L += ["## Articles", "",
          "`article_stance` of `slant score --articles` (the before model has none: its `stance_majority`",
          "is used) against the labelled stance of each dev and test article, sentence-labelled and",
          "article-only. An article with no sentence left in the figures (off topic, another language)",
          "has no `article_stance` and counts as neutral. Most labelled articles are neutral, so the",
          "always-neutral baseline is given beside accuracy, and macro-F1 weighs the three classes alike.", ""]
    for name, res in results.items():
        arts = res["articles_scored"]
        items = collections.defaultdict(list)
        for a in art_labels:
            if a["split"] not in parts or a["article_id"] not in arts:
                continue
            row = arts[a["article_id"]]
            if "article_stance" in row:
                # No sentence left in the figures (off topic, another language): no side taken.
                pred = row["article_stance"] or "neutral"
            else:
                pred = row.get("stance_majority")
            slant = row.get("slant")
            items[a["split"]].append((a, pred, slant))
        L += [f"### {name}", ""]
        rows = []
        for p in parts:
            xs = items[p]
            rel = [x for x in xs if x[0]["relevant"] == "yes"]
            gold = [x[0]["article_stance"] for x in xs]
            gold_rel = [x[0]["article_stance"] for x in rel]
            rows.append([p, len(xs), f(acc(gold, [x[1] for x in xs])),
                         f(macro_f1(gold, [x[1] for x in xs], STANCES)),
                         f(acc(gold, ["neutral"] * len(gold))),
                         len(rel), f(acc(gold_rel, [x[1] for x in rel])),
                         f(macro_f1(gold_rel, [x[1] for x in rel], STANCES)),
                         f(acc(gold_rel, [arts[x[0]["article_id"]].get("stance_majority") for x in rel]))])
        L += table(["part", "articles", "3-way accuracy", "macro-F1", "always-neutral accuracy",
                    "relevant articles", "accuracy (relevant)", "macro-F1 (relevant)",
                    "`stance_majority` accuracy (relevant)"], rows)
        # The article-level relevance gate: an article set aside as off topic has every sentence
        # flagged (sentences_used 0, off_topic > 0).
        def gated(x):
            row = arts[x[0]["article_id"]]
            return str(row.get("sentences_used")) == "0" and str(row.get("off_topic", 0)) not in ("", "0")
        xs = [x for p in parts for x in items[p]]
        if xs and "sentences_used" in arts[xs[0][0]["article_id"]]:
            off = [x for x in xs if x[0]["relevant"] == "no"]
            on = [x for x in xs if x[0]["relevant"] == "yes"]
            L += ["", f"Article-level relevance gate (dev + test): {sum(map(gated, off))} of {len(off)} "
                  f"articles labelled not relevant are set aside as off topic (every sentence flagged); "
                  f"{sum(map(gated, on))} of {len(on)} relevant articles are."]
        dev = [(x[2] if x[2] is not None else 0.0, x[0]["article_stance"]) for x in items["dev"]]
        if dev:
            cv_f1, cv_acc, chosen = band_cv(dev, [i / 100 for i in range(0, 41)])
            L += ["", f"Neutral band by 5-fold cross-validation on the {len(dev)} dev articles, choosing by "
                  f"macro-F1: out-of-fold macro-F1 {f(cv_f1)}, accuracy {f(cv_acc)}; the band chosen on "
                  f"all dev articles is ±{chosen:.2f}."]
        gold = collections.Counter(x[0]["article_stance"] for p in parts for x in items[p])
        L += ["", "Labelled article stances (dev + test): " + ", ".join(f"{k} {v}" for k, v in sorted(gold.items())), ""]
    L += ["## Outlets", ""]
    for name, res in results.items():
        per = collections.defaultdict(list)
        for p in parts:
            for r, s in res[p][0]:
                if r["relevant"] == "yes" and r["outlet"]:
                    per[r["outlet"]].append((r, s))
        outs = [(o, v) for o, v in sorted(per.items()) if len(v) >= 25]
        gold = [sum((r["stance"] == "against") - (r["stance"] == "favor") for r, _ in v) / len(v) for _, v in outs]
        pred = [sum(s["stance_p_against"] - s["stance_p_favor"] for _, s in v) / len(v) for _, v in outs]
        L += [f"- **{name}**: Spearman's rho between labelled net share and mean slant over {len(outs)} outlets: "
              f"**{f(spearman(gold, pred))}**"]
    L += ["", "## Behaviour (tests/behaviour/cases.csv)", ""]
    fams = sorted(next(iter(results.values()))["behaviour"][1])
    rows = []
    for fam in fams:
        rows.append([fam] + [f"{res['behaviour'][0][fam]} / {res['behaviour'][1][fam]} "
                             f"({f(res['behaviour'][0][fam] / res['behaviour'][1][fam])})"
                             for res in results.values()])
    inv = [x for x in fams if x.startswith("invariance")]
    rows.append(["invariance, all"] + [f"{sum(res['behaviour'][0][x] for x in inv)} / {sum(res['behaviour'][1][x] for x in inv)} "
                                        f"({f(sum(res['behaviour'][0][x] for x in inv) / sum(res['behaviour'][1][x] for x in inv))})"
                                        for res in results.values()])
    L += table(["family"] + list(results), rows)
    L += ["", "Invariance: share of variants whose stance differs from the group's first sentence. Direction:",
          "share of pairs where the sentence for leaving does not get the higher P(against)."]
    return L


if __name__ == "__main__":
    main()
