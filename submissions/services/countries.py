"""Loading the reference table of States from the JSON shipped in the repo."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from ..models import Country, CountryName

COUNTRIES_FILE = Path(__file__).resolve().parent.parent / "reference" / "countries.json"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def load_countries(path: Path = COUNTRIES_FILE) -> int:
    """Insert or update every State and replace its name records. Idempotent."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    for row in rows:
        country, _ = Country.objects.update_or_create(
            iso3=row["iso3"], defaults={"m49": row["m49"], "status": row["status"]}
        )
        country.names.all().delete()
        CountryName.objects.bulk_create(
            CountryName(
                country=country,
                valid_from=_date(name.get("valid_from")),
                valid_to=_date(name.get("valid_to")),
                short=name["short"],
                running=name.get("running") or {},
            )
            for name in row["names"]
        )
    return len(rows)


def ensure_countries_loaded() -> None:
    """Load the table on first use (fresh databases, test runs)."""
    if not Country.objects.exists():
        load_countries()
