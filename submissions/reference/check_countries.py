#!/usr/bin/env python3
"""Check submissions/reference/countries.json (UN Member and observer States).

Standard library only (Python 3.11+). Two parts:

1. Structure (errors make the exit status 1): 195 entries sorted by iso3,
   unique iso3 and m49, 193 "member-state" + 2 "observer-state", every name
   record has the six UN languages non-empty, straight ASCII apostrophes only,
   dates valid, records ordered, contiguous and non-overlapping, exactly one
   record current on the check date.

2. Cross-checks (informational, exit status unaffected unless --strict):
   * current short names against the UNBIS Thesaurus terms
     (synthesis/reference/unbis_terms.tsv), folding case, accents and apostrophes;
     a mismatch that equals one of the country's former names is reported
     as "former" (the UNBIS snapshot predates the change);
   * iso3 -> numeric code against pycountry, if it can be imported.

Usage:
    python3 check_countries.py [--json PATH] [--unbis PATH] [--date YYYY-MM-DD]
                               [--quiet] [--strict]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

LANGS = ("ar", "en", "es", "fr", "ru", "zh")
RUNNING_LANGS = ("en", "es", "fr")
HERE = Path(__file__).resolve().parent
ONE_DAY = dt.timedelta(days=1)


# --------------------------------------------------------------------------- structure

def parse_date(value, where, errors):
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        errors.append(f"{where}: date {value!r} is not YYYY-MM-DD or null")
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(f"{where}: invalid date {value!r}")
        return None


def check_text(value, where, errors):
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where}: empty or not a string ({value!r})")
        return
    if value != value.strip() or "  " in value:
        errors.append(f"{where}: stray whitespace in {value!r}")
    if "\u2019" in value or "\u2018" in value:
        errors.append(f"{where}: curly apostrophe in {value!r} (use the ASCII ')")


def check_structure(data, today):
    errors: list[str] = []
    if not isinstance(data, list):
        return ["top level is not a list"]
    if len(data) != 195:
        errors.append(f"expected 195 entries, found {len(data)}")
    iso3s = [c.get("iso3") for c in data if isinstance(c, dict)]
    if iso3s != sorted(iso3s):
        errors.append("entries are not sorted by iso3")
    seen_iso3, seen_m49 = {}, {}
    status_count = {"member-state": 0, "observer-state": 0}
    for i, c in enumerate(data):
        where = f"entry {i}"
        if not isinstance(c, dict):
            errors.append(f"{where}: not an object")
            continue
        if set(c) != {"iso3", "m49", "status", "names"}:
            errors.append(f"{where}: keys {sorted(c)} != ['iso3', 'm49', 'names', 'status']")
        iso3, m49 = c.get("iso3"), c.get("m49")
        where = f"{iso3 or where}"
        if not isinstance(iso3, str) or not re.fullmatch(r"[A-Z]{3}", iso3):
            errors.append(f"{where}: bad iso3 {iso3!r}")
        if not isinstance(m49, str) or not re.fullmatch(r"\d{3}", m49):
            errors.append(f"{where}: bad m49 {m49!r} (want a 3-digit string)")
        for key, value, seen in (("iso3", iso3, seen_iso3), ("m49", m49, seen_m49)):
            if value in seen:
                errors.append(f"{where}: duplicate {key} {value!r} (also {seen[value]})")
            seen[value] = iso3
        status = c.get("status")
        if status not in status_count:
            errors.append(f"{where}: bad status {status!r}")
        else:
            status_count[status] += 1
        names = c.get("names")
        if not isinstance(names, list) or not names:
            errors.append(f"{where}: names must be a non-empty list")
            continue
        spans = []
        for j, rec in enumerate(names):
            rw = f"{where} names[{j}]"
            if not isinstance(rec, dict):
                errors.append(f"{rw}: not an object")
                continue
            if set(rec) != {"valid_from", "valid_to", "short", "running"}:
                errors.append(f"{rw}: keys {sorted(rec)} != ['running', 'short', 'valid_from', 'valid_to']")
            vf = parse_date(rec.get("valid_from"), rw, errors)
            vt = parse_date(rec.get("valid_to"), rw, errors)
            if vf and vt and vf > vt:
                errors.append(f"{rw}: valid_from {vf} after valid_to {vt}")
            spans.append((rec.get("valid_from"), vf, rec.get("valid_to"), vt))
            short = rec.get("short")
            if not isinstance(short, dict) or set(short) != set(LANGS):
                errors.append(f"{rw}: short must have exactly the keys {list(LANGS)}")
            else:
                for lang in LANGS:
                    check_text(short[lang], f"{rw} short.{lang}", errors)
            running = rec.get("running")
            if not isinstance(running, dict) or not set(running) <= set(RUNNING_LANGS):
                errors.append(f"{rw}: running must be an object with keys among {list(RUNNING_LANGS)}")
            else:
                for lang, value in running.items():
                    check_text(value, f"{rw} running.{lang}", errors)
                    if isinstance(short, dict) and value == short.get(lang):
                        errors.append(f"{rw}: running.{lang} equals the short name (omit it)")
        # ordering, contiguity, open ends
        for j, (raw_f, vf, raw_t, vt) in enumerate(spans):
            if j > 0 and raw_f is None:
                errors.append(f"{where} names[{j}]: only the first record may have valid_from null")
            if j < len(spans) - 1 and raw_t is None:
                errors.append(f"{where} names[{j}]: only the last record may have valid_to null")
        for j in range(1, len(spans)):
            prev_t, this_f = spans[j - 1][3], spans[j][1]
            if prev_t and this_f:
                if this_f <= prev_t:
                    errors.append(f"{where}: names[{j}] starts {this_f}, overlapping names[{j-1}] ending {prev_t}")
                elif this_f != prev_t + ONE_DAY:
                    errors.append(f"{where}: gap between names[{j-1}] (to {prev_t}) and names[{j}] (from {this_f})")
        current = [j for j, (_, vf, _, vt) in enumerate(spans)
                   if (vf is None or vf <= today) and (vt is None or today <= vt)]
        if len(current) != 1:
            errors.append(f"{where}: {len(current)} records current on {today} (want exactly 1)")
    if status_count != {"member-state": 193, "observer-state": 2}:
        errors.append(f"status counts {status_count} != 193 member-state + 2 observer-state")
    return errors


def current_record(country, today):
    for rec in country["names"]:
        vf = rec["valid_from"] and dt.date.fromisoformat(rec["valid_from"])
        vt = rec["valid_to"] and dt.date.fromisoformat(rec["valid_to"])
        if (not vf or vf <= today) and (not vt or today <= vt):
            return rec
    return country["names"][-1]


# --------------------------------------------------------------------------- UNBIS

_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")  # harakat, tatweel


def fold(text: str, lang: str) -> str:
    """Case-, accent- and punctuation-insensitive key for comparing names."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u2014", "-").replace("\u2013", "-")
    if lang in ("en", "es", "fr"):
        s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    if lang == "ru":
        s = s.replace("ё", "е").replace("Ё", "Е")
    if lang == "ar":
        s = _AR_MARKS.sub("", s)
    s = s.casefold()
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"\s+", " ", s)
    return s


