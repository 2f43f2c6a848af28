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
