"""States as the United Nations names them, with effective-dated names."""
from __future__ import annotations

import datetime as dt

from django.db import models

from submissions.multilingual import localized


class Country(models.Model):
    """A Member State or observer State. Loaded from ``reference/countries.json``."""

    class Status(models.TextChoices):
        MEMBER = "member-state", "Member State"
        OBSERVER = "observer-state", "Observer State"

    iso3 = models.CharField(max_length=3, unique=True)
    m49 = models.CharField(max_length=3, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices)

    class Meta:
        ordering = ["iso3"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.iso3

    def name_record(self, on: dt.date | None = None) -> CountryName | None:
        """The name in force on ``on`` (today when None).

        Uses the prefetched ``names`` when present so lists need no extra query.
        """
        on = on or dt.date.today()
        for record in self.names.all():
            if record.covers(on):
                return record
        return None

    def short_name(self, language: str, on: dt.date | None = None) -> str:
        record = self.name_record(on)
        return localized(record.short, language) if record else self.iso3

    def running_name(self, language: str, on: dt.date | None = None) -> str:
        """The name as written in running text, with its article ("the Netherlands")."""
        record = self.name_record(on)
        if record is None:
            return self.iso3
        return record.running.get(language) or localized(record.short, language)


class CountryName(models.Model):
    """A State's official names in the six languages for a period of time."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="names")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True, help_text="Last day in force.")
    short = models.JSONField(help_text="Language → official short name.")
    running = models.JSONField(default=dict, blank=True, help_text="Language → name in running text.")

    class Meta:
        ordering = ["country", "valid_from"]

    def __str__(self) -> str:
        return f"{self.country.iso3}: {self.short.get('en', '')}"

    def covers(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )
