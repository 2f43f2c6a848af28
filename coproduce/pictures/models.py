"""An organisation's own easy read pictures, and the picture chosen for each point of a text.

A point is one line of a staff-written easy read text. The text belongs to something in a
feature app (a panel's role description, an agenda item, an agreement): that owner is named
by a short key such as "panels.role:12", so this app needs no link to those apps. Choices are
kept per organisation, and are only ever read back with the organisation of the page being
shown, so a key written by another organisation is never used.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned


def picture_path(instance: OrgPicture, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"pictures/{instance.organisation_id}/{uuid.uuid4().hex}.{suffix[:5]}"


class OrgPicture(OrganisationOwned):
    """A picture an organisation added: a photo of its venue, of a named contact, a logo."""

    image = models.FileField(_("picture"), upload_to=picture_path)
    content_type = models.CharField(max_length=40)
    alt_text = models.CharField(
        _("what the picture shows"),
        max_length=200,
        help_text=_("Say what someone would see. For example: The front door of Riverside Hall."),
    )
    words = models.CharField(_("more words to find it by"), max_length=200, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["alt_text", "pk"]

    def __str__(self) -> str:
        return self.alt_text

    @property
    def key(self) -> str:
        return f"org:{self.pk}"


class PointPicture(OrganisationOwned):
    """The picture staff chose for one point (line) of an easy read text."""

    owner = models.CharField(max_length=80)  # "panels.role:12", "panels.agenda_item:40"
    index = models.PositiveSmallIntegerField()  # the point's place in the text, from 0
    picture = models.CharField(max_length=60)  # "openmoji:money" or "org:7"
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "owner", "index"], name="one_picture_per_point"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner} #{self.index}: {self.picture}"
