#!/usr/bin/env python3
"""Check the demo call package against the contract (call-package.md, section 1)
and check gold.yaml against call.yaml. Prints counts; exits 1 on any problem.

  /tmp/demo-venv/bin/python demo/tools/validate.py [package-dir]
"""
from __future__ import annotations

import collections
import datetime as dt
import re
import sys
import zipfile
from pathlib import Path

import yaml

LANGS = {"ar", "en", "es", "fr", "ru", "zh"}
BODIES = {"general-assembly", "human-rights-council", "economic-and-social-council"}
AUTHORS = {"secretary-general", "high-commissioner"}
CATEGORIES = {"member-state", "observer-state", "igo", "un-entity", "nhri", "ngo", "academic", "individual"}
NEEDS_COUNTRY = {"member-state", "observer-state", "nhri"}
EXTENSIONS = {".pdf", ".docx", ".odt", ".txt", ".html", ".htm", ".rtf"}
# ISO 3166-1 alpha-3 codes used or plausible here (Member States of this call + a few)
ISO3 = set("""AFG AGO ALB ARE ARG ARM AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BOL BRA BRB
BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK DOM DZA
ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB GNB GNQ GRC GRD GTM GUY HND HRV HTI
HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA
LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM
NER NGA NIC NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY PSE QAT ROU RUS RWA SAU
SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON
TTO TUN TUR TUV TZA UGA UKR URY USA UZB VAT VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE""".split())
SUB_KEYS = {"contributor", "email", "received_at", "consent_to_publish", "language", "title", "text", "files"}


def as_datetime(v) -> dt.datetime:
    if isinstance(v, dt.datetime):
        return v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)  # PyYAML < 6 gives naive UTC
    return dt.datetime.fromisoformat(str(v).replace("Z", "+00:00"))


