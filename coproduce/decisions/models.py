"""Decisions taken on a piece of work or by a panel, panel proposals, and leaders' backing.

The seed's test of the upper rungs is power: who decides. A `Decision` records what was
decided, when, how and with whom, and what it came from. A `Proposal` is a panel deciding
something itself: members agree, abstain or object before a closing time, and the outcome is
recorded as a `Decision`. A `Backing` is a sponsor's named commitment to an initiative or a
panel, and whether they kept it.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned


class How(models.TextChoices):
    """How a decision was taken, lowest share of power first."""

    STAFF_ALONE = "staff_alone", _("Staff decided on their own")
    STAFF_AFTER_VIEWS = "staff_after_views", _("Staff decided after hearing people's views")
    JOINTLY = "jointly", _("Decided together, with an equal say")
    BY_PANEL = "by_panel", _("The panel decided")
    BY_VOTE = "by_vote", _("Decided by a vote")

    @classmethod
    def shared(cls) -> tuple[str, ...]:
        """The ways that give people with lived experience an equal say or more."""
        return (cls.JOINTLY, cls.BY_PANEL, cls.BY_VOTE)


class CameFrom(models.TextChoices):
    WORKSHOP = "workshop", _("A workshop")
    MEETING = "meeting", _("A panel meeting")
    CONTRIBUTION = "contribution", _("Something someone said")
    PROPOSAL = "proposal", _("A panel proposal")
    OTHER = "other", _("Something else")


class Decision(OrganisationOwned):
    """One decision on an initiative or by a panel (or both)."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("piece of work"),
    )
    panel = models.ForeignKey(
        "panels.Panel",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("panel"),
    )
    what = models.TextField(_("what was decided"), max_length=2000)
    decided_on = models.DateField(_("date it was decided"), default=timezone.localdate)
    how = models.CharField(_("how it was decided"), max_length=20, choices=How.choices)
    # The count of a vote, by lived and learnt experience. Only for `How.BY_VOTE`.
    for_lived = models.PositiveSmallIntegerField(_("for: lived experience"), null=True, blank=True)
    for_learnt = models.PositiveSmallIntegerField(
        _("for: learnt experience"), null=True, blank=True
    )
    against_lived = models.PositiveSmallIntegerField(
        _("against: lived experience"), null=True, blank=True
    )
    against_learnt = models.PositiveSmallIntegerField(
        _("against: learnt experience"), null=True, blank=True
    )
    abstained_lived = models.PositiveSmallIntegerField(
        _("did not vote either way: lived experience"), null=True, blank=True
    )
    abstained_learnt = models.PositiveSmallIntegerField(
        _("did not vote either way: learnt experience"), null=True, blank=True
    )
    people = models.ManyToManyField(
        "people.Person", blank=True, related_name="+", verbose_name=_("who took part")
    )
    came_from = models.CharField(
        _("what it came from"), max_length=20, choices=CameFrom.choices, blank=True
    )
    workshop = models.ForeignKey(
        "workshops.Workshop", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        "panels.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contribution = models.ForeignKey(
        "outcomes.Contribution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The "you said, we did" response this decision recorded on `contribution`, if any.
    response = models.OneToOneField(
        "outcomes.Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=False) | Q(panel__isnull=False),
                name="decision_has_initiative_or_panel",
            )
        ]

    def __str__(self) -> str:
        return self.what[:60]

    def origin(self) -> str:
        """What this decision came from, in words: the workshop, meeting or thing said."""
        if self.workshop:
            return gettext("The workshop “%(title)s”, %(when)s") % {
                "title": self.workshop.title,
                "when": _day(self.workshop.starts_at),
            }
        if self.meeting:
            words = gettext("The meeting “%(title)s”") % {"title": self.meeting.title}
            if self.meeting.starts_at:
                words += f", {_day(self.meeting.starts_at)}"
            return words
        if self.contribution:
            text = Truncator(self.contribution.text).words(20, truncate=" …")
            words = gettext("What was said: “%(text)s”") % {"text": text}
            if self.response:
                answer = self.response.get_decision_display()
                words += " · " + gettext("In “you said, we did”: %(answer)s") % {"answer": answer}
            return words
        return str(self.get_came_from_display())

    @property
    def is_shared(self) -> bool:
        return self.how in How.shared()

    @property
    def is_vote(self) -> bool:
        return self.how == How.BY_VOTE

    def vote_counts(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in VOTE_COUNTS}

    @property
    def votes_for(self) -> int:
        return (self.for_lived or 0) + (self.for_learnt or 0)

    @property
    def votes_against(self) -> int:
        return (self.against_lived or 0) + (self.against_learnt or 0)

    @property
    def abstained(self) -> int:
        return (self.abstained_lived or 0) + (self.abstained_learnt or 0)


