"""The group agreement: drafted by members, versioned, agreed to one version at a time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned

__all__ = ["AgreementComment", "AgreementPoint", "AgreementSignature", "AgreementVersion"]


class AgreementPoint(OrganisationOwned):
    """A point someone proposed for the agreement. Anyone on the panel can raise one, any time."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Being talked about")
        IN = "in", _("In the agreement")
        OUT = "out", _("Not in the agreement")

    panel = models.ForeignKey(
        "panels.Panel", on_delete=models.CASCADE, related_name="agreement_points"
    )
    text = models.TextField(_("the point"), max_length=600)
    easy_read = models.TextField(_("the point in easy read"), blank=True, max_length=600)
    proposed_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    position = models.PositiveSmallIntegerField(default=0)
    # The built-in picture our own ready-made points come with (a name in
    # pictures.builtin); empty for points people raise, which get one suggested.
    picture = models.CharField(max_length=40, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class AgreementComment(OrganisationOwned):
    point = models.ForeignKey(AgreementPoint, on_delete=models.CASCADE, related_name="comments")
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment {self.pk}"


class AgreementVersion(OrganisationOwned):
    """A numbered version: the points that were in it, copied, so later edits never change it."""

    panel = models.ForeignKey(
        "panels.Panel", on_delete=models.CASCADE, related_name="agreement_versions"
    )
    number = models.PositiveSmallIntegerField()
    points = models.JSONField(default=list)  # [{"text", "easy_read", "picture"}, ...]
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    @property
    def easy_read_text(self) -> str:
        """The version's points as easy read lines, one a point (its own words where no easy
        read was written), so each point keeps its place for the picture chosen for it."""
        lines = [" ".join((p.get("easy_read") or p.get("text") or "").split()) for p in self.points]
        return "\n".join(line.lstrip("#- ") or "-" for line in lines)

    @property
    def easy_read_pictures(self) -> list[str]:
        """The built-in picture each point came with, by place ("" for none), so our own
        ready-made points show the picture we chose for them until staff choose another."""
        return [str(p.get("picture") or "") for p in self.points]


class AgreementSignature(OrganisationOwned):
    """One member saying they agree to one version."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    agreed_at = models.DateTimeField(auto_now_add=True)
    # Set when staff recorded it for someone without a login, with how the person told them.
    recorded_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    how_told = models.CharField(_("how they told us"), max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="one_signature_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.person} agreed to {self.version}"
