"""United Nations entities and intergovernmental organizations under their official names.

Submitters write "UNDP – Bureau for Policy and Programme Support", "联合国环境规划署"
or "ФАО – Отделение связи в Женеве"; a report names the organization as the UN
does in the report's language. The table ships as ``reference/organizations.json``.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from submissions.multilingual import localized

ORGANIZATIONS_FILE = Path(__file__).resolve().parent / "reference" / "organizations.json"
# "UNDP – Bureau for Policy…", "Conseil de l'Europe - Bureau de Genève": the part before the dash names it.
_UNIT_SEPARATOR = re.compile(r"\s+[–—-]\s+|\s*[,;]\s+")
_PARENTHESIS = re.compile(r"[(（]([^)）]*)[)）]")


@dataclass(frozen=True)
class Organization:
    key: str
    category: str
    names: dict
    short: dict
    running: dict

    def name(self, language: str) -> str:
        return localized(self.names, language)

    def running_name(self, language: str) -> str:
        return self.running.get(language) or self.name(language)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", " ", text).strip()


@lru_cache(maxsize=1)
def _index() -> dict[str, Organization]:
    index: dict[str, Organization] = {}
    for row in json.loads(ORGANIZATIONS_FILE.read_text(encoding="utf-8")):
        organization = Organization(row["key"], row["category"], row["names"], row.get("short", {}),
                                    row.get("running", {}))
        for alias in [*row.get("aliases", []), *row["names"].values(), *row.get("short", {}).values()]:
            if alias:
                index.setdefault(fold(alias), organization)
    return index


def match_organization(name: str) -> Organization | None:
    """The organization a submitter's wording refers to, or None."""
    index = _index()
    candidates = [name, *_UNIT_SEPARATOR.split(name, maxsplit=1)[:1]]
    candidates += [m.group(1) for m in _PARENTHESIS.finditer(name)]
    candidates.append(_PARENTHESIS.sub("", name))
    for candidate in candidates:
        organization = index.get(fold(candidate))
        if organization is not None:
            return organization
    return None