def find_unbis(explicit: str | None) -> Path | None:
    candidates = []
    if explicit:
        candidates.append(Path(explicit))
    if os.environ.get("UNBIS_TERMS"):
        candidates.append(Path(os.environ["UNBIS_TERMS"]))
    repo = HERE.parent.parent  # submissions/reference -> repo root
    candidates += [repo / "synthesis" / "reference" / "unbis_terms.tsv"]
    for path in candidates:
        if path.is_file():
            return path
    return None


def load_unbis(path: Path):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    index = {lang: {} for lang in LANGS}
    for n, row in enumerate(rows):
        for lang in LANGS:
            value = (row.get(lang) or "").strip()
            if value:
                index[lang].setdefault(fold(value, lang), []).append(n)
    return rows, index


def locate_row(names_by_lang, index):
    """UNBIS row that most of this country's names (any period, short or running) point to.

    Falls back to the longest UNBIS English term that is a word-prefix of one
    of our English names ("united kingdom" for "United Kingdom of Great
    Britain and Northern Ireland"), so that the report can show UNBIS's form.
    """
    votes: dict[int, int] = {}
    for lang, names in names_by_lang.items():
        for name in names:
            for n in index[lang].get(fold(name, lang), []):
                votes[n] = votes.get(n, 0) + (3 if lang == "en" else 1)
    if votes:
        return max(votes, key=votes.get)
    best = None
    for name in names_by_lang.get("en", ()):
        key = fold(name, "en")
        for term, rows in index["en"].items():
            if key.startswith(term + " ") and (best is None or len(term) > len(best[0])):
                best = (term, rows[0])
    return best[1] if best else None


def names_of(records, lang):
    """Short and running forms of the given records in one language."""
    out = set()
    for r in records:
        out.add(r["short"][lang])
        if lang in r.get("running", {}):
            out.add(r["running"][lang])
    return out


