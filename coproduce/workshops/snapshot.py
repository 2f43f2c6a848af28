"""The public room snapshot: what every screen in the room shows, built from the database.

`events.Hub` sends it (or, while only dots change, `counts_message`) to every socket. It
never holds a name, an access need, who placed which dot or wrote which idea, or any one
person's own choices: those are `queries.participant_state`, sent only to that person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from coproduce.initiatives.models import Capacity
from coproduce.workshops import dot_store
from coproduce.workshops.models import (
    Activity,
    Group,
    Idea,
    Pass,
    Rating,
    WarmUpAnswer,
    Workshop,
)
from coproduce.workshops.queries import (
    dot_results,
    live_group_phase,
    present_participants,
    results_for,
)


def room_snapshot(workshop_id: int) -> dict[str, Any] | None:
    """Everything anyone in the room may see, built from the database.

    Never in here: names of participants, access needs, who placed which dot or wrote
    which idea, or any one person's own choices. Tallies are left out while they are hidden.
    """
    frame = room_frame(workshop_id)
    return None if frame is None else frame.snapshot


@dataclass(frozen=True)
class Tally:
    """The dots of one activity as counted so far: to add only the newer ones next time."""

    last_dot: int = 0
    ideas: Mapping[int, tuple[int, int]] = field(default_factory=dict)  # (dots, from lived)
    voters: frozenset[int] = frozenset()

    def adding(self, dots: Sequence[tuple[int, int, int, bool]]) -> Tally:
        if not dots:
            return self
        ideas = dict(self.ideas)
        for _dot, idea, _person, lived in dots:
            total, of_lived = ideas.get(idea, (0, 0))
            ideas[idea] = (total + 1, of_lived + lived)
        voters = self.voters | {person for _dot, _idea, person, _lived in dots}
        return Tally(dots[-1][0], ideas, voters)


@dataclass(frozen=True)
class Frame:
    """A room snapshot, the workshop's `frame_version` it was built at, and (for a
    Dotmocracy with dots) the tally its counts came from."""

    frame_version: int
    snapshot: dict[str, Any]
    whole: bool = True  # False: only the counts were read again
    tally: Tally | None = None


def room_frame(workshop_id: int, last: Frame | None = None) -> Frame | None:
    """The room's snapshot now (see `room_snapshot`), built as cheaply as it can be.

    If `last` shows a Dotmocracy with dots and the workshop's `frame_version` has not moved
    since it was built, nothing but dots has changed (`place_dots` leaves that number alone,
    and taking a dot back moves it): the agenda, activity and ideas are kept from `last`, and
    only the passes and the dots placed since are read, in one plain SQL statement
    (`dot_store.counts_since`). Otherwise the whole snapshot is built through the ORM.
    """
    if last is not None and last.tally is not None:
        counted = dot_store.counts_since(
            workshop_id, last.snapshot["a"]["id"], last.tally.last_dot, list(Capacity.lived())
        )
        if counted is None:
            return None
        if counted.frame_version == last.frame_version:
            recounted, newer = _recounted(last.snapshot, last.tally, counted)
            return Frame(counted.frame_version, recounted, whole=False, tally=newer)
    workshop = Workshop.objects.select_related("current_activity").filter(pk=workshop_id).first()
    if workshop is None:
        return None
    snapshot, tally = _whole_snapshot(workshop)
    return Frame(workshop.frame_version, snapshot, tally=tally)


def _counts_can_move_alone(activity: Activity) -> bool:
    return activity.kind == Activity.Kind.DOTMOCRACY and activity.mode == Activity.Mode.DOTS


def _recounted(
    snapshot: dict[str, Any], tally: Tally, counted: dot_store.Counts
) -> tuple[dict[str, Any], Tally]:
    """`snapshot` with the version, the clock and the dot counts as they are now."""
    current = dict(snapshot["a"])
    tally = tally.adding(counted.dots)
    current.update(passes=counted.passes, voters=len(tally.voters))
    if not current["hidden"]:
        ideas = [(idea["id"], idea["text"]) for idea in current["ideas"]]
        current["results"] = [r.as_dict() for r in dot_results(ideas, tally.ideas)]
    now = int(timezone.now().timestamp() * 1000)
    return {**snapshot, "v": counted.version, "now": now, "a": current}, tally


def counts_message(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What dots change in a Dotmocracy snapshot, small enough to send 20 times a second.

    A screen applies it to the whole snapshot it holds with the same frame version `f` (and
    ignores it otherwise: a whole one comes at least every second). Results, best first, are
    [idea, place, tied (1 or 0), dots, dots from lived experience]; None while hidden.
    """
    current = snapshot["a"]
    results = current.get("results")
    return {
        "t": "counts",
        "v": snapshot["v"],
        "f": snapshot["f"],
        "now": snapshot["now"],
        "passes": current["passes"],
        "voters": current["voters"],
        "results": None
        if results is None
        else [[r["id"], r["rank"], int(r["tied"]), r["total"], r["lived"]] for r in results],
    }


