"""Reusable reads for "you said, we did". Each runs a fixed number of queries, however many
contributions there are: the list is paged and its related rows prefetched per page, and the
measures are a handful of aggregate queries."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import Membership
from coproduce.initiatives.models import Initiative
from coproduce.outcomes.models import Change, Contribution, Credit, Publication, Response
from coproduce.panels.models import Panel
from coproduce.people.models import Person

Decision = Response.Decision
NO_RESPONSE_LABEL = _("No answer yet")


def contributions_for(
    *, initiative: Initiative | None = None, panel: Panel | None = None
) -> QuerySet[Contribution]:
    """The contributions of one initiative or one panel, newest first, ready to list."""
    contributions = Contribution.objects.all()
    if initiative is not None:
        contributions = contributions.filter(initiative=initiative)
    if panel is not None:
        contributions = contributions.filter(panel=panel)
    return with_story(contributions)


def with_story(contributions: QuerySet[Contribution]) -> QuerySet[Contribution]:
    """Everything a row shows: the latest response, where it came from, who said it (with
    consent), what changed, the outcomes and who was told. Four extra queries per page."""
    return contributions.select_related(
        "latest_response__owner", "meeting", "workshop_activity__workshop", "initiative", "panel"
    ).prefetch_related(
        Prefetch("credits", queryset=Credit.objects.select_related("person")),
        "changes",
        "outcomes",
        "feedback",
    )


def contributions_credited_to(person: Person) -> QuerySet[Contribution]:
    """What happened to what I said: the contributions this person is named on."""
    return with_story(Contribution.objects.filter(credits__person=person)).distinct()


def publication_for(
    *, initiative: Initiative | None = None, panel: Panel | None = None
) -> Publication | None:
    if initiative is not None:
        return Publication.objects.filter(initiative=initiative).first()
    return Publication.objects.filter(panel=panel).first()


def published(slug: str) -> Publication | None:
    """The published page with this address, if the organisation still publishes it."""
    return (
        Publication.objects.select_related("organisation", "initiative", "panel")
        .filter(slug=slug, published_at__isnull=False)
        .first()
    )


@dataclass(frozen=True)
class DecisionCount:
    key: str  # a Decision value, or "none"
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class Measures:
    total: int
    with_response: int
    median_days: float | None
    not_adopted: int
    not_adopted_with_reason: int
    changes: int
    by_decision: list[DecisionCount]

    @property
    def response_percent(self) -> int:
        return _percent(self.with_response, self.total)

    @property
    def median_days_shown(self) -> int | None:
        """Whole days, rounded half up (a median of 2.5 days shows as 3)."""
        return None if self.median_days is None else int(self.median_days + 0.5)

    @property
    def reason_percent(self) -> int:
        return _percent(self.not_adopted_with_reason, self.not_adopted)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def measures_for(contributions: QuerySet[Contribution]) -> Measures:
    """Share with a response, median days from contribution to first response, share not
    adopted with a reason, changes made, and how many of each decision. Three queries."""
    base = contributions.order_by()
    counts = base.aggregate(
        total=Count("id"),
        with_response=Count("id", filter=Q(latest_response__isnull=False)),
        not_adopted=Count("id", filter=Q(latest_response__decision=Decision.NOT_ADOPTED)),
        not_adopted_with_reason=Count(
            "id",
            filter=Q(latest_response__decision=Decision.NOT_ADOPTED)
            & ~Q(latest_response__reason=""),
        ),
        **{
            f"decision_{choice.value}": Count(
                "id", filter=Q(latest_response__decision=choice.value)
            )
            for choice in Decision
        },
    )
    days = [
        (answered - said).days
        for said, answered in base.filter(first_response_on__isnull=False).values_list(
            "said_on", "first_response_on"
        )
        if answered is not None
    ]
    changes = Change.objects.filter(contribution__in=base.values("id")).count()
    total = counts["total"]
    by_decision = [
        DecisionCount(
            choice.value,
            str(choice.label),
            counts[f"decision_{choice.value}"],
            _percent(counts[f"decision_{choice.value}"], total),
        )
        for choice in Decision
    ]
    waiting = total - counts["with_response"]
    by_decision.append(
        DecisionCount("none", str(NO_RESPONSE_LABEL), waiting, _percent(waiting, total))
    )
    return Measures(
        total=total,
        with_response=counts["with_response"],
        median_days=statistics.median(days) if days else None,
        not_adopted=counts["not_adopted"],
        not_adopted_with_reason=counts["not_adopted_with_reason"],
        changes=changes,
        by_decision=by_decision,
    )


# The home page (registered from `apps.py` with `initiatives.home`)


def credited_count_for(membership: Membership, person: Person | None) -> int | None:
    """How many things this person said are followed on "what happened to what I said"
    (one query); None when they have no record here."""
    if person is None:
        return None
    return Contribution.objects.filter(credits__person=person).distinct().count()
