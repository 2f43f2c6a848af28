"""You said, we did: what people said, what was decided, what changed, and who was told.

`Contribution` keeps where it came from (a meeting, a workshop activity, an idea, a Ladder
action) and, only with consent, who said it (`Credit`). Each `Response` is recorded when the
decision is made; the latest is kept on the contribution (`latest_response`) with the date of
the first (`first_response_on`), so the list and the measures need no sub-queries.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned


def new_public_slug() -> str:
    return secrets.token_urlsafe(16)


class Source(models.TextChoices):
    PANEL_RECOMMENDATION = "panel_recommendation", _("A panel recommendation")
    WORKSHOP_IDEA = "workshop_idea", _("An idea from a workshop")
    DOTMOCRACY_RESULT = "dotmocracy_result", _("A top-voted idea from a workshop")
    LADDER_ACTION = "ladder_action", _("A next step from a Ladder assessment")
    OTHER = "other", _("Something else people said")


class Contribution(OrganisationOwned):
    """One thing a panel, a workshop or a respondent said."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("initiative"),
    )
    panel = models.ForeignKey(
        "panels.Panel",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("panel"),
    )
    source = models.CharField(_("where it came from"), max_length=30, choices=Source.choices)
    meeting = models.ForeignKey(
        "panels.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    workshop_activity = models.ForeignKey(
        "workshops.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    idea = models.ForeignKey(
        "workshops.Idea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ladder_action = models.ForeignKey(
        "ladder.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("what they said"), max_length=2000)
    said_on = models.DateField(_("date they said it"), default=timezone.localdate)
    latest_response = models.ForeignKey(
        "outcomes.Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_response_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-said_on", "-id"]
        indexes = [
            models.Index(fields=["initiative", "-said_on", "-id"]),
            models.Index(fields=["panel", "-said_on", "-id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=False) | Q(panel__isnull=False),
                name="contribution_has_initiative_or_panel",
            ),
            models.UniqueConstraint(
                fields=["idea", "source"],
                condition=Q(idea__isnull=False),
                name="one_contribution_per_idea_and_source",
            ),
            models.UniqueConstraint(
                fields=["ladder_action"],
                condition=Q(ladder_action__isnull=False),
                name="one_contribution_per_ladder_action",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def days_to_response(self) -> int | None:
        if self.first_response_on is None:
            return None
        return (self.first_response_on - self.said_on).days


class Credit(OrganisationOwned):
    """A person named as having said it: only with their consent, recorded with its date."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    consent_given_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contribution", "person"], name="one_credit_per_person")
        ]

    def __str__(self) -> str:
        return f"Credit {self.pk}"


EASY_READ_DECISIONS = {
    "adopted": _("We said yes. We will do it."),
    "adapted": _("We said yes, with some changes."),
    "not_adopted": _("We said no. Here is why."),
    "considering": _("We are still thinking about it."),
    "out_of_scope": _("The panel cannot decide this."),
}


class Response(OrganisationOwned):
    """The answer to a contribution, recorded when the decision is made."""

    class Decision(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        ADAPTED = "adapted", _("Adapted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")
        CONSIDERING = "considering", _("Under consideration")
        OUT_OF_SCOPE = "out_of_scope", _("Out of the panel's scope")

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="responses"
    )
    decision = models.CharField(_("what was decided"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("why, in plain words"), max_length=2000, blank=True)
    decided_by = models.CharField(_("who decided"), max_length=200)
    decided_on = models.DateField(_("date it was decided"))
    review_on = models.DateField(_("date to look at it again"), null=True, blank=True)
    owner = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who looks after it"),
    )
    reminded_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]
        indexes = [models.Index(fields=["review_on", "reminded_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="not_adopted") | ~Q(reason=""),
                name="not_adopted_needs_a_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.decided_on})"

    @property
    def easy_read_label(self) -> str:
        return str(EASY_READ_DECISIONS[self.decision])


def evidence_path(instance: Change, filename: str) -> str:
    return f"outcomes/evidence/{uuid.uuid4().hex}/{filename[-100:]}"


class Change(OrganisationOwned):
    """What actually changed because of a contribution."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="changes")
    what = models.TextField(_("what changed"), max_length=2000)
    happened_on = models.DateField(_("date it changed"))
    evidence_link = models.URLField(_("link to evidence"), blank=True, max_length=500)
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "id"]

    def __str__(self) -> str:
        return self.what[:80]


class Outcome(OrganisationOwned):
    """The difference it made, noted later (SCIE: an achievement or a benefit)."""

    class Kind(models.TextChoices):
        ACHIEVEMENT = "achievement", _("Something achieved")
        BENEFIT = "benefit", _("A benefit to people")

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    what = models.TextField(_("the difference it made"), max_length=2000)
    noted_on = models.DateField(_("date"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["noted_on", "id"]

    def __str__(self) -> str:
        return self.what[:80]


class FeedbackSent(OrganisationOwned):
    """Telling people what happened: to whom, when, and how."""

    class Format(models.TextChoices):
        MEETING = "meeting", _("At a meeting")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("Email")
        EASY_READ = "easy_read", _("Easy read")

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="feedback"
    )
    to_whom = models.CharField(_("who was told"), max_length=200)
    sent_on = models.DateField(_("date"))
    format = models.CharField(_("how"), max_length=20, choices=Format.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name_plural = "feedback sent"

    def __str__(self) -> str:
        return f"{self.to_whom} ({self.sent_on})"


class Publication(OrganisationOwned):
    """The organisation chose to put one initiative's or panel's page on the web, without
    login, at an address nobody can guess (`slug`)."""

    initiative = models.OneToOneField(
        "initiatives.Initiative", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    panel = models.OneToOneField(
        "panels.Panel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    slug = models.CharField(max_length=40, unique=True, default=new_public_slug)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=False, panel__isnull=True)
                | Q(initiative__isnull=True, panel__isnull=False),
                name="publication_is_for_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"Publication {self.pk}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
