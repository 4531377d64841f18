"""Who sent a submission."""
from __future__ import annotations

import datetime as dt

from django.db import models

from .countries import Country


class ContributorCategory(models.TextChoices):
    MEMBER_STATE = "member-state", "Member State"
    OBSERVER_STATE = "observer-state", "Observer State"
    IGO = "igo", "Intergovernmental organization"
    UN_ENTITY = "un-entity", "United Nations entity"
    NHRI = "nhri", "National human rights institution"
    NGO = "ngo", "Non-governmental organization"
    ACADEMIC = "academic", "Academic institution"
    INDIVIDUAL = "individual", "Individual"


# Categories that must name a country (call-package contract).
CATEGORIES_WITH_COUNTRY = frozenset(
    {ContributorCategory.MEMBER_STATE, ContributorCategory.OBSERVER_STATE, ContributorCategory.NHRI}
)
STATE_CATEGORIES = frozenset({ContributorCategory.MEMBER_STATE, ContributorCategory.OBSERVER_STATE})


class Contributor(models.Model):
    """A State, organization or person that answers calls; reused across calls."""

    name = models.CharField(max_length=300, help_text="As written by the sender, any script.")
    category = models.CharField(max_length=20, choices=ContributorCategory.choices)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="contributors"
    )
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["category", "country"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_state(self) -> bool:
        return self.category in STATE_CATEGORIES

    def display_name(self, language: str = "en", on: dt.date | None = None) -> str:
        """A State under its official UN name in ``language``; others as they wrote it."""
        if self.is_state and self.country_id:
            return self.country.short_name(language, on)
        return self.name
