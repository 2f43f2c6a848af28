"""Reusable reads for workshops: the public room snapshot, one person's own state, results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from coproduce.core.models import Organisation
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.workshops.models import (
    Activity,
    Dot,
    Idea,
    Participant,
    Pass,
    Rating,
    Workshop,
)

AGREE = (Rating.Value.STRONGLY_AGREE, Rating.Value.AGREE)


def open_workshop_for_code(code: str) -> Workshop | None:
    """The workshop people can still join with this code (codes expire when it ends)."""
    if not code:
        return None
    return (
        Workshop.objects.exclude(state=Workshop.State.ENDED)
        .select_related("organisation", "current_activity")
        .filter(join_code=code)
        .first()
    )


def workshops_for_initiative(initiative: Initiative) -> QuerySet[Workshop]:
    return Workshop.objects.filter(initiative=initiative).annotate(
        present=Count("participants", filter=Q(participants__left_at__isnull=True))
    )


def present_participants(workshop: Workshop) -> QuerySet[Participant]:
    return Participant.objects.filter(workshop=workshop, left_at__isnull=True)


@dataclass(frozen=True)
class Balance:
    """How many people in the room bring lived and learnt experience, against the target."""

    lived: int
    learnt: int
    target_percent: int

    @property
    def total(self) -> int:
        return self.lived + self.learnt

    @property
    def lived_percent(self) -> int:
        return round(100 * self.lived / self.total) if self.total else 0

    @property
    def under_target(self) -> bool:
        return self.total > 0 and self.lived * 100 < self.target_percent * self.total

    def as_dict(self) -> dict[str, Any]:
        return {
            "lived": self.lived,
            "learnt": self.learnt,
            "percent": self.lived_percent,
            "target": self.target_percent,
            "under": self.under_target,
        }


def balance_for(workshop: Workshop) -> Balance:
    counts = present_participants(workshop).aggregate(
        lived=Count("id", filter=Q(capacity__in=Capacity.lived())),
        learnt=Count("id", filter=Q(capacity=Capacity.LEARNT)),
    )
    return Balance(counts["lived"], counts["learnt"], workshop.lived_target_percent)


def agenda_for(workshop: Workshop) -> list[Activity]:
    return list(Activity.objects.filter(workshop=workshop).order_by("order", "id"))


# Results


@dataclass(frozen=True)
class Result:
    idea_id: int
    text: str
    rank: int
    tied: bool
    total: int  # dots, or raters in rating mode
    lived: int
    learnt: int
    counts: dict[str, int]  # rating mode: how many chose each point of the scale
    agree_percent: int  # rating mode
    lived_agree_percent: int
    learnt_agree_percent: int

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.idea_id,
            "text": self.text,
            "rank": self.rank,
            "tied": self.tied,
            "total": self.total,
            "lived": self.lived,
            "learnt": self.learnt,
        }
        if self.counts:
            data.update(
                counts=self.counts,
                agree=self.agree_percent,
                lived_agree=self.lived_agree_percent,
                learnt_agree=self.learnt_agree_percent,
            )
        return data


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def results_for(activity: Activity) -> list[Result]:
    """Ideas ranked best first. Equal scores share a rank ("joint 2nd") and say they are tied.

    Dots: ranked by number of dots. Rating: by the share who agree or strongly agree.
    Lived and learnt experience are counted apart so they can be shown side by side.
    """
    ideas = list(Idea.objects.filter(activity=activity).order_by("created_at", "id"))
    lived = list(Capacity.lived())
    rows: list[tuple[tuple[int, ...], dict[str, Any]]] = []
    if activity.mode == Activity.Mode.RATING:
        by_idea: dict[int, list[tuple[str, bool]]] = {idea.pk: [] for idea in ideas}
        for idea_id, value, capacity in Rating.objects.filter(activity=activity).values_list(
            "idea_id", "value", "participant__capacity"
        ):
            by_idea.setdefault(idea_id, []).append((value, capacity in lived))
        for idea in ideas:
            votes = by_idea[idea.pk]
            counts = Counter(value for value, _lived in votes)
            lived_votes = [v for v, is_lived in votes if is_lived]
            learnt_votes = [v for v, is_lived in votes if not is_lived]
            agree = _percent(sum(counts[v] for v in AGREE), len(votes))
            rows.append(
                (
                    (agree,),
                    {
                        "idea_id": idea.pk,
                        "text": idea.text,
                        "total": len(votes),
                        "lived": len(lived_votes),
                        "learnt": len(learnt_votes),
                        "counts": {v: counts[v] for v in Rating.Value.values},
                        "agree_percent": agree,
                        "lived_agree_percent": _percent(
                            sum(v in AGREE for v in lived_votes), len(lived_votes)
                        ),
                        "learnt_agree_percent": _percent(
                            sum(v in AGREE for v in learnt_votes), len(learnt_votes)
                        ),
                    },
                )
            )
    else:
        tallies = {
            row["idea_id"]: row
            for row in Dot.objects.filter(activity=activity)
            .values("idea_id")
            .annotate(
                total=Count("id"),
                lived=Count("id", filter=Q(participant__capacity__in=lived)),
            )
        }
        for idea in ideas:
            tally = tallies.get(idea.pk, {"total": 0, "lived": 0})
            rows.append(
                (
                    (tally["total"],),
                    {
                        "idea_id": idea.pk,
                        "text": idea.text,
                        "total": tally["total"],
                        "lived": tally["lived"],
                        "learnt": tally["total"] - tally["lived"],
                        "counts": {},
                        "agree_percent": 0,
                        "lived_agree_percent": 0,
                        "learnt_agree_percent": 0,
                    },
                )
            )
    rows.sort(key=lambda row: row[0], reverse=True)  # stable: equal scores keep idea order
    scores = Counter(score for score, _row in rows)
    results: list[Result] = []
    rank, previous = 0, None
    for position, (score, row) in enumerate(rows, start=1):
        if score != previous:
            rank, previous = position, score
        results.append(Result(rank=rank, tied=scores[score] > 1, **row))
    return results


# The public snapshot


def room_snapshot(workshop_id: int) -> dict[str, Any] | None:
    """Everything anyone in the room may see, built from the database.

    Never in here: names of participants, access needs, who placed which dot or wrote
    which idea, or any one person's own choices. Tallies are left out while they are hidden.
    """
    workshop = Workshop.objects.select_related("current_activity").filter(pk=workshop_id).first()
    if workshop is None:
        return None
    now = timezone.now()
    activities = list(
        Activity.objects.filter(workshop=workshop)
        .order_by("order", "id")
        .values_list("id", "title")
    )
    snapshot: dict[str, Any] = {
        "t": "room",
        "v": workshop.version,
        "now": int(now.timestamp() * 1000),
        "state": workshop.state,
        "people": present_participants(workshop).count(),
        "agenda": [{"id": pk, "title": title} for pk, title in activities],
        "a": None,
    }
    activity = workshop.current_activity
    if activity is None:
        return snapshot
    ideas = list(Idea.objects.filter(activity=activity).order_by("created_at", "id"))
    current: dict[str, Any] = {
        "id": activity.pk,
        "n": next((i for i, (pk, _t) in enumerate(activities, start=1) if pk == activity.pk), 0),
        "kind": activity.kind,
        "mode": activity.mode,
        "title": activity.title,
        "instruction": activity.instruction,
        "easy": activity.easy_read_instruction,
        "state": activity.state,
        "ends": int(activity.ends_at.timestamp() * 1000)
        if activity.state == Activity.State.RUNNING and activity.ends_at
        else None,
        "left": activity.remaining_seconds if activity.state == Activity.State.PAUSED else None,
        "minutes": activity.planned_minutes,
        "passes": Pass.objects.filter(activity=activity).count(),
    }
    if activity.is_voting:
        current.update(
            dots=activity.budget(len(ideas)),
            cap=activity.max_dots_per_idea,
            hidden=not activity.shows_results,
            ideas=[{"id": idea.pk, "text": idea.text} for idea in ideas],
            voters=_voter_count(activity),
            results=[r.as_dict() for r in results_for(activity)]
            if activity.shows_results
            else None,
        )
    snapshot["a"] = current
    return snapshot


def _voter_count(activity: Activity) -> int:
    model = Rating if activity.mode == Activity.Mode.RATING else Dot
    return model.objects.filter(activity=activity).values("participant").distinct().count()


# One person's own state: sent only to their own socket or page


def participant_state(participant: Participant, activity: Activity | None) -> dict[str, Any]:
    state: dict[str, Any] = {
        "t": "me",
        "name": participant.display_name,
        "capacity": participant.capacity,
        "left": participant.left_at is not None,
        "activity": activity.pk if activity else None,
        "passed": False,
    }
    if activity is None:
        return state
    state["passed"] = Pass.objects.filter(activity=activity, participant=participant).exists()
    if activity.is_voting:
        if activity.mode == Activity.Mode.RATING:
            state["ratings"] = {
                str(idea_id): value
                for idea_id, value in Rating.objects.filter(
                    activity=activity, participant=participant
                ).values_list("idea_id", "value")
            }
        else:
            mine = Counter(
                Dot.objects.filter(activity=activity, participant=participant).values_list(
                    "idea_id", flat=True
                )
            )
            state["dots"] = {str(idea_id): n for idea_id, n in mine.items()}
            state["dots_left"] = max(0, activity.budget() - sum(mine.values()))
    return state


def facilitator_state(workshop: Workshop) -> dict[str, Any]:
    """What only facilitators see live: the balance of experience (never access needs)."""
    return {"t": "me", "facilitator": True, "balance": balance_for(workshop).as_dict()}


def organisation_workshops(organisation: Organisation) -> QuerySet[Workshop]:
    return Workshop.objects.for_organisation(organisation).select_related("initiative")