def _whole_snapshot(workshop: Workshop) -> tuple[dict[str, Any], Tally | None]:
    """The whole snapshot, and for a Dotmocracy with dots the tally its counts came from
    (read once: its results and voters are counted from it, as every tick after it is)."""
    now = timezone.now()
    activities = list(
        Activity.objects.filter(workshop=workshop)
        .order_by("order", "id")
        .values_list("id", "title")
    )
    snapshot: dict[str, Any] = {
        "t": "room",
        "v": workshop.version,
        "f": workshop.frame_version,
        "now": int(now.timestamp() * 1000),
        "state": workshop.state,
        **present_participants(workshop).aggregate(
            people=Count("id"), online=Count("id", filter=Q(joins_from="online"))
        ),
        "agenda": [{"id": pk, "title": title} for pk, title in activities],
        "a": None,
    }
    activity = workshop.current_activity
    if activity is None:
        return snapshot, None
    ideas = list(Idea.objects.filter(activity=activity, hidden=False).order_by("created_at", "id"))
    # A Dotmocracy with dots: the passes and every dot in one statement, as each tick reads them.
    counted = (
        dot_store.counts_since(workshop.pk, activity.pk, 0, list(Capacity.lived()))
        if _counts_can_move_alone(activity)
        else None
    )
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
        "passes": counted.passes if counted else Pass.objects.filter(activity=activity).count(),
    }
    tally = None
    if counted is not None:
        tally = Tally().adding(counted.dots)
        texts = [(idea.pk, idea.text) for idea in ideas]
        current.update(
            dots=activity.budget(len(ideas)),
            cap=activity.max_dots_per_idea,
            hidden=not activity.shows_results,
            ideas=[{"id": pk, "text": text} for pk, text in texts],
            voters=len(tally.voters),
            results=[r.as_dict() for r in dot_results(texts, tally.ideas)]
            if activity.shows_results
            else None,
        )
    elif activity.is_voting:
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
    elif activity.kind == Activity.Kind.WARM_UP:
        answers = list(WarmUpAnswer.objects.filter(activity=activity).values_list("text", "hidden"))
        current.update(
            answers=[text for text, hidden in answers if not hidden],
            answered=len(answers),
        )
    elif activity.kind == Activity.Kind.ONE_TWO_FOUR:
        current.update(
            question=activity.question,
            phase=activity.phase,
            phases=[[p, activity.phase_minutes(p)] for p in Activity.Phase.values],
            groups=_group_revisions(activity, live_group_phase(activity)),
            best=[
                {"id": pk, "text": text}
                for pk, text in Idea.objects.filter(activity=activity, group__isnull=False)
                .order_by("group__number")
                .values_list("pk", "text")
            ],
        )
    elif activity.kind == Activity.Kind.STORYBOARD:
        current.update(groups=_group_revisions(activity, Group.Phase.BOARD))
    snapshot["a"] = current
    return snapshot, tally


def _group_revisions(activity: Activity, phase: str | None) -> dict[str, int]:
    """Each group's revision number: never its words. Members fetch those over HTTP."""
    if phase is None:
        return {}
    return {
        str(pk): revision
        for pk, revision in Group.objects.filter(activity=activity, phase=phase).values_list(
            "pk", "revision"
        )
    }


def _voter_count(activity: Activity) -> int:
    """How many have rated (a Dotmocracy with dots counts its voters from its tally)."""
    return Rating.objects.filter(activity=activity).values("participant").distinct().count()
