"""Passage quality before/after (decision 0018): whole sentences and formalities, per language.

For every submission of the demo call and the evaluation calls whose source text is in
the package (``demo/tools/texts/``, ``eval/calls/*/sources/texts/``), the files are
extracted and cut into evidence passages twice: with the committed code (``git show
HEAD:…``, "before") and with the working tree ("after"). Against the source text:

- *mid-sentence*: the passage's wording is not in the source, or it does not start at a
  sentence or paragraph start, or does not end at a sentence end or paragraph end;
- *formality*: a heading of the source ("#" lines), a line the producer added (letterhead,
  reference, dateline, running header, "Page 1 of 2": not in the source at all), or a
  courtesy formula / salutation / subject line (a fixed list of the phrases, below).

Run: ``.venv/bin/python bench/passages_quality.py`` (no database needed).
"""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import types
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/passages-quality.sqlite3")

import django  # noqa: E402

django.setup()

from synthesis import extraction as extraction_after  # noqa: E402
from synthesis import passages as passages_after  # noqa: E402

FORMALITY = re.compile(
    r"highest consideration|avails itself|presents its compliments|has the honou?r|dear |yours sincerely|"
    r"sincerely|best regards|kind regards|subject:|^re:|haute considération|saisit cette occasion|"
    r"présente ses compliments|l'honneur|objet ?:|madame|monsieur|cordialement|alta consideración|"
    r"aprovecha la oportunidad|tiene el honor|asunto:|estimad|atentamente|уважени|пользуется случаем|"
    r"имеет честь|тема:|崇高的敬意|借此机会|致意|事由|此致|尊敬的|أسمى آيات|فائق تقدير|تغتنم|تهدي|"
    r"تتشرف|الموضوع|تحياتها", re.IGNORECASE)
TERMINAL = ".!?;:。！？；：؟؛…\"”»)）"


def _old_module(name: str, path: str) -> types.ModuleType:
    source = subprocess.run(["git", "show", f"HEAD:{path}"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout
    folder = tempfile.mkdtemp(prefix="passages-before-")
    file = Path(folder) / f"{name}.py"
    file.write_text(source)
    spec = importlib.util.spec_from_file_location(name, file)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u00ad#*")


def packages() -> list[tuple[Path, Path, dict]]:
    """(submission folder, source text, manifest entry or {}) for each submission with a source."""
    found = []
    for submission in sorted((ROOT / "demo" / "submissions").iterdir()):
        found.append((submission, ROOT / "demo" / "tools" / "texts", {}))
    for call in sorted((ROOT / "eval" / "calls").iterdir()):
        manifest = yaml.safe_load((call / "sources" / "manifest.yaml").read_text())
        entries = {e["folder"]: e for e in manifest["submissions"]}
        for submission in sorted((call / "submissions").iterdir()):
            found.append((submission, call / "sources" / "texts", entries.get(submission.name, {})))
    out = []
    for folder, texts, entry in found:
        source = texts / f"{folder.name}.txt"
        base = re.sub(r"-(?:resent|\d+)$", "", folder.name)
        if not source.exists():
            candidates = sorted(texts.glob(f"{base.rsplit('-', 1)[0]}-*.txt")) if folder.name.startswith(
                ("camp", "campaign")) else []
            source = candidates[0] if candidates else texts / f"{base}.txt"
        if folder.name.startswith("campaign-"):
            source = texts / "ind-fern-powers.txt"
        if source.exists() and (folder / "submission.yaml").exists():
            out.append((folder, source, entry))
    return out


def stored_texts(folder: Path, extraction: types.ModuleType) -> tuple[str, list[tuple[str, int | None, list[str]]]]:
    meta = yaml.safe_load((folder / "submission.yaml").read_text())
    texts: list[tuple[str, int | None, list[str]]] = [(meta.get("text") or "", None, [])]
    for name in meta.get("files") or []:
        path = folder / name
        kind = path.suffix.lower().lstrip(".")
        if kind not in extraction.EXTRACTORS or not path.exists():
            continue
        try:
            extracted = extraction.extract(kind, path.read_bytes())
        except Exception:  # noqa: BLE001 - a file we cannot read is not a passage
            continue
        if extracted.pages:
            for number, page in enumerate(extracted.pages, start=1):
                texts.append((page, number, extracted.pages))
        else:
            texts.append((extracted.text, None, []))
    return meta.get("language") or "", texts


def whole(quote: str, source: str) -> bool:
    """The quote is in the source and starts and ends where a sentence or paragraph does."""
    needle, haystack = squash(quote), squash_with_marks(source)
    index = haystack.find(needle)
    if not needle or index < 0:
        return False
    before = haystack[:index].rstrip("\u2029")
    starts = index == 0 or haystack[index - 1] == "\u2029" or before.endswith(tuple(TERMINAL))
    after = index + len(needle)
    ends = after == len(haystack) or haystack[after] == "\u2029" or needle.endswith(tuple(TERMINAL))
    return starts and ends


def squash_with_marks(source: str) -> str:
    """Squashed source with paragraph (and list line) starts kept as U+2029."""
    lines = [line for line in source.split("\n")]
    return "\u2029".join(squash(line) for line in lines)


def main() -> None:
    old_extraction = _old_module("extraction_before", "synthesis/extraction.py")
    old_passages = _old_module("passages_before", "synthesis/passages.py")
    counts: Counter[tuple[str, str, str]] = Counter()
    examples: dict[str, list[str]] = {"before": [], "after": []}
    for folder, source_path, entry in packages():
        source = source_path.read_text()
        sources = {squash(h) for h in re.findall(r"^#+\s*(.+)$", source, flags=re.M)}
        for label, extraction, module in (("before", old_extraction, old_passages),
                                          ("after", extraction_after, passages_after)):
            language, texts = stored_texts(folder, extraction)
            language = language or entry.get("gold", {}).get("language", "")
            for text, page, pages in texts:
                if not text:
                    continue
                if label == "before":
                    found = module.split_text(text, source="attachment", page=page)
                else:
                    repeated = module._repeated_lines(pages) if pages else set()
                    found = module.split_text(text, source="attachment", page=page, language=language,
                                              repeated=repeated)
                for passage in found:
                    quote = passage.quote or passage.text
                    lang = language or "?"
                    counts[label, lang, "passages"] += 1
                    if not whole(quote, source):
                        counts[label, lang, "mid-sentence"] += 1
                        if len(examples[label]) < 400:
                            examples[label].append(f"{folder.name}: {quote[:100]}")
                    squashed = squash(quote)
                    heading = squashed in sources
                    if heading or FORMALITY.search(quote) or squashed not in squash(source):
                        counts[label, lang, "formality"] += 1
    languages = sorted({lang for _, lang, _ in counts})
    print(f"{'lang':5} {'passages':>17} {'mid-sentence':>17} {'formality/heading':>19}")
    for lang in [*languages, "all"]:
        row = []
        for metric in ("passages", "mid-sentence", "formality"):
            b = sum(v for (who, g, m), v in counts.items() if who == "before" and m == metric and lang in (g, "all"))
            a = sum(v for (who, g, m), v in counts.items() if who == "after" and m == metric and lang in (g, "all"))
            row.append(f"{b:>7} → {a:<7}")
        print(f"{lang:5} " + "  ".join(row))
    if "-v" in sys.argv:
        for line in examples["after"]:
            print("after mid-sentence:", line)


if __name__ == "__main__":
    main()