# The count of a vote, by lived and learnt experience: the field names, in the order shown.
VOTE_COUNTS = (
    "for_lived",
    "for_learnt",
    "against_lived",
    "against_learnt",
    "abstained_lived",
    "abstained_learnt",
)
# A vote must say how many voted for and against, in each group; "did not vote" may be empty.
VOTE_COUNTS_NEEDED = VOTE_COUNTS[:4]


def vote_count_problems(how: str, counts: dict[str, int | None]) -> dict[str, str]:
    """What is wrong with the count of a vote, by field name (empty when it is right).

    A decision taken by a vote needs the count for and against, by lived and learnt
    experience, and at least one vote. Any other decision has no count at all.
    """
    if how != How.BY_VOTE:
        given = [name for name in VOTE_COUNTS if counts.get(name) is not None]
        message = _(
            "Only give a count of votes for a decision taken by a vote. Choose “Decided by "
            "a vote”, or leave the counts empty."
        )
        return dict.fromkeys(given[:1], str(message))
    problems = {
        name: str(_("Enter how many people voted, 0 if nobody did."))
        for name in VOTE_COUNTS_NEEDED
        if counts.get(name) is None
    }
    if not problems and not sum(count or 0 for count in counts.values()):
        problems["for_lived"] = str(_("A vote needs at least one person voting."))
    return problems


class Proposal(OrganisationOwned):
    """Something a panel decides itself: members agree, abstain or object before it closes."""

    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="proposals")
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(_("what the panel is asked to decide"), max_length=200)
    detail = models.TextField(_("more about it, in plain words"), max_length=2000, blank=True)
    closes_at = models.DateTimeField(_("closing date and time"))
    closed_at = models.DateTimeField(null=True, blank=True)
    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    opened_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-closes_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Taking answers: not closed by staff, and its closing time has not come."""
        return self.closed_at is None and timezone.now() < self.closes_at


class ProposalAnswer(OrganisationOwned):
    """One member's answer to a proposal. Staff may record it for someone without a login."""

    class Answer(models.TextChoices):
        AGREE = "agree", _("I agree")
        ABSTAIN = "abstain", _("I do not mind either way")
        OBJECT = "object", _("I object")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("your answer"), max_length=10, choices=Answer.choices)
    reason = models.TextField(_("why, if you want to say"), max_length=1000, blank=True)
    # Set when staff recorded the answer for the person, with how the person told them.
    recorded_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    how_told = models.CharField(_("how they told us"), max_length=100, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="one_answer_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.answer}"


class Backing(OrganisationOwned):
    """A sponsor's named backing of an initiative or a panel, and whether they kept it."""

    class Kept(models.TextChoices):
        NOT_YET = "not_yet", _("Not due yet")
        KEPT = "kept", _("Kept")
        NOT_KEPT = "not_kept", _("Not kept")

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="backings",
    )
    panel = models.ForeignKey(
        "panels.Panel", null=True, blank=True, on_delete=models.CASCADE, related_name="backings"
    )
    sponsor = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("sponsor")
    )
    sponsor_role = models.CharField(_("their job"), max_length=200)
    backed_on = models.DateField(_("date"), default=timezone.localdate)
    commitment = models.TextField(_("what they committed to"), max_length=2000)
    due_on = models.DateField(_("date it is due"), null=True, blank=True)
    kept = models.CharField(
        _("did they do it?"), max_length=10, choices=Kept.choices, default=Kept.NOT_YET
    )
    kept_note = models.TextField(_("what happened"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-backed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=False) | Q(panel__isnull=False),
                name="backing_has_initiative_or_panel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sponsor}: {self.commitment[:40]}"


def _day(when: datetime.datetime) -> str:
    """The day as the pages show it ("7 Dec 2026"), in the site's time zone."""
    return date_format(timezone.localtime(when), "j M Y")
