#!/usr/bin/env python3
"""Validate submissions/reference/organizations.json (standard library only).

Usage:
    python3 check_organizations.py [--json PATH] [--unbis PATH | --no-unbis]

Checks: unique keys, allowed categories, the six UN languages in ``names`` and
``short``, ``running`` only for en/fr/es and ending with the full name, the
script of each language's text, every name and short form present among the
aliases, and no alias shared by two entries after case/accent/punctuation
folding.  Prints counts, then (when the UNBIS thesaurus file is found)
how many names appear as UNBIS terms and whether the other languages of a
matched UNBIS row agree with ours.  Exit status 1 when a structural error is
found; UNBIS disagreements are reported but do not fail the check.
"""
import argparse
import json
import os
import sys
import unicodedata
from collections import Counter, defaultdict

LANGS = ("ar", "en", "es", "fr", "ru", "zh")
RUNNING_LANGS = ("en", "es", "fr")
CATEGORIES = ("un-entity", "igo")
FIELDS = {"key", "category", "names", "short", "running", "aliases"}
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_JSON = os.path.join(HERE, "organizations.json")
# The UNBIS terms ship with the app: repo/synthesis/reference/unbis_terms.tsv
DEFAULT_UNBIS = [
    os.path.normpath(os.path.join(HERE, "..", "..", "synthesis", "reference", "unbis_terms.tsv")),
]


