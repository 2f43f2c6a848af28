"""Access needs and adjustments, following the NHS Accessible Information Standard (AIS).

The six AIS steps and where each lives:

- identify: `AccessNeed.identified_on` and `identified_how` (asked when they joined, they told
  us, at a review);
- record: `AccessNeed` (a kind from the list, the choices that apply, and their own words);
- flag: `panels.domain.access.people_with_adjustments` gives only "has an adjustment" to pages
  (meeting invite list, attendance, the facilitator's view);
- share: `AccessNeed.share_with_facilitators` records the person's agreement that staff who
  run a meeting may read it; without it only the named contact and deputy can;
- meet: `Adjustment` (what we agreed to do) and `AdjustmentCheck` (met or not, per meeting);
- review: `Adjustment.review_on` and `reviewed_on`.

Special category data (health, UK GDPR Art. 9). Stored apart from the member and the panel:
every key has `related_name="+"`, so no template can reach `person.access_needs`. Read it only
through `panels.domain.access`, which checks who may and logs every look. `__str__` never says what
the need is; exports, emails, live events and log lines never carry it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned
from coproduce.panels.models.recruitment import Route

__all__ = ["AccessNeed", "Adjustment", "AdjustmentCheck", "NeedKind"]


class NeedKind(models.TextChoices):
    COMMUNICATION = "communication", _("How we share information")
    DIGITAL = "digital", _("Using computers and phones")
    LITERACY = "literacy", _("Reading and writing")
    MOBILITY = "mobility", _("Getting there and moving around")
    SENSORY = "sensory", _("Light, noise and senses")
    ENERGY = "energy", _("Energy and breaks")
    SUPPORT_PERSON = "support_person", _("Someone coming with them")
    CONTACT_TIMES = "contact_times", _("When and how to contact them")
    DIETARY = "dietary", _("Food and drink")


# The choices offered for each kind (domain.md section 7). "Their own words" covers the rest.
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
        ("device", _("Needs a device")),
        ("data", _("Needs help with data costs")),
        ("help_to_join", _("Help to join online")),
        ("phone_or_paper", _("Prefers phone or paper")),
    ],
    NeedKind.LITERACY: [
        ("read_aloud", _("Papers read aloud")),
        ("more_time", _("More time to read")),
        ("scribe", _("Someone to write for them")),
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
        ("expenses", _("Their expenses paid")),
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
    """One thing a panel member needs to take part (AIS steps identify and record)."""

    class Identified(models.TextChoices):
        ASKED = "asked", _("We asked when they joined")
        TOLD_US = "told_us", _("They told us")
        SUPPORTER = "supporter", _("Their supporter told us")
        REVIEW = "review", _("At a review")

    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind of need"), max_length=20, choices=NeedKind.choices)
    options = models.JSONField(default=list, blank=True)
    detail = models.TextField(_("in their words"), blank=True, max_length=2000)
    identified_on = models.DateField(_("when we found out"))
    identified_how = models.CharField(
        _("how we found out"), max_length=20, choices=Identified.choices
    )
    share_with_facilitators = models.BooleanField(default=False)
    # The person's agreement that we keep this (UK GDPR Art. 9(2)(a)): when, and how they gave
    # it (online themselves, or to staff by phone, on paper or in conversation). Empty on
    # needs recorded before we kept this.
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
        indexes = [models.Index(fields=["panel", "person"])]
        verbose_name = _("access need")

    def __str__(self) -> str:
        return f"Access need {self.pk}"  # never what it is

    def get_options_display(self) -> list[str]:
        labels = dict(NEED_OPTIONS.get(self.kind, []))
        return [str(labels[o]) for o in self.options if o in labels]


class Adjustment(OrganisationOwned):
    """What we agreed to do to meet a need (AIS step meet), and when we check it (review)."""

    need = models.ForeignKey(AccessNeed, on_delete=models.CASCADE, related_name="adjustments")
    # Copied from the need so that flags for a whole panel come from one indexed query.
    panel = models.ForeignKey("panels.Panel", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    description = models.TextField(_("what we will do"), max_length=2000)
    agreed_on = models.DateField(_("date agreed"))
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_on = models.DateField(_("check it is still right on"))
    reviewed_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_on", "id"]
        indexes = [models.Index(fields=["panel", "ended_on"])]

    def __str__(self) -> str:
        return f"Adjustment {self.pk}"  # never what it is

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class AdjustmentCheck(OrganisationOwned):
    """Whether an agreed adjustment was met at one meeting."""

    class Result(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    adjustment = models.ForeignKey(Adjustment, on_delete=models.CASCADE, related_name="checks")
    meeting = models.ForeignKey("panels.Meeting", on_delete=models.CASCADE, related_name="+")
    result = models.CharField(max_length=10, choices=Result.choices)
    note = models.TextField(blank=True, max_length=1000)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["adjustment", "meeting"], name="one_check_per_meeting")
        ]

    def __str__(self) -> str:
        return f"Adjustment check {self.pk}"