def cross_check_unbis(data, today, path: Path, quiet: bool):
    rows, index = load_unbis(path)
    print(f"\n== UNBIS cross-check of current short names ({path}, {len(rows)} terms) ==")
    totals = {lang: {"match": 0, "former": 0, "mismatch": 0} for lang in LANGS}
    fully = 0
    lines = []
    for c in data:
        cur = current_record(c, today)
        former = [r for r in c["names"] if r is not cur]
        names_by_lang = {lang: names_of(c["names"], lang) for lang in LANGS}
        row_n = locate_row(names_by_lang, index)
        row = rows[row_n] if row_n is not None else None
        all_ok = True
        for lang in LANGS:
            ours = cur["short"][lang]
            if fold(ours, lang) in index[lang]:
                totals[lang]["match"] += 1
                continue
            all_ok = False
            theirs = (row.get(lang) or "").strip() if row else ""
            if theirs and fold(theirs, lang) in {fold(n, lang) for n in names_of(former, lang)}:
                totals[lang]["former"] += 1
                lines.append(f"FORMER   {c['iso3']} {lang}: ours {ours!r}; UNBIS still has former name {theirs!r}")
            else:
                totals[lang]["mismatch"] += 1
                lines.append(f"MISMATCH {c['iso3']} {lang}: ours {ours!r}; UNBIS "
                             + (repr(theirs) if theirs else "(no term found)"))
        if all_ok:
            fully += 1
            if not quiet:
                print(f"match    {c['iso3']} {cur['short']['en']}")
    for line in lines:
        print(line)
    print("\nper language (current short name found in UNBIS / UNBIS has a former name / mismatch):")
    for lang in LANGS:
        t = totals[lang]
        print(f"  {lang}: {t['match']} / {t['former']} / {t['mismatch']}")
    n_match = sum(t["match"] for t in totals.values())
    n_former = sum(t["former"] for t in totals.values())
    n_mis = sum(t["mismatch"] for t in totals.values())
    print(f"UNBIS summary: {fully}/{len(data)} countries match in all six languages; "
          f"name checks: {n_match} match, {n_former} former-name, {n_mis} mismatch "
          f"(of {len(data) * len(LANGS)})")
    return n_mis


# --------------------------------------------------------------------------- pycountry

def cross_check_pycountry(data):
    print("\n== pycountry cross-check of iso3 / m49 ==")
    try:
        import pycountry  # noqa: PLC0415 - optional, not standard library
    except ImportError:
        print("pycountry not importable: skipped (run with an interpreter that has it, e.g. a private venv)")
        return 0
    problems = 0
    for c in data:
        entry = pycountry.countries.get(alpha_3=c["iso3"])
        if entry is None:
            print(f"MISMATCH {c['iso3']}: unknown to pycountry")
            problems += 1
        elif entry.numeric != c["m49"]:
            print(f"MISMATCH {c['iso3']}: m49 {c['m49']} but ISO numeric {entry.numeric}")
            problems += 1
    version = getattr(pycountry, "__version__", "?")
    print(f"pycountry {version}: {len(data) - problems} of {len(data)} iso3/m49 pairs agree, {problems} mismatch")
    return problems


# --------------------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", default=str(HERE / "countries.json"))
    ap.add_argument("--unbis", help="path to UNBIS terms.tsv (default: synthesis/reference/unbis_terms.tsv)")
    ap.add_argument("--date", help="check date for 'current' (default: today)")
    ap.add_argument("--quiet", action="store_true", help="do not list full matches")
    ap.add_argument("--strict", action="store_true", help="exit 1 on cross-check mismatches too")
    args = ap.parse_args(argv)
    today = dt.date.fromisoformat(args.date) if args.date else dt.date.today()

    with open(args.json, encoding="utf-8") as f:
        data = json.load(f)
    errors = check_structure(data, today)
    print(f"== structure ({args.json}, check date {today}) ==")
    if errors:
        for e in errors:
            print("ERROR", e)
        print(f"structure: {len(errors)} error(s)")
        return 1
    n_records = sum(len(c["names"]) for c in data)
    members = sum(c["status"] == "member-state" for c in data)
    print(f"structure OK: {len(data)} entries ({members} member-state, {len(data) - members} observer-state), "
          f"{n_records} name records, {n_records - len(data)} dated name changes")

    mismatches = 0
    path = find_unbis(args.unbis)
    if path:
        mismatches += cross_check_unbis(data, today, path, args.quiet)
    else:
        print("\nUNBIS terms.tsv not found: cross-check skipped")
    mismatches += cross_check_pycountry(data)
    return 1 if (args.strict and mismatches) else 0


if __name__ == "__main__":
    sys.exit(main())
