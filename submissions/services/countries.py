"""Loading the reference table of States from the JSON shipped in the repo."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction

from submissions.models import Country, CountryName

COUNTRIES_FILE = Path(__file__).resolve().parent.parent / "reference" / "countries.json"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _name_records(country: Country, row: dict) -> list[CountryName]:
    return [
        CountryName(
            country=country,
            valid_from=_date(name.get("valid_from")),
            valid_to=_date(name.get("valid_to")),
            short=name["short"],
            running=name.get("running") or {},
        )
        for name in row["names"]
    ]


@transaction.atomic
def load_countries(path: Path = COUNTRIES_FILE) -> int:
    """Insert or update every State and replace its name records. Idempotent.

    An empty table (fresh or flushed database) is filled in two bulk inserts.
    """
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    if not Country.objects.exists():
        countries = Country.objects.bulk_create(
            Country(iso3=row["iso3"], m49=row["m49"], status=row["status"]) for row in rows
        )
        CountryName.objects.bulk_create(
            record for country, row in zip(countries, rows, strict=True) for record in _name_records(country, row)
        )
        return len(rows)
    for row in rows:
        country, _ = Country.objects.update_or_create(
            iso3=row["iso3"], defaults={"m49": row["m49"], "status": row["status"]}
        )
        country.names.all().delete()
        CountryName.objects.bulk_create(_name_records(country, row))
    return len(rows)


def ensure_countries_loaded() -> None:
    """Load the table on first use (fresh databases, test runs)."""
    if not Country.objects.exists():
        load_countries()
