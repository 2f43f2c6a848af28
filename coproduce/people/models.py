from __future__ import annotations

from django.conf import settings
from django.db import models
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
