"""Shared helpers for the real-text references: read the data sets in ../shared in place, split
records into sentences with slant itself, and map each sentence back to a byte span of the raw
record text (the span and its sha256 are what data/realtext/ stores; the text never is).

The span is of the record's raw text (the `text` field of the data set's sentences.csv, or the
whole file for `seeds`). slant's cleaner normalises quotes and spaces, so a cleaned sentence is
found in the raw text through the same character normalisation (src/text/normalize.rs).
"""
import csv
import html
import re
import hashlib
import json
import os
import subprocess
import sys
import tempfile

csv.field_size_limit(1 << 30)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def shared_dir():
    d = os.environ.get("SLANT_SHARED") or os.path.join(ROOT, "..", "shared")
    return os.path.abspath(d)


def slant_bin():
    b = os.environ.get("SLANT_BIN") or os.path.join(ROOT, "target", "release", "slant")
    if not os.path.exists(b):
        sys.exit(f"{b} not found: run `cargo build --release` first (or set SLANT_BIN)")
    return b


_records = {}


def records(dataset):
    """id -> row (dict) of a data set's sentences.csv; for `seeds`, stem -> {'text': file}."""
    if dataset in _records:
        return _records[dataset]
    base = shared_dir()
    if dataset == "seeds":
        out = {}
        folder = os.path.join(base, "seeds")
        for name in sorted(os.listdir(folder)):
            if name.endswith(".txt"):
                with open(os.path.join(folder, name), "rb") as f:
                    out[name[:-4]] = {"id": name[:-4], "text": f.read().decode("utf-8")}
    else:
        with open(os.path.join(base, "datasets", dataset, "sentences.csv"), newline="", encoding="utf-8") as f:
            out = {r["id"]: r for r in csv.DictReader(f)}
    _records[dataset] = out
    return out


def raw_bytes(dataset, record_id):
    return records(dataset)[record_id]["text"].encode("utf-8")


# --- the normalisation of src/text/normalize.rs, with a map back to raw byte offsets -------------

def _action(c):
    o = ord(c)
    if c in " \t\n\r" or c in "\u00a0\u1680\u202f\u205f\u3000\u2028\u2029\u0085\u000b\u000c" or 0x2000 <= o <= 0x200A:
        return ("space", None)
    if 0x200B <= o <= 0x200F or 0x2060 <= o <= 0x2064 or c in "\ufeff\u00ad\u180e":
        return ("drop", None)
    if 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069:
        return ("drop", None)
    if o < 0x20 or 0x7F <= o <= 0x9F:
        return ("drop", None)
    if c in "\u2018\u2019\u201a\u201b":
        return ("keep", "'")
    if c in "\u201c\u201d\u201e\u201f":
        return ("keep", '"')
    if c in "\u2010\u2011\u2212":
        return ("keep", "-")
    return ("keep", c)


# One unit of raw text: an HTML tag, an entity, or one character.
_UNIT = re.compile(r"<[A-Za-z/!][^<>]{0,300}>|&(?:[A-Za-z]{2,8}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});|.", re.S)


def normalized_with_offsets(raw):
    """(normalised text, [(raw byte start, raw byte end) per normalised char])."""
    out, offs = [], []
    pending = False
    pos = 0
    for m in _UNIT.finditer(raw):
        unit = m.group(0)
        n = len(unit.encode("utf-8"))
        if len(unit) > 1 and unit[0] == "<":
            pos += n  # an HTML tag: the cleaner strips it
            continue
        c = html.unescape(unit) if len(unit) > 1 else unit
        if len(c) != 1:
            c = unit[0] if len(unit) == 1 else " "
        kind, rep = _action(c)
        if kind == "space":
            pending = True
        elif kind == "keep":
            if pending and out:
                out.append(" ")
                offs.append((pos, pos))
            pending = False
            out.append(rep)
            offs.append((pos, pos + n))
        pos += n
    return "".join(out), offs


def normalize(raw):
    return normalized_with_offsets(raw)[0]


def sha(b):
    return hashlib.sha256(b).hexdigest()


def split_records(dataset, ids):
    """For each record id: [(start, end, cleaned sentence)] of the sentences slant finds, with the
    raw byte span where the sentence could be found in the raw text (None where it could not,
    e.g. a word rejoined across a line break)."""
    recs = records(dataset)
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "in.csv")
        with open(inp, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["id", "text"])
            for i in ids:
                w.writerow([i, recs[i]["text"]])
        outp = os.path.join(tmp, "out.jsonl")
        subprocess.run([slant_bin(), "--quiet", "score", "--format", "jsonl", "--out", outp, inp], check=True)
        by_id = {i: [] for i in ids}
        with open(outp, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                by_id[d["article_id"]].append(d["text"])
    result = {}
    for i in ids:
        raw = recs[i]["text"]
        norm, offs = normalized_with_offsets(raw)
        cursor = 0
        spans = []
        for sent in by_id[i]:
            k = norm.find(sent, cursor)
            if k < 0:
                spans.append((None, None, sent))
                continue
            start = offs[k][0]
            end = offs[k + len(sent) - 1][1]
            rawb = raw.encode("utf-8")[start:end]
            if normalize(rawb.decode("utf-8")) != sent:
                spans.append((None, None, sent))
                continue
            spans.append((start, end, sent))
            cursor = k + len(sent)
        result[i] = spans
    return result


def extra(dataset):
    """id -> row of a data set's extra.csv (titles and dates of article_bias_sample)."""
    key = dataset + "/extra"
    if key not in _records:
        with open(os.path.join(shared_dir(), "datasets", dataset, "extra.csv"), newline="", encoding="utf-8") as f:
            _records[key] = {r["id"]: r for r in csv.DictReader(f)}
    return _records[key]


def seed_outlets():
    """file name -> outlet, from ../shared/seeds/outlets.csv."""
    with open(os.path.join(shared_dir(), "seeds", "outlets.csv"), newline="", encoding="utf-8") as f:
        return {r["file"]: r["outlet"] for r in csv.DictReader(f)}