def fold(text):
    """Case-, accent- and punctuation-insensitive form (spaces dropped too)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    return "".join(c for c in text.casefold() if c.isalnum() and c != "\u0640")


def script_of(ch):
    o = ord(ch)
    if 0x0400 <= o <= 0x04FF:
        return "cyrillic"
    if 0x0600 <= o <= 0x06FF or 0xFB50 <= o <= 0xFEFF:
        return "arabic"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
        return "han"
    if ch.isalpha():
        return "latin" if o < 0x0250 or 0x1E00 <= o <= 0x1EFF else "other"
    return None


EXPECTED_SCRIPT = {"ar": "arabic", "ru": "cyrillic", "zh": "han",
                   "en": "latin", "fr": "latin", "es": "latin"}


def check_text(where, lang, value, errors):
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where}.{lang}: empty or not a string")
        return
    if value != value.strip() or "  " in value:
        errors.append(f"{where}.{lang}: stray whitespace in {value!r}")
    scripts = {script_of(c) for c in value} - {None}
    want = EXPECTED_SCRIPT[lang]
    if want not in scripts:
        errors.append(f"{where}.{lang}: no {want} characters in {value!r}")
    if lang in ("en", "fr", "es") and scripts - {"latin"}:
        errors.append(f"{where}.{lang}: non-Latin characters in {value!r}")


def validate(data):
    errors, warnings = [], []
    if not isinstance(data, list):
        return ["top level is not a list"], warnings
    keys = Counter()
    alias_owner = defaultdict(set)  # folded alias -> keys
    for i, e in enumerate(data):
        where = f"[{i}]"
        if not isinstance(e, dict):
            errors.append(f"{where}: not an object")
            continue
        key = e.get("key")
        where = f"{key or '[' + str(i) + ']'}"
        missing = FIELDS - set(e) - {"running"}
        extra = set(e) - FIELDS
        if missing:
            errors.append(f"{where}: missing fields {sorted(missing)}")
        if extra:
            errors.append(f"{where}: unknown fields {sorted(extra)}")
        if not isinstance(key, str) or not key or not all(c.islower() or c.isdigit() or c == "-" for c in key):
            errors.append(f"{where}: bad key {key!r} (lower-case ascii, digits, '-')")
        keys[key] += 1
        if e.get("category") not in CATEGORIES:
            errors.append(f"{where}: category {e.get('category')!r} not in {CATEGORIES}")
        for field in ("names", "short"):
            block = e.get(field)
            if not isinstance(block, dict):
                errors.append(f"{where}: {field} is not an object")
                continue
            if set(block) != set(LANGS):
                errors.append(f"{where}: {field} languages {sorted(block)} != {list(LANGS)}")
            for lang in LANGS:
                if lang in block:
                    check_text(f"{where}.{field}", lang, block[lang], errors)
        running = e.get("running", {})
        if not isinstance(running, dict):
            errors.append(f"{where}: running is not an object")
            running = {}
        for lang, text in running.items():
            if lang not in RUNNING_LANGS:
                errors.append(f"{where}: running.{lang} not allowed (only {RUNNING_LANGS})")
                continue
            name = (e.get("names") or {}).get(lang, "")
            if not isinstance(text, str) or not name or not text.endswith(name) or text == name:
                errors.append(f"{where}: running.{lang} {text!r} is not an article + names.{lang}")
        aliases = e.get("aliases")
        if not isinstance(aliases, list) or not aliases:
            errors.append(f"{where}: aliases missing or empty")
            continue
        own = Counter()
        for a in aliases:
            if not isinstance(a, str) or not fold(a):
                errors.append(f"{where}: empty alias {a!r}")
                continue
            own[fold(a)] += 1
        for f, n in own.items():
            alias_owner[f].add(key)
            if n > 1:
                warnings.append(f"{where}: alias repeated after folding: {f!r}")
        for field in ("names", "short"):
            for lang, text in (e.get(field) or {}).items():
                if isinstance(text, str) and fold(text) not in own:
                    errors.append(f"{where}: {field}.{lang} {text!r} is not among the aliases")
    for k, n in keys.items():
        if n > 1:
            errors.append(f"duplicate key {k!r} ({n} entries)")
    for f, owners in sorted(alias_owner.items()):
        if len(owners) > 1:
            errors.append(f"alias {f!r} shared by {sorted(owners)}")
    return errors, warnings


def unbis_crosscheck(data, path):
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        rows = [dict(zip(header, line.rstrip("\n").split("\t"))) for line in fh if line.strip()]
    index = {lang: defaultdict(list) for lang in LANGS}
    for r in rows:
        for lang in LANGS:
            if r.get(lang):
                index[lang][fold(r[lang])].append(r)
    matched_names = Counter()
    total_names = Counter()
    matched_entries, disagreements, hits = set(), [], []
    for e in data:
        for field in ("names", "short"):
            for lang in LANGS:
                text = e[field][lang]
                if field == "short" and text == e["names"][lang]:
                    continue
                if field == "names":
                    total_names[lang] += 1
                found = index[lang].get(fold(text))
                if not found:
                    continue
                if field == "names":
                    matched_names[lang] += 1
                matched_entries.add(e["key"])
                hits.append(f"{e['key']}: {field}.{lang} = UNBIS {lang} {found[0][lang]!r}")
                # compare the other languages of the UNBIS row with our full names
                for other in LANGS:
                    if other == lang or field != "names":
                        continue
                    theirs = found[0].get(other, "")
                    ours = {fold(e["names"][other]), fold(e["short"][other])}
                    if theirs and fold(theirs) not in ours:
                        disagreements.append(
                            f"{e['key']}: names.{other} {e['names'][other]!r} vs UNBIS {theirs!r}")
    return rows, total_names, matched_names, matched_entries, hits, disagreements


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", default=DEFAULT_JSON)
    ap.add_argument("--unbis", default=None, help="UNBIS terms.tsv (ar zh en fr ru es)")
    ap.add_argument("--no-unbis", action="store_true")
    args = ap.parse_args(argv)

    with open(args.json, encoding="utf-8") as fh:
        data = json.load(fh)
    errors, warnings = validate(data)

    if isinstance(data, list):
        cats = Counter(e.get("category") for e in data if isinstance(e, dict))
        n_alias = sum(len(e.get("aliases") or []) for e in data if isinstance(e, dict))
        print(f"entries: {len(data)} ({', '.join(f'{c}: {n}' for c, n in sorted(cats.items()))})")
        print(f"aliases: {n_alias} (mean {n_alias / max(len(data), 1):.1f} per entry)")
        for lang in LANGS:
            distinct = sum(1 for e in data if isinstance(e, dict)
                           and e.get("short", {}).get(lang) not in (None, e.get("names", {}).get(lang)))
            print(f"  {lang}: short form distinct from full name in {distinct} entries")
        n_run = Counter(l for e in data if isinstance(e, dict) for l in (e.get("running") or {}))
        print("running forms: " + ", ".join(f"{l}: {n_run[l]}" for l in RUNNING_LANGS))
    for w in warnings:
        print("warning: " + w)
    for err in errors:
        print("ERROR: " + err)
    print(f"structure: {'OK' if not errors else str(len(errors)) + ' error(s)'}")

    if not args.no_unbis and not errors:
        path = args.unbis or next((p for p in DEFAULT_UNBIS if os.path.exists(p)), None)
        if path and os.path.exists(path):
            rows, total, matched, entries, hits, dis = unbis_crosscheck(data, path)
            all_total, all_matched = sum(total.values()), sum(matched.values())
            print(f"UNBIS cross-check ({len(rows)} terms, {path}):")
            print(f"  full names found as UNBIS terms: {all_matched}/{all_total} "
                  f"({100.0 * all_matched / max(all_total, 1):.1f}%); by language: "
                  + ", ".join(f"{l} {matched[l]}/{total[l]}" for l in LANGS))
            print(f"  entries with at least one name or short form in UNBIS: {len(entries)}/{len(data)}")
            for h in hits:
                print("  match: " + h)
            for d in dis:
                print("  differs: " + d)
        else:
            print("UNBIS cross-check skipped: terms.tsv not found (use --unbis PATH)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
