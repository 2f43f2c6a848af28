from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned
from coproduce.initiatives.rungs import RUNGS


class Capacity(models.TextChoices):
    """Why someone is part of a piece of work. Recorded per involvement, not per person."""

    LIVED_CARE = "lived_care", _("Lived experience: draws on care and support")
    LIVED_CARER = "lived_carer", _("Lived experience: a carer")
    LEARNT = "learnt", _("Learnt experience: there because of their job")

    @classmethod
    def lived(cls) -> tuple[str, ...]:
        return (cls.LIVED_CARE, cls.LIVED_CARER)


class Level(models.TextChoices):
    """How far the work reaches: the second seed's individual to strategic levels."""

    INDIVIDUAL = "individual", _("One person's own care and support")
    SERVICE = "service", _("A service")
    STRATEGIC = "strategic", _("Strategy and policy")


class Initiative(OrganisationOwned):
    """One piece of work, such as "renovate the garden". Later features hang on it."""

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        DESIGN = "design", _("Design")
        DELIVERY = "delivery", _("Delivery")
        REVIEW = "review", _("Review")

    title = models.CharField(_("title"), max_length=200)
    aim = models.TextField(_("aim in plain words"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.IDEA)
    lead = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead"),
    )
    # What the organisation calls this work. The Ladder page says so plainly when the
    # assessed rung is lower, and suggests the honest name.
    claimed_approach = models.CharField(
        _("What do you call this work?"),
        max_length=20,
        blank=True,
        choices=[(rung.key, rung.name) for rung in RUNGS],
    )
    level = models.CharField(
        _("What is this work about?"), max_length=20, choices=Level.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Involvement(OrganisationOwned):
    """A person taking part in an initiative, in one capacity, from a date."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="involvements"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="involvements"
    )
    capacity = models.CharField(_("taking part with"), max_length=20, choices=Capacity.choices)
    joined_on = models.DateField(_("date they joined"), default=timezone.localdate)

    class Meta:
        ordering = ["joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "person"], name="one_involvement_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.initiative}"

    @property
    def is_lived(self) -> bool:
        return self.capacity in Capacity.lived()
