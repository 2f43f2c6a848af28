"""Ladder self-assessment records: rounds of asking, each person's answers, adopted actions.

The question bank and the scoring engine are plain Python (bank.py, scoring.py); these models
only store answers as question key -> option key (or "not_sure") with the bank version they
were given under, so old answers are always scored by their own bank.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.ladder.codes import format_code, new_token

# How long a private link works. Staff can give a fresh link at any time; answers are kept.
LINK_DAYS = 28


def default_link_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=LINK_DAYS)


class Round(OrganisationOwned):
    """One time of asking everyone involved in an initiative. Every round is kept."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="ladder_rounds"
    )
    number = models.PositiveIntegerField(_("round"))
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["initiative", "number"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "number"], name="ladder_round_number"),
            models.UniqueConstraint(
                fields=["initiative"],
                condition=models.Q(closed_at__isnull=True),
                name="ladder_one_open_round",
            ),
        ]

    def __str__(self) -> str:
        return f"Round {self.number} of {self.initiative_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Response(OrganisationOwned):
    """One person's answers in one round, in one capacity, under one bank version.

    Answers are never shown to anyone but the person (and staff entering them on their behalf).
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    # Null only when the person record has been deleted: their answers still count.
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="ladder_responses"
    )
    capacity = models.CharField(_("taking part with"), max_length=20, choices=Capacity.choices)
    bank_version = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=1)  # the question to come back to
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    short_code = models.CharField(max_length=8, unique=True)
    link_expires_at = models.DateTimeField(default=default_link_expiry)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_proxy = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "id"]
        indexes = [models.Index(fields=["round", "submitted_at"])]

    def __str__(self) -> str:
        # No name: audit entries copy this, and the answers are private.
        return f"Answers {self.pk} in round {self.round_id}"

    @property
    def is_lived(self) -> bool:
        return self.capacity in Capacity.lived()

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def link_has_expired(self) -> bool:
        return self.link_expires_at <= timezone.now()

    @property
    def code_display(self) -> str:
        return format_code(self.short_code)

    @property
    def answered_count(self) -> int:
        return sum(1 for value in self.answers.values() if value)


class Action(OrganisationOwned):
    """A next step someone has taken on, with an owner and a date. Checked at the next round."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="ladder_actions"
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="actions")
    question_key = models.CharField(max_length=50)
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        "people.Person",
        null=True,
        on_delete=models.SET_NULL,
        related_name="ladder_actions",
        verbose_name=_("who will do it"),
    )
    due_on = models.DateField(_("do it by"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    checked_in_round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="checked_actions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "question_key"],
                condition=models.Q(status="open"),
                name="ladder_one_open_action_per_question",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class SummaryShare(OrganisationOwned):
    """The Ladder summary of an initiative, shared at an unguessable address without login.

    The summary holds no names and no one's answers. Stopping sharing deletes this row, so the
    address stops working; sharing again makes a new address.
    """

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="ladder_share"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Shared Ladder summary of initiative {self.initiative_id}"


class LinkMessage(OrganisationOwned):
    """One time a person's private link went to them: an invitation, a reminder or a new link.

    Now by the way they chose, as a `people.Message` (`message`): email, text, letter, or a
    call on the staff to-do list. Older rows are by email or by hand (a printed slip). These
    rows are the ladder's record of which link went to whom; they hold no answers.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")
        NEW_LINK = "new_link", _("New link")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")  # before links went through people.messages
        BY_HAND = "by_hand", _("By hand")  # the same
        MESSAGE = "message", _("By the way they chose")  # see `message`

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="link_messages")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.OneToOneField(
        "people.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ladder_link",
    )

    class Meta:
        ordering = ["response", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response"],
                condition=models.Q(kind="invitation"),
                name="ladder_one_invitation_per_response",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for answers {self.response_id}"

    def summary(self) -> str:
        """One line for the round page: what went, how, and whether it has gone yet."""
        reminder, new_link = self.kind == self.Kind.REMINDER, self.kind == self.Kind.NEW_LINK
        if self.message:
            what = gettext("Link")
            if reminder:
                what = gettext("Reminder")
            elif new_link:
                what = gettext("New link")
            if self.message.sent_at:
                when = gettext("sent on %(date)s") % {"date": _day(self.message.sent_at)}
            else:
                when = self.message.get_status_display().lower()
            return f"{what}: {self.message.get_channel_display().lower()}, {when}"
        if self.channel == self.Channel.BY_HAND:
            if new_link:
                return gettext("New link: give them a new slip or phone them.")
            return gettext("No email: give them a slip or phone them.")
        if self.sent_at:
            if reminder:
                words = gettext("Reminder emailed on %(date)s")
            elif new_link:
                words = gettext("New link emailed on %(date)s")
            else:
                words = gettext("Link emailed on %(date)s")
            return words % {"date": _day(self.sent_at)}
        if reminder:
            return gettext("Reminder waiting to be emailed")
        return gettext("Link waiting to be emailed")


def _day(when: datetime.datetime) -> str:
    """The day as the pages show it ("7 Dec 2026"), in the site's time zone."""
    return date_format(timezone.localtime(when), "j M Y")
