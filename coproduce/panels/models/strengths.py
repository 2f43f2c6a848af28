"""Strengths and relationships: what a member brings and wants to learn, and their induction.

`Strengths` belongs to the person (one per person), not to one panel: a member says it once.
It is not special category data, but it is kept only with the person's consent, and shown to
other members of their panels only with a second, separate consent. Read it through
`panels.induction.strengths_for` and the rules there, never straight from a template.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned

__all__ = ["InductionStep", "InductionTick", "Strengths"]

STRENGTHS_MAX = 1000  # characters in each answer: a few sentences


class Strengths(OrganisationOwned):
    """What one person brings (skills, experience, interests) and what they want to learn.

    `consent_at` is when they agreed we keep it; withdrawing clears it and hides the answers
    from everyone but the person. `shared_at` is when they agreed the other members of their
    panels may read it (cleared when they stop sharing, or withdraw).
    """

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="strengths"
    )
    skills = models.TextField(_("what are you good at?"), blank=True, max_length=STRENGTHS_MAX)
    experience = models.TextField(
        _("what have you done that could help the panel?"), blank=True, max_length=STRENGTHS_MAX
    )
    interests = models.TextField(
        _("what do you enjoy or care about?"), blank=True, max_length=STRENGTHS_MAX
    )
    to_learn = models.TextField(
        _("what would you like to learn?"), blank=True, max_length=STRENGTHS_MAX
    )
    consent_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    # Set when staff recorded it for someone without a login, with how the person told them.
    recorded_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    how_told = models.CharField(_("how they told us"), max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "strengths"

    def __str__(self) -> str:
        return f"Strengths {self.pk}"  # never the answers

    @property
    def has_answers(self) -> bool:
        return any((self.skills, self.experience, self.interests, self.to_learn))

    @property
    def is_shown(self) -> bool:
        return self.consent_at is not None


class InductionStep(models.TextChoices):
    """The steps of a new member's first weeks, in the order they usually happen."""

    WELCOME = "welcome", _("Welcomed to the panel")
    CONTACT_MET = "contact_met", _("Met their named contact")
    AGREEMENT_READ = "agreement_read", _("Read the group agreement")
    PAYMENT_SET_UP = "payment_set_up", _("Payment set up")
    TRAINING_OFFERED = "training_offered", _("Offered training")


class InductionTick(OrganisationOwned):
    """Staff ticked one induction step for one member, on a date. Steps the records already
    show (the agreement agreed to, a payment choice made) are never ticked: they are read."""

    member = models.ForeignKey(
        "panels.PanelMember", on_delete=models.CASCADE, related_name="induction_ticks"
    )
    step = models.CharField(max_length=20, choices=InductionStep.choices)
    done_on = models.DateField(_("date it was done"))
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member", "step"]
        constraints = [models.UniqueConstraint(fields=["member", "step"], name="one_tick_per_step")]

    def __str__(self) -> str:
        return f"{self.member}: {self.step}"
