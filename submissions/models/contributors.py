"""Who sent a submission."""
from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models.countries import Country


class ContributorCategory(models.TextChoices):
    MEMBER_STATE = "member-state", _("Member State")
    OBSERVER_STATE = "observer-state", _("Observer State")
    IGO = "igo", _("Intergovernmental organization")
    UN_ENTITY = "un-entity", _("United Nations entity")
    NHRI = "nhri", _("National human rights institution")
    NGO = "ngo", _("Non-governmental organization")
    ACADEMIC = "academic", _("Academic institution")
    INDIVIDUAL = "individual", _("Individual")


# Categories that must name a country (call-package contract).
CATEGORIES_WITH_COUNTRY = frozenset(
    {ContributorCategory.MEMBER_STATE, ContributorCategory.OBSERVER_STATE, ContributorCategory.NHRI}
)
STATE_CATEGORIES = frozenset({ContributorCategory.MEMBER_STATE, ContributorCategory.OBSERVER_STATE})
ORGANIZATION_CATEGORIES = frozenset({ContributorCategory.IGO, ContributorCategory.UN_ENTITY})


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

    def _organization(self):
        if self.category not in ORGANIZATION_CATEGORIES:
            return None
        from submissions.organizations import match_organization

        return match_organization(self.name)

    def display_name(self, language: str = "en", on: dt.date | None = None) -> str:
        """A State or a UN entity / IGO under its official UN name in ``language``; others as written."""
        if self.is_state and self.country_id:
            return self.country.short_name(language, on)
        organization = self._organization()
        return organization.name(language) if organization else self.name

    def running_name(self, language: str = "en", on: dt.date | None = None) -> str:
        """The name as written in running text, with its article ("the Syrian Arab Republic")."""
        if self.is_state and self.country_id:
            return self.country.running_name(language, on)
        organization = self._organization()
        return organization.running_name(language) if organization else self.name
