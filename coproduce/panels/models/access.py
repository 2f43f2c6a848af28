"""Adjustments to access needs, following the NHS Accessible Information Standard (AIS).

The need belongs to the person (`people.AccessNeed`: they tell us once, for everything they
take part in); what each panel agreed to do about it belongs to the panel. The AIS steps:

- identify and record: `people.AccessNeed` (when and how we found out; a kind from the list,
  the choices that apply, and their own words);
- flag: `panels.domain.access.people_with_adjustments` gives only "has an adjustment" to pages
  (meeting invite list, attendance, the facilitator's view);
- share: `AccessNeed.share_with_facilitators` records the person's agreement that staff who
  run a meeting may read it; without it only the panel's named contact and deputy can;
- meet: `Adjustment` (what this panel agreed to do) and `AdjustmentCheck` (met or not, per
  meeting);
- review: `Adjustment.review_on` and `reviewed_on`.

Special category data (health, UK GDPR Art. 9), stored apart from the member and the panel.
Read it only through `panels.domain.access`, which checks who may and logs every look.
`__str__` never says what the need is; exports, emails, live events and log lines never
carry it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned
from coproduce.people.models import NEED_OPTIONS, AccessNeed, NeedKind

__all__ = ["NEED_OPTIONS", "AccessNeed", "Adjustment", "AdjustmentCheck", "NeedKind"]


class Adjustment(OrganisationOwned):
    """What we agreed to do to meet a need (AIS step meet), and when we check it (review)."""

    # The person's need (`people.AccessNeed`): one record, wherever they take part.
    need = models.ForeignKey(AccessNeed, on_delete=models.CASCADE, related_name="adjustments")
    # Copied from the need so that flags for a whole panel come from one indexed query.
    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    description = models.TextField(_("what we will do"), max_length=2000)
    agreed_on = models.DateField(_("date agreed"))
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_on = models.DateField(_("check it is still right on"))
    reviewed_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_on", "id"]
        indexes = [models.Index(fields=["panel", "ended_on"])]

    def __str__(self) -> str:
        return f"Adjustment {self.pk}"  # never what it is

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class AdjustmentCheck(OrganisationOwned):
    """Whether an agreed adjustment was met at one meeting."""

    class Result(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    adjustment = models.ForeignKey(Adjustment, on_delete=models.CASCADE, related_name="checks")
    meeting = models.ForeignKey("panels.Meeting", on_delete=models.CASCADE, related_name="+")
    result = models.CharField(max_length=10, choices=Result.choices)
    note = models.TextField(blank=True, max_length=1000)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["adjustment", "meeting"], name="one_check_per_meeting")
        ]

    def __str__(self) -> str:
        return f"Adjustment check {self.pk}"
