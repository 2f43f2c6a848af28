from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    POST = "post", _("Letter by post")
    SUPPORTER = "supporter", _("Through someone who supports me")


class Format(models.TextChoices):
    STANDARD = "standard", _("Standard")
    EASY_READ = "easy_read", _("Easy read")
    LARGE_PRINT = "large_print", _("Large print")
    AUDIO = "audio", _("Audio")


class Person(OrganisationOwned):
    """Anyone involved: a resident, a carer, a member of staff, a volunteer.

    Many people never log in: staff keep this record for them. `user` links it to a login
    when there is one (at most one Person per login in each organisation).
    """

    name = models.CharField(_("full name"), max_length=200)
    preferred_name = models.CharField(_("what they like to be called"), max_length=100, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=50, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    contact_methods = models.JSONField(_("how to contact them"), default=list, blank=True)
    supporter_name = models.CharField(_("supporter's name"), max_length=200, blank=True)
    supporter_contact = models.CharField(
        _("how to reach the supporter"), max_length=200, blank=True
    )
    formats = models.JSONField(_("formats they prefer"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(user__isnull=False),
                name="one_person_per_user_per_org",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.name

    def get_contact_methods_display(self) -> list[str]:
        labels = dict(ContactMethod.choices)
        return [str(labels[m]) for m in self.contact_methods if m in labels]

    def get_formats_display(self) -> list[str]:
        labels = dict(Format.choices)
        return [str(labels[f]) for f in self.formats if f in labels]


# GOV.UK Notify's final statuses that mean the person did not get it.
DELIVERY_FAILURES = frozenset(
    ["permanent-failure", "temporary-failure", "technical-failure", "validation-failed"]
)
# Every status a Notify delivery receipt may carry (emails, texts and letters).
DELIVERY_STATUSES = DELIVERY_FAILURES | {
    "created",
    "sending",
    "pending",
    "sent",
    "delivered",
    "accepted",
    "received",
    "cancelled",
    "pending-virus-check",
    "virus-scan-failed",
    "returned-letter",
}


class Message(OrganisationOwned):
    """One message to one person, by the way they chose: the one record of every message.

    `people.messages.send_message` makes it; a task sends it after the change that caused it
    is committed. The unique key (person, kind, key) means an event that happens twice, or a
    task that runs twice, never sends twice. Bodies never hold special category data (health,
    access needs, wellbeing, equality): they say that something changed and link to it.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        TEXT = "text", _("Text message")
        LETTER = "letter", _("Letter")
        CALL = "call", _("Phone call or their supporter")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be sent")
        BY_HAND = "by_hand", _("For staff to send")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        WITHDRAWN = "withdrawn", _("Not sent: no longer needed")

    # A message to someone with no record yet (an applicant, an invited address) has no
    # person: who it goes to is kept in the to_ fields instead.
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    to_name = models.CharField(max_length=200, blank=True)
    to_email = models.EmailField(blank=True)
    to_phone = models.CharField(max_length=40, blank=True)
    to_address = models.TextField(blank=True)
    kind = models.CharField(max_length=60)
    key = models.CharField(max_length=200)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    large_print = models.BooleanField(default=False)
    easy_read = models.BooleanField(default=False)  # the easy read words were used
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    attachment_name = models.CharField(max_length=100, blank=True)  # a calendar file, by email
    attachment = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_via = models.CharField(max_length=10, blank=True)  # smtp, notify or staff
    provider_id = models.CharField(max_length=100, blank=True, db_index=True)
    # What GOV.UK Notify last told us (its callback): delivered, permanent-failure, ...
    delivery_status = models.CharField(max_length=30, blank=True)
    delivery_status_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "key"], name="one_message_per_key"),
            models.UniqueConstraint(
                fields=["organisation", "kind", "key"],
                condition=models.Q(person__isnull=True),
                name="one_message_per_key_without_person",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.recipient_name}: {self.subject}"

    @property
    def recipient_name(self) -> str:
        return self.person.display_name if self.person is not None else self.to_name

    @property
    def full_name(self) -> str:
        return self.person.name if self.person is not None else self.to_name

    @property
    def email_address(self) -> str:
        return self.person.email if self.person is not None else self.to_email

    @property
    def phone_number(self) -> str:
        return self.person.phone if self.person is not None else self.to_phone

    @property
    def postal_address(self) -> str:
        return self.person.address if self.person is not None else self.to_address

    @property
    def delivery_failed(self) -> bool:
        """Notify told us it could not deliver it (after we handed it over)."""
        return self.delivery_status in DELIVERY_FAILURES


class Route(models.TextChoices):
    """How something reached us: a person's application, their agreement, their answer."""

    ONLINE = "online", _("Online form")
    PHONE = "phone", _("By phone")
    PAPER = "paper", _("On paper")
    CONVERSATION = "conversation", _("In conversation")


class NeedKind(models.TextChoices):
    COMMUNICATION = "communication", _("How we share information")
    DIGITAL = "digital", _("Using computers and phones")
    LITERACY = "literacy", _("Reading and writing")
    MOBILITY = "mobility", _("Getting there and moving around")
    SENSORY = "sensory", _("Light, noise and senses")
    ENERGY = "energy", _("Energy and breaks")
    SUPPORT_PERSON = "support_person", _("Someone who comes along")
    CONTACT_TIMES = "contact_times", _("When and how to get in touch")
    DIETARY = "dietary", _("Food and drink")


# The choices offered for each kind (domain.md section 7), named as things, so that the same
# words work on the person's own form ("you") and on the form staff fill in ("they").
NEED_OPTIONS: dict[str, list[tuple[str, object]]] = {
    NeedKind.COMMUNICATION: [
        ("easy_read", _("Easy read")),
        ("large_print", _("Large print")),
        ("audio", _("Audio")),
        ("braille", _("Braille")),
        ("bsl", _("British Sign Language interpreter")),
        ("captions", _("Live captions or a palantypist")),
        ("hearing_loop", _("Hearing loop")),
    ],
    NeedKind.DIGITAL: [
        ("device", _("A device to use")),
        ("data", _("Help with data costs")),
        ("help_to_join", _("Help to join online")),
        ("phone_or_paper", _("Phone or paper instead")),
    ],
    NeedKind.LITERACY: [
        ("read_aloud", _("Papers read aloud")),
        ("more_time", _("More time to read")),
        ("scribe", _("Someone to write things down")),
    ],
    NeedKind.MOBILITY: [
        ("step_free", _("Step-free access")),
        ("accessible_toilet", _("Accessible toilet")),
        ("parking", _("Parking close by")),
        ("taxi", _("A taxi")),
    ],
    NeedKind.SENSORY: [
        ("lighting", _("Softer lighting")),
        ("quiet", _("A quiet room")),
        ("low_noise", _("Less background noise")),
    ],
    NeedKind.ENERGY: [
        ("breaks", _("More breaks")),
        ("shorter", _("Shorter sessions")),
        ("papers_early", _("Papers earlier")),
    ],
    NeedKind.SUPPORT_PERSON: [
        ("carer", _("A carer or personal assistant")),
        ("supporter", _("A friend or supporter")),
        ("expenses", _("Expenses paid for the person who comes")),
    ],
    NeedKind.CONTACT_TIMES: [
        ("mornings", _("Mornings")),
        ("afternoons", _("Afternoons")),
        ("evenings", _("Evenings")),
        ("not_weekends", _("Not at weekends")),
    ],
    NeedKind.DIETARY: [
        ("vegetarian", _("Vegetarian")),
        ("vegan", _("Vegan")),
        ("halal", _("Halal")),
        ("kosher", _("Kosher")),
        ("allergy", _("An allergy")),
        ("soft", _("Soft food")),
    ],
}


class AccessNeed(OrganisationOwned):
    """One thing a person needs to take part, wherever they take part (AIS identify, record).

    The person's, not a panel's: they tell us once, and each panel, meeting and workshop they
    take part in reads the same record. What a panel agreed to do about it is that panel's
    `panels.Adjustment`.

    Special category data (health, UK GDPR Art. 9), kept apart from `Person` in its own table:
    the key has `related_name="+"`, so no template can reach `person.access_needs`. Read it
    only through `people.access` (or `panels.domain.access` for a panel), which log every
    look. `__str__` never says what the need is; messages, live events and log lines never
    carry it.
    """

    class Identified(models.TextChoices):
        ASKED = "asked", _("We asked when they joined")
        TOLD_US = "told_us", _("They told us")
        SUPPORTER = "supporter", _("Their supporter told us")
        REVIEW = "review", _("At a review")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind of need"), max_length=20, choices=NeedKind.choices)
    options = models.JSONField(default=list, blank=True)
    detail = models.TextField(_("in their words"), blank=True)
    identified_on = models.DateField(_("when we found out"))
    identified_how = models.CharField(
        _("how we found out"), max_length=20, choices=Identified.choices
    )
    # The person's agreement that staff who run a meeting or workshop may read it (AIS share).
    share_with_facilitators = models.BooleanField(default=False)
    # The person's agreement that we keep this (UK GDPR Art. 9(2)(a)): when, and how they gave
    # it. Empty on needs recorded before we kept this.
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_via = models.CharField(max_length=20, choices=Route.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["person", "ended_on"], name="people_need_person_idx")]
        verbose_name = _("access need")

    def __str__(self) -> str:
        return f"Access need {self.pk}"  # never what it is

    def consent_summary(self) -> str:
        """When and how they agreed that we keep this need, and who recorded it for them."""
        if self.consent_given_at:
            words = gettext("Agreed that we keep this on %(when)s (%(how)s).") % {
                "when": date_format(timezone.localtime(self.consent_given_at), "j F Y"),
                "how": self.get_consent_via_display().lower(),
            }
        else:
            words = gettext(
                "We did not record when they agreed that we keep this. It was added before we did."
            )
        if self.recorded_by and self.recorded_by_id != self.person.user_id:
            name = self.recorded_by.name or self.recorded_by.email
            words += " " + gettext("Recorded for them by %(name)s.") % {"name": name}
        return words

    def get_options_display(self) -> list[str]:
        labels = dict(NEED_OPTIONS.get(self.kind, []))
        return [str(labels[o]) for o in self.options if o in labels]
