"""Reads for the room screen on a projector (staff only): everything it shows, cut to fit.

Names: a group card shows the names people chose to give, and "Someone" for the rest, as their
own phones do. Nothing private (notes, access needs) is ever read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coproduce.workshops import projector
from coproduce.workshops.models import (
    Activity,
    Group,
    GroupMember,
    Idea,
    Participant,
    StoryStep,
    WarmUpAnswer,
    Workshop,
)
from coproduce.workshops.queries import Result, live_group_phase, results_for

# What fits at 1280 by 720 beside the join details (the browser test fills each to this).
IDEAS_SHOWN = 12
GROUPS_SHOWN = 16
BOARDS_SHOWN = 4
RESULTS_SHOWN = 12


@dataclass
class GroupCard:
    group: Group
    table: projector.Table
    names: list[str]


@dataclass
class BoardColumn:
    group: Group
    table: projector.Table
    steps: list[tuple[int, StoryStep]]  # (its number in the journey, the step)
    earlier: int  # steps before these, not shown
    total: int


@dataclass
class Bar:
    result: Result
    value: int  # the number beside the bar: dots, or the percent who agree
    width: int  # 0 to 100: the bar's length against the longest
    lived_width: int = 0  # dots from lived experience, as part of `width`

    @property
    def learnt_width(self) -> int:
        return self.width - self.lived_width


def group_cards(activity: Activity) -> tuple[list[GroupCard], int]:
    """The pairs or fours (or storyboard groups) people are in now, with their table."""
    phase = live_group_phase(activity)
    if phase is None:
        return [], 0
    groups = list(Group.objects.filter(activity=activity, phase=phase).order_by("number"))
    names: dict[int, list[str]] = {group.pk: [] for group in groups}
    people = {
        p.pk: p.display_name or str(projector.SOMEONE)
        for p in Participant.objects.filter(workshop_id=activity.workshop_id)
    }
    for group_id, participant_id in (
        GroupMember.objects.filter(activity=activity, phase=phase)
        .order_by("participant_id")
        .values_list("group_id", "participant_id")
    ):
        if group_id in names and participant_id in people:
            names[group_id].append(people[participant_id])
    cards = [GroupCard(g, projector.table_for(g.number), names[g.pk]) for g in groups]
    return projector.first(cards, GROUPS_SHOWN)


def board_columns(activity: Activity) -> tuple[list[BoardColumn], int]:
    """Each storyboard group's newest steps, side by side; the rest are in the record."""
    groups = list(
        Group.objects.filter(activity=activity, phase=Group.Phase.BOARD).order_by("number")
    )
    shown, left_off = projector.first(groups, BOARDS_SHOWN)
    steps: dict[int, list[StoryStep]] = {g.pk: [] for g in shown}
    for step in StoryStep.objects.filter(group__in=shown).order_by("group", "position", "id"):
        steps[step.group_id].append(step)
    fit = projector.steps_that_fit(len(shown))
    columns = []
    for group in shown:
        numbered = list(enumerate(steps[group.pk], start=1))
        kept, earlier = projector.last(numbered, fit)
        columns.append(
            BoardColumn(group, projector.table_for(group.number), kept, earlier, len(numbered))
        )
    return columns, left_off


def bars_for(activity: Activity) -> tuple[list[Bar], int]:
    """The results as bars, most support first, with the numbers to print beside them."""
    results, left_off = projector.first(results_for(activity), RESULTS_SHOWN)
    if activity.mode == Activity.Mode.RATING:
        return [Bar(r, r.agree_percent, r.agree_percent) for r in results], left_off
    most = max((r.total for r in results), default=0) or 1
    return [
        Bar(r, r.total, round(100 * r.total / most), round(100 * r.lived / most)) for r in results
    ], left_off


def screen_context(workshop: Workshop, snapshot: dict[str, Any] | None) -> dict[str, Any]:
    """What the room screen needs for the activity on now (reads only)."""
    current = workshop.current_activity
    context: dict[str, Any] = {"cloud": None, "groups": [], "boards": [], "bars": []}
    if current is None or not workshop.is_open:
        return context
    if current.is_voting:
        ideas = ((snapshot or {}).get("a") or {}).get("ideas", [])
        context["ideas"], context["ideas_left_off"] = projector.first(ideas, IDEAS_SHOWN)
        if current.shows_results:
            context["bars"], context["bars_left_off"] = bars_for(current)
    elif current.kind == Activity.Kind.WARM_UP:
        context["cloud"] = projector.word_cloud(
            list(
                WarmUpAnswer.objects.filter(activity=current, hidden=False)
                .order_by("created_at", "id")
                .values_list("text", flat=True)
            )
        )
    elif current.kind == Activity.Kind.ONE_TWO_FOUR:
        context["groups"], context["groups_left_off"] = group_cards(current)
        best = Idea.objects.filter(activity=current, group__isnull=False).order_by("group__number")
        context["best"], context["best_left_off"] = projector.first(
            list(best.select_related("group")), IDEAS_SHOWN
        )
    elif current.kind == Activity.Kind.STORYBOARD:
        context["boards"], context["boards_left_off"] = board_columns(current)
    return context
