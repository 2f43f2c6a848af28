"""Questions a panel adds to its own application form: one answer chosen from a short list.

The answers are kept on the application (`Application.extra_answers`, question id -> option
value). The selection step can use each question as a category, but only for applicants who
agreed to their answers being used to choose (see `coproduce.selection.categories`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned

__all__ = ["PanelQuestion"]


class PanelQuestion(OrganisationOwned):
    """A multiple-choice question on one panel's application form.

    `options` is a list of {"value": key, "label": text}; keys never change once made, so old
    answers keep their meaning. A question is never deleted once asked: `retired_at` stops it
    being asked and offered for selection.
    """

    panel = models.ForeignKey(
        "panels.Panel", on_delete=models.CASCADE, related_name="extra_questions"
    )
    text = models.CharField(_("question"), max_length=300)
    hint = models.CharField(_("extra help under the question"), max_length=300, blank=True)
    options = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["panel", "created_at", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def key(self) -> str:
        """The category key used by the selection step and the form field name."""
        return f"question_{self.pk}"

    def labels(self) -> dict[str, str]:
        return {str(o["value"]): str(o["label"]) for o in self.options}
