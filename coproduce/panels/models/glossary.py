"""The organisation's glossary: jargon, a plain word to use instead, and what it means."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned

__all__ = ["GlossaryTerm"]


class GlossaryTerm(OrganisationOwned):
    term = models.CharField(_("word or phrase"), max_length=100)
    plain = models.CharField(_("plain words to use instead"), max_length=200, blank=True)
    definition = models.TextField(_("what it means"), max_length=1000)
    easy_read = models.TextField(_("what it means, in easy read"), blank=True, max_length=600)
    synonyms = models.CharField(
        _("other ways people write it"), max_length=300, blank=True
    )  # comma separated
    source = models.CharField(_("where the meaning comes from"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["term", "id"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("term"), "organisation", name="one_glossary_term_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.term

    def spellings(self) -> list[str]:
        """The term and its synonyms, longest first (so "direct payment" beats "payment")."""
        words = [self.term, *(s.strip() for s in self.synonyms.split(","))]
        return sorted({w for w in words if w}, key=len, reverse=True)
