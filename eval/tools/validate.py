#!/usr/bin/env python3
"""Check the evaluation call packages in eval/calls/ against the import contract
(docs/call-package.md, section 1) and against their gold labels.

Usage:  python3 eval/tools/validate.py [eval/calls/<slug> ...]
Needs PyYAML and poppler-utils (pdftotext, pdfinfo). Prints counts per call and
exits 1 on any problem.
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import yaml

EVAL = Path(__file__).resolve().parent.parent
LANGS = {"ar", "en", "es", "fr", "ru", "zh"}
BODIES = {"general-assembly", "human-rights-council", "economic-and-social-council"}
AUTHORS = {"secretary-general", "high-commissioner"}
CATEGORIES = {"member-state", "observer-state", "igo", "un-entity", "nhri", "ngo", "academic", "individual"}
NEEDS_COUNTRY = {"member-state", "observer-state", "nhri"}
EXTENSIONS = {".pdf", ".docx", ".odt", ".txt", ".html", ".htm", ".rtf"}
MIN_PER_THEME = 5
MIN_PER_LANGUAGE = 5
MIN_CATEGORY = {"member-state": 12, "igo+un-entity": 7, "nhri": 1, "ngo": 8, "academic": 2, "individual": 4}


def geneva_offset(day: dt.date) -> dt.timezone:
    """CET/CEST by the EU rule (last Sunday of March / October, 01:00 UTC)."""
    def last_sunday(month: int) -> dt.date:
        d = dt.date(day.year, month, 31)
        return d - dt.timedelta(days=(d.weekday() + 1) % 7)
    summer = last_sunday(3) <= day < last_sunday(10)
    return dt.timezone(dt.timedelta(hours=2 if summer else 1))


def deadline_end(deadline) -> dt.datetime:
    if isinstance(deadline, dt.datetime):
        return deadline if deadline.tzinfo else deadline.replace(tzinfo=geneva_offset(deadline.date()))
    nxt = deadline + dt.timedelta(days=1)
    return dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=geneva_offset(deadline))


def as_datetime(v) -> dt.datetime | None:
    if isinstance(v, dt.datetime):
        return v if v.tzinfo else v.replace(tzinfo=dt.timezone.utc)  # PyYAML < 6: naive UTC
    try:
        return dt.datetime.fromisoformat(str(v).replace("Z", "+00:00"))
    except ValueError:
        return None


def pdf_info(path: Path) -> tuple[str, str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    m = re.search(r"^Producer:\s*(.*)$", info, re.M) or re.search(r"^Creator:\s*(.*)$", info, re.M)
    return text, (m.group(1).strip() if m else "")


def producer_family(producer: str) -> str:
    p = producer.lower()
    for key, name in (("weasyprint", "WeasyPrint"), ("reportlab", "ReportLab"), ("fpdf", "fpdf2"),
                      ("libreoffice", "LibreOffice"), ("openoffice", "LibreOffice")):
        if key in p:
            return name
    return producer or "unknown"


def body_text(folder: Path, sub: dict) -> str:
    """Rough text of a submission (for campaign similarity)."""
    out = [sub.get("text") or ""]
    for f in sub.get("files") or []:
        p = folder / f
        if p.suffix == ".pdf":
            out.append(pdf_info(p)[0])
        elif p.suffix in (".txt", ".html", ".rtf"):
            out.append(p.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(out)


def check_call(call: Path) -> list[str]:
    errors: list[str] = []
    err = errors.append
    cy = yaml.safe_load((call / "call.yaml").read_text(encoding="utf-8"))
    # ------------------------------------------------------------ call.yaml
    for key in ("slug", "title", "body", "session", "agenda_item", "mandate", "report_symbol", "report_author",
                "original_language", "report_languages", "note_verbale_date", "deadline", "themes"):
        if key not in cy:
            err(f"call.yaml: missing {key}")
    if not re.fullmatch(r"[a-z0-9-]+", str(cy.get("slug", ""))):
        err("call.yaml: bad slug")
    for key in ("title", "agenda_title", "mandate"):
        if key in cy and (not isinstance(cy[key], dict) or not set(cy[key]) <= LANGS):
            err(f"call.yaml: {key} must map languages to strings")
    if len(cy.get("title", {})) < 2:
        err("call.yaml: title needs en and at least one other language")
    if cy.get("body") not in BODIES:
        err("call.yaml: bad body")
    if cy.get("report_author") not in AUTHORS:
        err("call.yaml: bad report_author")
    if not isinstance(cy.get("session"), int):
        err("call.yaml: session must be an integer")
    if cy.get("original_language") not in LANGS or not set(cy.get("report_languages", [])) <= LANGS:
        err("call.yaml: bad languages")
    if not isinstance(cy.get("note_verbale_date"), dt.date) or not isinstance(cy.get("deadline"), dt.date):
        err("call.yaml: note_verbale_date and deadline must be dates")
    themes, theme_langs = {}, set()
    for t in cy.get("themes", []):
        if not re.fullmatch(r"[a-z0-9-]+", t.get("key", "")) or "name" not in t:
            err(f"call.yaml: bad theme {t}")
            continue
        # Each call defines its themes in one language only (en in calls 1-2, fr in call 3):
        # tagging has to expand them to the other five languages.
        langs = set(t["name"]) | set(t.get("description") or {}) | set(t.get("keywords") or {})
        if len(langs) != 1 or not langs <= LANGS or not t.get("description") or not t.get("keywords"):
            err(f"call.yaml: theme {t['key']} should have name, description and keywords in one language only")
        theme_langs.update(langs)
        themes[t["key"]] = t
    if not 6 <= len(themes) <= 9:
        err(f"call.yaml: {len(themes)} themes (want 6-9)")
    if len(theme_langs) > 1:
        err(f"call.yaml: themes defined in several languages {sorted(theme_langs)} (want one)")
    end = deadline_end(cy["deadline"])

    # ----------------------------------------------------- submission folders
    gold = yaml.safe_load((call / "gold.yaml").read_text(encoding="utf-8"))["submissions"]
    folders = sorted(p for p in (call / "submissions").iterdir() if p.is_dir())
    names = {p.name for p in folders}
    if names != set(gold):
        err(f"gold.yaml and submissions/ differ: {sorted(names ^ set(gold))}")
    subs, hashes = {}, {}
    formats, producers, ar_zh_producers = Counter(), Counter(), {"ar": set(), "zh": set()}
    for folder in folders:
        name = folder.name
        sub = yaml.safe_load((folder / "submission.yaml").read_text(encoding="utf-8"))
        subs[name] = sub
        c = sub.get("contributor") or {}
        if not c.get("name"):
            err(f"{name}: contributor.name missing")
        if c.get("category") not in CATEGORIES:
            err(f"{name}: bad category {c.get('category')}")
        if c.get("category") in NEEDS_COUNTRY and not re.fullmatch(r"[A-Z]{3}", str(c.get("country", ""))):
            err(f"{name}: {c.get('category')} needs an ISO 3166-1 alpha-3 country")
        if not sub.get("email") or "@" not in sub["email"]:
            err(f"{name}: bad email")
        rec = as_datetime(sub.get("received_at"))
        if rec is None or rec.tzinfo is None:
            err(f"{name}: received_at must be an ISO 8601 datetime with offset")
        if not isinstance(sub.get("consent_to_publish"), bool):
            err(f"{name}: consent_to_publish must be a bool")
        if "language" in sub and sub["language"] not in LANGS:
            err(f"{name}: bad language")
        files = sub.get("files") or []
        if not files and not sub.get("text"):
            err(f"{name}: neither text nor files")
        if not files:
            formats["text (e-mail body)"] += 1
        present = {p.name for p in folder.iterdir()} - {"submission.yaml"}
        if present != set(files):
            err(f"{name}: files on disk {sorted(present)} != files listed {files}")
        for f in files:
            p = folder / f
            if not p.exists():
                err(f"{name}: missing file {f}")
                continue
            if p.suffix.lower() not in EXTENSIONS:
                err(f"{name}: extension not accepted: {f}")
            hashes[name] = hashlib.sha256(p.read_bytes()).hexdigest()
            kind = p.suffix.lower().lstrip(".")
            if kind == "pdf":
                text, producer = pdf_info(p)
                fam = producer_family(producer)
                if len(text.strip()) < 300:
                    err(f"{name}: PDF has little or no text")
                lang = gold.get(name, {}).get("language")
                if lang in ar_zh_producers:
                    ar_zh_producers[lang].add(fam)
                if gold.get(name, {}).get("duplicate_of") is None:
                    producers[fam] += 1
                kind = f"pdf ({fam})"
            elif kind in ("docx", "odt"):
                try:
                    z = zipfile.ZipFile(p)
                    part = "word/document.xml" if kind == "docx" else "content.xml"
                    if len(z.read(part)) < 1000:
                        err(f"{name}: {f} looks empty")
                    app = z.read("docProps/app.xml").decode("utf-8", "replace") if kind == "docx" and \
                        "docProps/app.xml" in z.namelist() else ""
                    if kind == "docx":
                        kind += " (LibreOffice)" if "LibreOffice" in app else " (python-docx)"
                except (zipfile.BadZipFile, KeyError) as e:
                    err(f"{name}: cannot open {f}: {e}")
            elif kind == "rtf" and not p.read_bytes().startswith(b"{\\rtf"):
                err(f"{name}: {f} is not RTF")
            if sub.get("text"):
                kind += " + cover text"
            formats[kind] += 1

    # ---------------------------------------------------------------- gold
    theme_pos, lang_count, cat_count = Counter(), Counter(), Counter()
    for name, g in gold.items():
        sub = subs.get(name)
        if sub is None:
            continue
        if g["language"] not in LANGS:
            err(f"gold {name}: bad language")
        if "language" in sub and sub["language"] != g["language"]:
            err(f"gold {name}: declared language {sub['language']} != gold {g['language']}")
        for k in g["themes"]:
            if k not in themes:
                err(f"gold {name}: unknown theme {k}")
        if not g["themes"]:
            err(f"gold {name}: no themes")
        if g["category"] != sub["contributor"]["category"]:
            err(f"gold {name}: category differs from submission.yaml")
        if g["consent"] != sub["consent_to_publish"]:
            err(f"gold {name}: consent differs from submission.yaml")
        late = as_datetime(sub["received_at"]) >= end
        if g["late"] != late:
            err(f"gold {name}: late={g['late']} but received_at says {late}")
        dup = g.get("duplicate_of")
        if dup is not None:
            if dup not in gold or gold[dup].get("duplicate_of") is not None:
                err(f"gold {name}: duplicate_of must name an original folder")
            if as_datetime(subs[dup]["received_at"]) > as_datetime(sub["received_at"]):
                err(f"gold {name}: duplicate received before its original")
        if g.get("campaign") and dup is None and any(
                x.get("campaign") == g["campaign"] and x.get("duplicate_of") not in (None, name)
                for x in gold.values()):
            err(f"gold {name}: campaign members must point to the first letter")
        lang_count[g["language"]] += 1
        cat_count[g["category"]] += 1
        if dup is None:
            theme_pos.update(g["themes"])
    for k in themes:
        if theme_pos[k] < MIN_PER_THEME:
            err(f"theme {k}: only {theme_pos[k]} positive non-duplicate submissions")
    for lang in sorted(LANGS):
        if lang_count[lang] < MIN_PER_LANGUAGE:
            err(f"language {lang}: only {lang_count[lang]} submissions")
    for cat, need in MIN_CATEGORY.items():
        have = sum(cat_count[c] for c in cat.split("+"))
        if have < need:
            err(f"category {cat}: {have} < {need}")
    if not 42 <= len(gold) <= 50:
        err(f"{len(gold)} submissions (want 42-50)")
    no_consent = [n for n, g in gold.items() if not g["consent"]]
    if len(no_consent) < 5 or sum(gold[n]["category"] == "individual" for n in no_consent) < 2 \
            or sum(gold[n]["category"] == "ngo" for n in no_consent) < 1:
        err(f"consent: need >=5 without consent incl. 2 individuals and 1 NGO: {no_consent}")
    if len([p for p in producers if p in ("WeasyPrint", "ReportLab", "fpdf2", "LibreOffice")]) < 3:
        err(f"PDF producers: {dict(producers)}")
    for lang, fams in ar_zh_producers.items():
        if len(fams) < 2:
            err(f"{lang} PDFs from fewer than two producers: {fams}")

    # ------------------------------------------------ duplicates and campaigns
    campaigns = Counter(g["campaign"] for g in gold.values() if g.get("campaign"))
    if not campaigns or not all(6 <= n <= 8 for n in campaigns.values()):
        err(f"campaigns: {dict(campaigns)} (want one group of 6-8 letters)")
    resent = shared = 0
    for name, g in gold.items():
        dup = g.get("duplicate_of")
        if dup and not g.get("campaign"):
            resent += 1
            if hashes.get(name) is None or hashes.get(name) != hashes.get(dup):
                err(f"{name}: re-sent file is not byte-identical to {dup}'s")
            if subs[name]["contributor"]["name"] != subs[dup]["contributor"]["name"]:
                err(f"{name}: re-submission from a different sender")
        if g.get("campaign") and dup:
            a, b = body_text(call / "submissions" / dup, subs[dup]), body_text(call / "submissions" / name, subs[name])
            ratio = difflib.SequenceMatcher(None, a, b).ratio()
            if ratio < 0.85:
                err(f"{name}: campaign letter only {ratio:.2f} similar to {dup}")
            if subs[name]["contributor"]["name"] == subs[dup]["contributor"]["name"]:
                err(f"{name}: campaign letter from the same sender as {dup}")
    by_hash: dict[str, list[str]] = {}
    for name, h in hashes.items():
        by_hash.setdefault(h, []).append(name)
    for names_ in by_hash.values():
        originals = [n for n in names_ if gold[n].get("duplicate_of") is None]
        if len(originals) > 1:
            shared += 1
            senders = {subs[n]["contributor"]["name"] for n in originals}
            covers = {subs[n].get("text") for n in originals}
            if len(senders) != len(originals) or len(covers) != len(originals) or None in covers:
                err(f"shared attachment {originals}: needs different senders and different covering texts")
            if any(gold[n].get("campaign") for n in originals):
                err(f"shared attachment {originals}: must not be a campaign")
    if resent < 1 or shared < 1:
        err(f"need a re-sent file ({resent}) and a shared attachment ({shared})")
    if not any(g["late"] for g in gold.values()):
        err("no late submission")

    # ------------------------------------------------------------- report
    print(f"\n== {cy['slug']} ({cy['body']}, {cy['report_author']}, deadline end {end.isoformat()})")
    print(f"   submissions: {len(gold)}; themes: {len(themes)} (defined in {', '.join(sorted(theme_langs))} only)")
    print("   languages:  ", dict(sorted(lang_count.items())))
    print("   categories: ", dict(sorted(cat_count.items())))
    print("   formats:    ", dict(sorted(formats.items())))
    print("   PDF producers (non-duplicate files):", dict(sorted(producers.items())),
          "| ar:", sorted(ar_zh_producers["ar"]), "zh:", sorted(ar_zh_producers["zh"]))
    print("   positives per theme (non-duplicates):", dict(theme_pos))
    print("   late:", [n for n, g in gold.items() if g["late"]])
    print("   no consent:", no_consent)
    print("   campaigns:", dict(campaigns), "| re-sent:", resent, "| shared attachments:", shared)
    return errors


def main(argv: list[str]) -> int:
    calls = [Path(a).resolve() for a in argv] or sorted(p for p in (EVAL / "calls").iterdir() if p.is_dir())
    problems = 0
    for call in calls:
        errs = check_call(call)
        for e in errs:
            print(f"   ERROR {e}")
        problems += len(errs)
    size = sum(p.stat().st_size for p in EVAL.rglob("*") if p.is_file())
    print(f"\neval/ total size: {size / 1e6:.1f} MB")
    if size > 15e6:
        print("   ERROR eval/ is larger than 15 MB")
        problems += 1
    print("OK" if not problems else f"{problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
