"""Wellbeing: concerns and requests for support, check-ins, signposting, training and credit.

Concerns and check-ins are special category data (health, safety). They live only in this
app's tables, and every key to them is `related_name="+"`, so no panel, person or meeting
template can reach them by accident. Read them only through `wellbeing.rules` and
`wellbeing.queries`; every look at one is logged by `wellbeing.domain`. Their `__str__`
never holds a word of what someone wrote or who wrote it, because the audit log copies it.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned


def new_follow_token() -> str:
    return secrets.token_urlsafe(32)


def hash_follow_token(token: str) -> str:
    """We keep only a hash of the follow-up link, so the database alone cannot open it."""
    return hashlib.sha256(token.encode()).hexdigest()


def default_response_days() -> int:
    return int(settings.WELLBEING_RESPONSE_WORKING_DAYS)


class SupportSettings(OrganisationOwned):
    """An organisation's own settings for concerns. One row per organisation, made on demand."""

    response_working_days = models.PositiveSmallIntegerField(
        _("reply to a concern within this many working days"), default=default_response_days
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="one_support_settings_per_org")
        ]
        verbose_name_plural = "support settings"

    def __str__(self) -> str:
        return f"Support settings {self.pk}"


class SafeguardingLead(OrganisationOwned):
    """A login the organisation has named as a safeguarding lead: they may read every concern.

    Kept here, not as a flag on `core.Membership`: the role only means something for concerns,
    the appointment itself is logged with who made it, and core stays unchanged.
    See docs/decisions/0002-safeguarding-lead.md.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__email", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_safeguarding_lead_row_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Safeguarding lead {self.pk}"


class Concern(OrganisationOwned):
    """A request for support or a concern, sent to a panel's named contact and deputy, or,
    when the person chose `leads_only` (say it is about their contact), to the organisation's
    safeguarding leads only.

    Anonymous means anonymous here: `raised_by` is empty and nothing else records who sent it
    (not the audit log either). The person follows it with a private link; we keep only the
    hash of its secret (`follow_token_hash`).
    """

    class Kind(models.TextChoices):
        SUPPORT = "support", _("A request for support")
        CONCERN = "concern", _("A concern")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Read")
        IN_PROGRESS = "in_progress", _("Being dealt with")
        CLOSED = "closed", _("Closed")

    class ReadBy(models.TextChoices):
        """Who read it first, by role: the person is told which, never a name."""

        CONTACT = "contact", _("Read by your named contact")
        DEPUTY = "deputy", _("Read by your deputy contact")
        LEAD = "lead", _("Read by a safeguarding lead")

    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="+")
    raised_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(max_length=5000)
    how_to_reply = models.CharField(max_length=300, blank=True)
    leads_only = models.BooleanField(
        _("only for the safeguarding leads"),
        default=False,
        help_text=_("The person asked that their named contact and deputy do not see it."),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    follow_token_hash = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    read_by = models.CharField(max_length=10, choices=ReadBy.choices, blank=True)
    in_progress_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["organisation", "status", "-received_at"])]

    def __str__(self) -> str:
        return f"Concern {self.pk}"  # never the words, never the name

    @property
    def is_anonymous(self) -> bool:
        return self.raised_by_id is None

    @property
    def is_overdue(self) -> bool:
        return self.acknowledged_at is None and self.respond_by < timezone.now()

    @property
    def read_label(self) -> str:
        """ "Read by a safeguarding lead" (or contact, or deputy); just "Read" for a concern
        read before we kept who."""
        if self.read_by:
            return str(self.ReadBy(self.read_by).label)
        return str(self.Status.ACKNOWLEDGED.label)

    @property
    def status_label(self) -> str:
        """Where it is up to, as the person who raised it reads it."""
        if self.status == self.Status.ACKNOWLEDGED:
            return self.read_label
        return str(self.get_status_display())

    def steps(self) -> list[tuple[str, object]]:
        """Each status reached so far, with when, for the "what is happening" timeline."""
        return [
            (str(label), when)
            for label, when in [
                (self.Status.RECEIVED.label, self.received_at),
                (self.read_label, self.acknowledged_at),
                (self.Status.IN_PROGRESS.label, self.in_progress_at),
                (self.Status.CLOSED.label, self.closed_at),
            ]
            if when is not None
        ]


class ConcernUpdate(OrganisationOwned):
    """A note by the contact: private to those who may read the concern, or shared with the
    person who raised it (shown on their follow-up page)."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=5000)
    shared_with_raiser = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Update {self.pk} on concern {self.concern_id}"


class Feeling(models.IntegerChoices):
    """A simple scale with words, so nobody has to guess what a number means."""

    VERY_LOW = 1, _("1: Not good at all")
    LOW = 2, _("2: Not so good")
    OK = 3, _("3: OK")
    GOOD = 4, _("4: Good")
    VERY_GOOD = 5, _("5: Very good")


class CheckIn(OrganisationOwned):
    """How a member feels before or after a meeting. Optional, and only for the people named
    in `wellbeing.rules.can_read_check_ins` (and the member themself)."""

    class Moment(models.TextChoices):
        BEFORE = "before", _("Before the meeting")
        AFTER = "after", _("After the meeting")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        "panels.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moment = models.CharField(max_length=10, choices=Moment.choices)
    feeling = models.PositiveSmallIntegerField(choices=Feeling.choices)
    note = models.TextField(max_length=2000, blank=True)
    wants_contact = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["panel", "-created_at"])]

    def __str__(self) -> str:
        return f"Check-in {self.pk}"


class SignpostService(OrganisationOwned):
    """A local support service the organisation points people to."""

    name = models.CharField(_("name of the service"), max_length=200)
    helps_with = models.TextField(_("what they help with"), max_length=1000)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.CharField(_("when they are open"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Training(OrganisationOwned):
    """Training the organisation offers to members."""

    title = models.CharField(_("name of the training"), max_length=200)
    about = models.TextField(_("what it covers"), max_length=2000, blank=True)
    provider = models.CharField(_("who runs it"), max_length=200, blank=True)
    panel = models.ForeignKey(
        "panels.Panel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("for the members of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


def certificate_path(instance: TrainingRecord, filename: str) -> str:
    return f"wellbeing/certificates/{uuid.uuid4().hex}/{filename[-100:]}"


class TrainingRecord(OrganisationOwned):
    """One person and one training: offered, booked or done, with a certificate if any."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        BOOKED = "booked", _("Booked")
        DONE = "done", _("Done")

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="records")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("who")
    )
    status = models.CharField(_("where it is up to"), max_length=10, choices=Status.choices)
    completed_on = models.DateField(_("date they finished"), null=True, blank=True)
    certificate = models.FileField(_("certificate"), upload_to=certificate_path, blank=True)
    certificate_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="one_record_per_training")
        ]

    def __str__(self) -> str:
        return f"{self.training} ({self.get_status_display()})"


class Credit(OrganisationOwned):
    """Named credit in an output (a leaflet, a report, a video), given with the person's consent."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("who")
    )
    output = models.CharField(_("what they are credited in"), max_length=200)
    link = models.URLField(_("link to it"), blank=True)
    credited_as = models.CharField(_("the name printed"), max_length=200)
    consent_given_on = models.DateField(_("date they agreed to be named"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-consent_given_on", "-id"]

    def __str__(self) -> str:
        return self.output
