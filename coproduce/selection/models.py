from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned
from coproduce.selection.adapter import SHOWN_RELAXATION

# A worker takes a queued run within seconds; after this, say so on the page.
WAIT_BEFORE_WARNING = datetime.timedelta(minutes=2)


class Algorithm(models.TextChoices):
    LEXIMIN = "leximin", _("Leximin: the fairest spread of chances (our default)")
    MAXIMIN = "maximin", _("Maximin: the best chance for the least likely person")


class SelectionRun(OrganisationOwned):
    """One fair draw for a panel: the quotas, the lottery the solver found, and the draw.

    Everything needed to audit it is kept: the quotas and limits, the pool as used (ids and
    the category values each applicant agreed to their answers being used for; "not_given"
    otherwise), the distribution (panels and probabilities), each applicant's probability,
    the algorithm, solver, library version and settings, the seed or "secure", the drawn
    panel, and who did what when. Only coordinators (staff) see it.
    """

    class Kind(models.TextChoices):
        FIRST = "first", _("Choosing the panel")
        TOP_UP = "top_up", _("Filling places after people left")

    class State(models.TextChoices):
        DRAFT = "draft", _("Setting up")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Working out the chances")
        DONE = "done", _("Chances ready")
        INFEASIBLE = "infeasible", _("The targets cannot all be met")
        FAILED = "failed", _("Something went wrong")
        DRAWN = "drawn", _("Panel drawn")
        INVITED = "invited", _("People told")

    panel = models.ForeignKey(
        "panels.Panel", on_delete=models.CASCADE, related_name="selection_runs"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FIRST)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    seats = models.PositiveSmallIntegerField(_("seats to fill"))
    categories = models.JSONField(default=list)  # category keys used, in order
    # category -> value -> {"min", "max", "floor", "ceiling"} (for the seats to fill)
    quotas = models.JSONField(default=dict)
    # For a top-up: category -> value -> how many continuing members have it.
    continuing = models.JSONField(default=dict, blank=True)
    continuing_members = models.PositiveSmallIntegerField(default=0)
    algorithm = models.CharField(max_length=10, choices=Algorithm.choices, default="leximin")
    seed = models.BigIntegerField(null=True, blank=True)  # None: secure randomness

    # What the run used and produced
    pool = models.JSONField(default=dict, blank=True)  # application id -> category -> value
    issues = models.JSONField(default=list, blank=True)  # notes from quotas.validate
    provenance = models.JSONField(default=dict, blank=True)  # algorithm, solver, versions...
    distribution = models.JSONField(default=dict, blank=True)  # {"panels": [...], "weights"}
    probabilities = models.JSONField(default=dict, blank=True)  # application id -> probability
    never_possible = models.JSONField(default=list, blank=True)
    suggestion = models.JSONField(default=list, blank=True)  # smallest change, when infeasible
    suggestion_within_limits = models.BooleanField(default=True)
    error = models.TextField(blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    min_probability = models.FloatField(null=True, blank=True)
    max_probability = models.FloatField(null=True, blank=True)
    gini = models.FloatField(null=True, blank=True)

    # The transparent lottery, when used: the list of M panel indices, and the dice
    lottery = models.JSONField(default=list, blank=True)
    lottery_difference = models.FloatField(null=True, blank=True)
    # The draw: {"method": "private"|"dice", "panel": index, "line", "reading", "procedure"}
    draw = models.JSONField(default=dict, blank=True)
    drawn = models.JSONField(default=list, blank=True)  # application ids on the drawn panel

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)  # when "Start" was pressed
    started_at = models.DateTimeField(null=True, blank=True)  # when the worker took it
    finished_at = models.DateTimeField(null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["panel", "-created_at"])]

    def __str__(self) -> str:
        return f"Selection {self.pk} for panel {self.panel_id}"

    @property
    def is_working(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def waited_too_long(self) -> bool:
        """Still waiting for the background worker well after it should have started."""
        return (
            self.state == self.State.QUEUED
            and self.queued_at is not None
            and timezone.now() - self.queued_at > WAIT_BEFORE_WARNING
        )

    @property
    def has_result(self) -> bool:
        return self.state in (self.State.DONE, self.State.DRAWN, self.State.INVITED)

    @property
    def largest_relaxation(self) -> float:
        """How far the solver had to lower any fixed chance to finish (LEXIMIN; else 0)."""
        return float((self.provenance.get("settings") or {}).get("largest_relaxation") or 0.0)

    @property
    def relaxation_shown(self) -> bool:
        return self.largest_relaxation > SHOWN_RELAXATION

    def probability_of(self, application_id: int) -> float | None:
        value: Any = self.probabilities.get(str(application_id))
        return None if value is None else float(value)