def main(root: Path) -> int:
    errors: list[str] = []
    err = errors.append
    call = yaml.safe_load((root / "call.yaml").read_text(encoding="utf-8"))
    if not re.fullmatch(r"[a-z0-9-]+", call.get("slug", "")):
        err("call.slug")
    for key in ("title", "agenda_title", "mandate"):
        if not call.get(key) or set(call[key]) - LANGS:
            err(f"call.{key} languages: {call.get(key) and set(call[key])}")
    if call["body"] not in BODIES or call["report_author"] not in AUTHORS:
        err("call.body / report_author")
    if not isinstance(call["session"], int) or not isinstance(call.get("word_limit", 0), int):
        err("call.session / word_limit must be integers")
    if call["original_language"] not in LANGS or set(call["report_languages"]) - LANGS:
        err("call languages")
    for key in ("note_verbale_date", "deadline"):
        if not isinstance(call[key], (dt.date, dt.datetime)):
            err(f"call.{key} is not a date")
    theme_keys = [t["key"] for t in call["themes"]]
    if len(set(theme_keys)) != len(theme_keys):
        err("duplicate theme keys")
    for t in call["themes"]:
        if not re.fullmatch(r"[a-z0-9-]+", t["key"]):
            err(f"theme key {t['key']}")
        for m in ("name", "description", "keywords"):
            if m in t and set(t[m]) - LANGS:
                err(f"theme {t['key']}.{m} languages")
        n = len(t["keywords"]["en"])
        if not 8 <= n <= 20:
            err(f"theme {t['key']} has {n} keywords")
    deadline = call["deadline"]
    if not isinstance(deadline, dt.datetime):  # end of that day, Geneva (CEST in 2021-03/04)
        deadline = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(),
                                       tzinfo=dt.timezone(dt.timedelta(hours=2)))

    gold = yaml.safe_load((root / "gold.yaml").read_text(encoding="utf-8"))["submissions"]
    folders = sorted(p.name for p in (root / "submissions").iterdir() if p.is_dir())
    if set(folders) != set(gold):
        err(f"gold/folders mismatch: {set(folders) ^ set(gold)}")

    per_lang = collections.Counter()
    per_theme = collections.Counter()
    per_format = collections.Counter()
    late_count = 0
    for folder in folders:
        d = root / "submissions" / folder
        s = yaml.safe_load((d / "submission.yaml").read_text(encoding="utf-8"))
        unknown = set(s) - SUB_KEYS
        if unknown:
            err(f"{folder}: unknown keys {unknown}")
        c = s.get("contributor") or {}
        if not c.get("name") or c.get("category") not in CATEGORIES:
            err(f"{folder}: contributor name/category")
        if c.get("category") in NEEDS_COUNTRY and c.get("country") not in ISO3:
            err(f"{folder}: country {c.get('country')}")
        if "country" in c and c["country"] not in ISO3:
            err(f"{folder}: bad country {c['country']}")
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", s.get("email", "")):
            err(f"{folder}: email")
        if not re.search(r"example\.(org|int|net|com)$", s.get("email", "")):
            err(f"{folder}: email not on an example domain")
        received = as_datetime(s["received_at"])
        if not (dt.datetime(2021, 1, 5, tzinfo=dt.timezone.utc) <= received
                <= dt.datetime(2021, 4, 16, tzinfo=dt.timezone.utc)):
            err(f"{folder}: received_at out of range")
        if not isinstance(s.get("consent_to_publish"), bool):
            err(f"{folder}: consent_to_publish")
        if "language" in s and s["language"] not in LANGS:
            err(f"{folder}: language {s['language']}")
        files = s.get("files") or []
        if not files and not s.get("text"):
            err(f"{folder}: neither text nor files")
        for f in files:
            p = d / f
            if not p.is_file():
                err(f"{folder}: missing file {f}")
                continue
            if p.suffix.lower() not in EXTENSIONS:
                err(f"{folder}: extension {p.suffix}")
            head = p.read_bytes()[:8]
            if p.suffix == ".pdf" and not head.startswith(b"%PDF-"):
                err(f"{folder}: {f} is not a PDF")
            if p.suffix == ".docx" and not zipfile.is_zipfile(p):
                err(f"{folder}: {f} is not a DOCX")
        extra = {p.name for p in d.iterdir()} - set(files) - {"submission.yaml"}
        if extra:
            err(f"{folder}: files not listed: {extra}")
        fmt = "text" if not files else Path(files[0]).suffix.lstrip(".")
        per_format[fmt] += 1

        g = gold[folder]
        if g["language"] not in LANGS:
            err(f"{folder}: gold language")
        if "language" in s and s["language"] != g["language"]:
            err(f"{folder}: declared language {s['language']} != gold {g['language']}")
        if not g["themes"] or set(g["themes"]) - set(theme_keys):
            err(f"{folder}: gold themes {g['themes']}")
        if g["duplicate_of"] is not None and g["duplicate_of"] not in gold:
            err(f"{folder}: duplicate_of {g['duplicate_of']}")
        if g["late"] != (received >= deadline):
            err(f"{folder}: gold late {g['late']} but received {received.isoformat()}")
        late_count += g["late"]
        per_lang[g["language"]] += 1
        for t in g["themes"]:
            per_theme[t] += 1

    print(f"{len(folders)} submissions; late {late_count}; "
          f"duplicates {sum(1 for g in gold.values() if g['duplicate_of'])}; "
          f"consent false {sum(1 for f in folders if not yaml.safe_load((root / 'submissions' / f / 'submission.yaml').read_text())['consent_to_publish'])}")
    print("formats:", dict(per_format))
    print("languages:", dict(sorted(per_lang.items())))
    for t in theme_keys:
        print(f"  {t:34s} {per_theme[t]}")
        if per_theme[t] < 4:
            err(f"theme {t} has only {per_theme[t]} positive submissions")
    for lang in ("zh", "ar", "ru", "fr", "es"):
        if per_lang[lang] < 3:
            err(f"only {per_lang[lang]} submissions in {lang}")
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent))
