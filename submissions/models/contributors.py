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
    # The name as reports print it, per language (staff edit it; organizations' forms come from the
    # reference table): a report never prints a name in another script (issue 10).
    names = models.JSONField(default=dict, blank=True, help_text="Language → the name reports print.")
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
        """The name staff set for ``language``; else a State or UN entity / IGO by its UN name; else as written."""
        if self.names.get(language):
            return str(self.names[language])
        if self.is_state and self.country is not None:
            return self.country.short_name(language, on)
        organization = self._organization()
        return organization.name(language) if organization else self.name

    def running_name(self, language: str = "en", on: dt.date | None = None) -> str:
        """The name as written in running text, with its article ("the Syrian Arab Republic")."""
        if self.names.get(language):
            return str(self.names[language])
        if self.is_state and self.country is not None:
            return self.country.running_name(language, on)
        organization = self._organization()
        return organization.running_name(language) if organization else self.name

    def short_name(self, language: str = "en") -> str:
        """An organization's UN short form in ``language`` ("UNDP", "开发署"), or ""."""
        organization = self._organization()
        return str(organization.short.get(language, "")) if organization else ""
