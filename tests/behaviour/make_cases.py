"""Writes tests/behaviour/cases.csv: CheckList-style behavioural cases for the stance model (our
own templates; no third-party text).

    python3 tests/behaviour/make_cases.py

Invariance families (the stance must not change when only the slot changes): `spelling` (how the
United States is written), `host` (the host country), `number`, `day`, `name` (a person's name),
`quote` (straight or curly quotes, quoted or reported). Directional family `direction`: pairs that
differ only in "leave" vs "stay" (and the like), where P(against) must be higher for the first.

Columns: family, group, variant, text, expect. Within an invariance group, every variant must get
the stance of variant 0; in a direction group, variant 0 must have the higher P(against).
"""
import csv
import itertools
import os

HERE = os.path.dirname(os.path.abspath(__file__))

SPELLINGS = ["US", "U.S.", "United States", "American"]
HOSTS = ["Iraq", "Syria", "Niger", "Somalia", "Djibouti", "Afghanistan", "Germany", "Japan"]
NUMBERS = ["900", "2,500", "1,200", "300", "5,000"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NAMES = ["Karim Haddad", "John Miller", "Olena Kovalenko", "Li Wei", "Aminata Diallo", "Carlos Mendez"]

# Templates: {C} = the country adjective, {H} host country, {N} number, {D} day, {P} person.
STANCE_TEMPLATES = [
    "{C} troops must leave {H} now.",
    "{C} troops must stay in {H} to keep the extremists out.",
    "The presence of {C} forces in {H} is an occupation that has to end.",
    "{C} forces are in {H} at the invitation of its government and help keep it stable.",
    "Parliament in {H} voted to expel the {N} {C} soldiers still in the country.",
    "Withdrawing the {N} {C} troops from {H} would hand the region back to the terrorists.",
    "Officials said {N} {C} soldiers were stationed in {H} as of {D}.",
    "Protesters gathered outside the {C} base in {H} on {D}, demanding the troops go home.",
    "{P}, a spokesman, said the {C} mission in {H} would continue as planned.",
    "\"Our country is not a base for {C} soldiers,\" {P} told reporters in {H} on {D}.",
    "Keeping {N} {C} soldiers in {H} does not make anyone at home safer.",
    "The {C} military said its strike in {H} on {D} targeted a militia weapons depot.",
    "Without the {C} advisers, the army of {H} could not hold the desert against the militants.",
    "The occupation by {C} forces has brought {H} nothing but ruin, {P} wrote.",
    "Talks between {H} and {C} officials on the future of the coalition resumed on {D}.",
    "{C} soldiers have protected the camps in {H} where {N} families live.",
    "The foreign ministry of {H} summoned the {C} envoy to protest the {D} raid.",
    "Residents near the {C} base in {H} say the soldiers have brought jobs and safety.",
    "It is time to bring the {N} {C} troops in {H} home.",
    "A new agreement lets {C} forces stay in {H} for {N} more days.",
    "\"The {C} troops are occupiers,\" {P} said in {H} on {D}.",
    "\"We need the {C} troops here,\" {P} said, pointing to the attacks of {D}.",
    "{P} argued that the {C} soldiers in {H} are the only barrier against a return of the militants.",
    "{P} said the {C} garrison in {H} violates the country's sovereignty.",
    "'The mission is over and the {C} troops should leave {H},' {P} wrote.",
    "{P}, who commands the {C} forces in {H}, said {N} soldiers had rotated out on {D}.",
]
DIRECTION_PAIRS = [
    ("{C} troops must leave {H}.", "{C} troops must stay in {H}."),
    ("The {C} presence in {H} should end this year.", "The {C} presence in {H} should continue this year."),
    ("Parliament voted to expel the {C} forces from {H}.", "Parliament voted to keep the {C} forces in {H}."),
    ("The government of {H} wants the {C} soldiers out.", "The government of {H} wants the {C} soldiers to remain."),
    ("Bring the {C} troops in {H} home now.", "Send more {C} troops to {H} now."),
    ("The {C} base in {H} is a target, not a shield.", "The {C} base in {H} is a shield against attack."),
]
BASE = {"C": "US", "H": "Iraq", "N": "2,500", "D": "Tuesday", "P": "Karim Haddad"}


def fill(t, **over):
    slots = dict(BASE, **over)
    return t.format(**slots)


def main():
    rows = []
    group = 0
    for t in STANCE_TEMPLATES:
        for family, slot, values in [
            ("spelling", "C", SPELLINGS),
            ("host", "H", HOSTS),
            ("number", "N", NUMBERS),
            ("day", "D", DAYS),
            ("name", "P", NAMES),
        ]:
            if "{" + slot + "}" not in t:
                continue
            # the base value first, so variant 0 is the template as written
            vals = [BASE[slot]] + [v for v in values if v != BASE[slot]]
            group += 1
            for i, v in enumerate(vals):
                rows.append(["invariance:" + family, group, i, fill(t, **{slot: v}), ""])
        # quote style: straight vs curly quotes, and an apostrophe variant
        if '"' in t or "'" in t:
            group += 1
            base = fill(t)
            curly = base.replace('"', "\u201c", 1).replace('"', "\u201d", 1).replace("'", "\u2019")
            for i, v in enumerate([base, curly]):
                rows.append(["invariance:quote", group, i, v, ""])
    for a, b in DIRECTION_PAIRS:
        for c in SPELLINGS:
            for h in HOSTS[:4]:
                group += 1
                rows.append(["direction", group, 0, fill(a, C=c, H=h), "more against"])
                rows.append(["direction", group, 1, fill(b, C=c, H=h), "less against"])
    with open(os.path.join(HERE, "cases.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["family", "group", "variant", "text", "expect"])
        w.writerows(rows)
    print(f"{len(rows)} cases in {group} groups")


if __name__ == "__main__":
    main()
