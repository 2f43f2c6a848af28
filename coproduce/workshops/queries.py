"""Reusable reads for workshops: one person's own state, results, the record. The public
room snapshot, which every screen shares, is `snapshot.py`."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.models import Membership, Organisation
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.people.models import Person
from coproduce.pictures.owners import OwnedText
from coproduce.workshops.models import (
    AccessNeed,
    Activity,
    Dot,
    Group,
    GroupMember,
    Idea,
    Invitation,
    Note,
    Participant,
    Pass,
    Rating,
    StoryStep,
    WarmUpAnswer,
    Workshop,
)
from coproduce.workshops.record import Said, contributions_for

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


def ended_workshop_for_code(code: str) -> Workshop | None:
    """The workshop that last ended with this code, when no open one has it now: a late
    joiner is told it has ended, and its people see their thank-you page."""
    if not code:
        return None
    return (
        Workshop.objects.filter(state=Workshop.State.ENDED, join_code=code)
        .select_related("organisation", "initiative", "current_activity")
        .order_by("-ended_at", "-pk")
        .first()
    )


def room_workshop_for_code(code: str) -> Workshop | None:
    """The workshop a live socket may join with this code: the open one, or one ended so
    recently that the facilitator may still undo it (its phones wait on the thank-you page)."""
    workshop = open_workshop_for_code(code)
    if workshop is None:
        workshop = ended_workshop_for_code(code)
        if workshop is not None and not workshop.end_can_be_undone():
            return None
    return workshop


def workshops_for_initiative(initiative: Initiative) -> QuerySet[Workshop]:
    return Workshop.objects.filter(initiative=initiative).annotate(
        present=Count("participants", filter=Q(participants__left_at__isnull=True))
    )


def access_needs_for(workshop: Workshop) -> QuerySet[AccessNeed]:
    """The access needs shared, with consent, by people who joined or signed up. Read them
    through `domain.read_access_needs` (logged); anything else may only count them."""
    return AccessNeed.objects.filter(
        Q(participant__workshop=workshop) | Q(invitation__workshop=workshop), consent=True
    )


def present_participants(workshop: Workshop) -> QuerySet[Participant]:
    return Participant.objects.filter(workshop=workshop, left_at__isnull=True)


@dataclass(frozen=True)
class Balance:
    """How many people in the room bring lived and learnt experience, against the target."""

    lived: int
    learnt: int
    target_percent: int
    online: int = 0  # of everyone, how many take part online (the rest are in the room)

    @property
    def total(self) -> int:
        return self.lived + self.learnt

    @property
    def in_room(self) -> int:
        return self.total - self.online

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
        online=Count("id", filter=Q(joins_from=Participant.JoinsFrom.ONLINE)),
    )
    return Balance(
        counts["lived"], counts["learnt"], workshop.lived_target_percent, counts["online"]
    )


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
    # Hidden ideas count in no results: their dots and ratings stay in the record only.
    ideas = list(Idea.objects.filter(activity=activity, hidden=False).order_by("created_at", "id"))
    lived = list(Capacity.lived())
    rows: list[tuple[tuple[int, ...], dict[str, Any]]] = []
    if activity.mode == Activity.Mode.RATING:
        by_idea: dict[int, list[tuple[str, bool]]] = {idea.pk: [] for idea in ideas}
        for idea_id, value, capacity in Rating.objects.filter(activity=activity).values_list(
            "idea_id", "value", "participant__capacity"
        ):
            if idea_id in by_idea:
                by_idea[idea_id].append((value, capacity in lived))
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
            row["idea_id"]: (row["total"], row["lived"])
            for row in Dot.objects.filter(activity=activity, idea__hidden=False, given_back=False)
            .values("idea_id")
            .annotate(
                total=Count("id"),
                lived=Count("id", filter=Q(participant__capacity__in=lived)),
            )
        }
        return dot_results([(idea.pk, idea.text) for idea in ideas], tallies)
    return _ranked(rows)


def dot_results(
    ideas: Sequence[tuple[int, str]], tallies: Mapping[int, tuple[int, int]]
) -> list[Result]:
    """Ideas (id, text, in the order they came) ranked by dots; `tallies` maps an idea to
    (its dots, the dots from people with lived experience)."""
    rows: list[tuple[tuple[int, ...], dict[str, Any]]] = []
    for idea_id, text in ideas:
        total, of_lived = tallies.get(idea_id, (0, 0))
        rows.append(
            (
                (total,),
                {
                    "idea_id": idea_id,
                    "text": text,
                    "total": total,
                    "lived": of_lived,
                    "learnt": total - of_lived,
                    "counts": {},
                    "agree_percent": 0,
                    "lived_agree_percent": 0,
                    "learnt_agree_percent": 0,
                },
            )
        )
    return _ranked(rows)


def _ranked(rows: list[tuple[tuple[int, ...], dict[str, Any]]]) -> list[Result]:
    rows.sort(key=lambda row: row[0], reverse=True)  # stable: equal scores keep idea order
    scores = Counter(score for score, _row in rows)
    results: list[Result] = []
    rank, previous = 0, None
    for position, (score, row) in enumerate(rows, start=1):
        if score != previous:
            rank, previous = position, score
        results.append(Result(rank=rank, tied=scores[score] > 1, **row))
    return results


def live_group_phase(activity: Activity) -> str | None:
    if activity.kind == Activity.Kind.STORYBOARD:
        return Group.Phase.BOARD
    if activity.phase in (Activity.Phase.PAIRS, Activity.Phase.FOURS):
        return str(activity.phase)
    if activity.phase == Activity.Phase.ALL:
        return Group.Phase.FOURS
    return None


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
    phase = live_group_phase(activity) if activity.has_groups else None
    if phase is not None:
        state["group"] = (
            GroupMember.objects.filter(activity=activity, phase=phase, participant=participant)
            .values_list("group_id", flat=True)
            .first()
        )
    if activity.kind == Activity.Kind.WARM_UP:
        state["answer"] = (
            WarmUpAnswer.objects.filter(activity=activity, participant=participant, withdrawn=False)
            .values_list("text", flat=True)
            .first()
        )
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
                Dot.objects.filter(
                    activity=activity, participant=participant, idea__hidden=False, given_back=False
                ).values_list("idea_id", flat=True)
            )
            state["dots"] = {str(idea_id): n for idea_id, n in mine.items()}
            state["dots_left"] = max(0, activity.budget() - sum(mine.values()))
    return state


def given_back_dots(participant: Participant, activity: Activity | None, dots_left: int) -> int:
    """How many of this person's dots came back to them when two ideas were merged (the
    idea they were on already had as many of their dots as one idea can take) and are still
    to place: none once they have placed them again, or have no dots left."""
    if activity is None or not activity.is_voting or activity.mode != Activity.Mode.DOTS:
        return 0
    back = Dot.objects.filter(
        Q(idea__merged_into__isnull=False) | Q(given_back=True),
        activity=activity,
        participant=participant,
    ).count()
    return min(back, dots_left)


def participant_states(
    participants: Sequence[Participant], activity: Activity | None
) -> list[dict[str, Any]]:
    """`participant_state` for many people at once, in their order. In a Dotmocracy with dots
    (the room a thousand phones join at once, bench/live_room.py) that is two queries for all
    of them rather than two each; anything else asks `participant_state` one by one."""
    plain_dots = (
        activity is not None
        and activity.is_voting
        and activity.mode != Activity.Mode.RATING
        and not activity.has_groups
    )
    if activity is None or not plain_dots or len(participants) < 2:
        return [participant_state(p, activity) for p in participants]
    ids = [p.pk for p in participants]
    passed = set(
        Pass.objects.filter(activity=activity, participant_id__in=ids).values_list(
            "participant_id", flat=True
        )
    )
    held: dict[int, Counter[int]] = {pk: Counter() for pk in ids}
    for person, idea in Dot.objects.filter(
        activity=activity, participant_id__in=ids, idea__hidden=False, given_back=False
    ).values_list("participant_id", "idea_id"):
        held[person][idea] += 1
    budget = activity.budget()
    return [
        {
            "t": "me",
            "name": p.display_name,
            "capacity": p.capacity,
            "left": p.left_at is not None,
            "activity": activity.pk,
            "passed": p.pk in passed,
            "dots": {str(idea): n for idea, n in held[p.pk].items()},
            "dots_left": max(0, budget - sum(held[p.pk].values())),
        }
        for p in participants
    ]


def facilitator_state(workshop: Workshop) -> dict[str, Any]:
    """What only facilitators see live: the balance of experience (never access needs)."""
    return {"t": "me", "facilitator": True, "balance": balance_for(workshop).as_dict()}


def organisation_workshops(organisation: Organisation) -> QuerySet[Workshop]:
    return Workshop.objects.for_organisation(organisation).select_related("initiative")


# 1-2-4-All and storyboards: what one person's page shows (HTTP only, never a broadcast)


def member_label(participant: Participant, me: Participant) -> str:
    """How a group member is shown to the others: their name if they gave one."""
    from django.utils.translation import gettext as _

    if participant.pk == me.pk:
        return _("You")
    return participant.display_name or _("Someone who stays anonymous")


@dataclass
class GroupView:
    group: Group | None
    members: list[str]
    paragraphs: list[tuple[str, str]]  # (who, words): the others' notes in this step
    shared_alone: list[tuple[str, str]]  # the others' own notes they chose to share
    best_idea: Idea | None
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (words, who offered)


def one_two_four_view(participant: Participant, activity: Activity) -> dict[str, Any]:
    """One person's 1-2-4-All: their own note now, and their group's words (if in one)."""
    phase = activity.phase
    mine = Note.objects.filter(activity=activity, participant=participant, phase=phase).first()
    alone = Note.objects.filter(
        activity=activity, participant=participant, phase=Activity.Phase.ALONE
    ).first()
    view = GroupView(None, [], [], [], None)
    group_phase = live_group_phase(activity)
    if group_phase is not None:
        membership = (
            GroupMember.objects.filter(
                activity=activity, phase=group_phase, participant=participant
            )
            .select_related("group")
            .first()
        )
        if membership is not None:
            group = membership.group
            people = list(
                Participant.objects.filter(
                    pk__in=GroupMember.objects.filter(group=group).values("participant_id")
                ).order_by("pk")
            )
            others = [p for p in people if p.pk != participant.pk]
            labels = {p.pk: member_label(p, participant) for p in people}
            notes = Note.objects.filter(activity=activity, participant__in=others).order_by(
                "participant_id", "phase"
            )
            view = GroupView(
                group=group,
                members=[labels[p.pk] for p in people],
                paragraphs=[
                    (labels[n.participant_id], n.text)
                    for n in notes
                    if n.phase in (Activity.Phase.PAIRS, Activity.Phase.FOURS) and n.text
                ],
                shared_alone=[
                    (labels[n.participant_id], n.text)
                    for n in notes
                    if n.phase == Activity.Phase.ALONE and n.shared and n.text
                ],
                best_idea=Idea.objects.filter(group=group).first()
                if group.phase == Group.Phase.FOURS
                else None,
                replaced=[
                    (idea.text, _offered_by(idea, participant))
                    for idea in Idea.objects.filter(replaced_in=group)
                    .select_related("added_by")
                    .order_by("-created_at", "-id")
                ],
            )
    return {"note": mine, "alone_note": alone, "view": view}


def _offered_by(idea: Idea, me: Participant) -> str:
    from django.utils.translation import gettext as _

    if idea.added_by is None:
        return _("a facilitator")
    return member_label(idea.added_by, me)


def board_view(participant: Participant | None, activity: Activity) -> dict[str, Any]:
    """A person's storyboard group and its steps."""
    if participant is None:
        return {"board": None, "steps": []}
    membership = (
        GroupMember.objects.filter(
            activity=activity, phase=Group.Phase.BOARD, participant=participant
        )
        .select_related("group")
        .first()
    )
    if membership is None:
        return {"board": None, "steps": []}
    group = membership.group
    return {"board": group, "steps": list(StoryStep.objects.filter(group=group))}


def boards_for(workshop: Workshop) -> list[tuple[Activity, list[tuple[Group, list[StoryStep]]]]]:
    """Every storyboard of the workshop, for the gallery, the record and the export."""
    boards: list[tuple[Activity, list[tuple[Group, list[StoryStep]]]]] = []
    for activity in Activity.objects.filter(
        workshop=workshop, kind=Activity.Kind.STORYBOARD
    ).order_by("order", "id"):
        groups = list(Group.objects.filter(activity=activity, phase=Group.Phase.BOARD))
        steps: dict[int, list[StoryStep]] = {g.pk: [] for g in groups}
        for step in StoryStep.objects.filter(group__in=groups).order_by("group", "position", "id"):
            steps[step.group_id].append(step)
        boards.append((activity, [(g, steps[g.pk]) for g in groups]))
    return boards


@dataclass(frozen=True)
class Attendance:
    capacity: str
    label: str
    came: int
    left_early: int


def attendance_for(workshop: Workshop) -> list[Attendance]:
    """How many came in each capacity (never who: no names in a record)."""
    rows: dict[str, tuple[int, int]] = {
        capacity: (came, left)
        for capacity, came, left in Participant.objects.filter(workshop=workshop)
        .values("capacity")
        .annotate(came=Count("id"), left=Count("id", filter=Q(left_at__isnull=False)))
        .values_list("capacity", "came", "left")
    }
    return [
        Attendance(value, str(label), *rows.get(value, (0, 0))) for value, label in Capacity.choices
    ]


@dataclass
class Record:
    workshop: Workshop
    agenda: list[Activity]
    attendance: list[Attendance]
    ideas: list[tuple[Activity, list[Idea]]]
    results: list[tuple[Activity, list[Result]]]
    boards: list[tuple[Activity, list[tuple[Group, list[StoryStep]]]]]
    warm_ups: list[tuple[Activity, list[str]]]
    contributions: list[Said]
    pending_votes: list[Activity]  # Dotmocracies that can still take in storyboard ideas


def record_for(workshop: Workshop) -> Record:
    """The workshop record: agenda, attendance by capacity, ideas, storyboards, results,
    and every contribution (`record.contributions_for`).

    Names only of people who gave one, and nothing about access needs or unshared notes.
    """
    agenda = agenda_for(workshop)
    ideas_by: dict[int, list[Idea]] = {a.pk: [] for a in agenda}
    for idea in Idea.objects.filter(activity__workshop=workshop).order_by("created_at", "id"):
        ideas_by[idea.activity_id].append(idea)
    answers: dict[int, list[str]] = {a.pk: [] for a in agenda}
    for activity_id, text in WarmUpAnswer.objects.filter(
        activity__workshop=workshop, hidden=False
    ).values_list("activity_id", "text"):
        answers[activity_id].append(text)
    return Record(
        workshop=workshop,
        agenda=agenda,
        attendance=attendance_for(workshop),
        ideas=[(a, ideas_by[a.pk]) for a in agenda if ideas_by[a.pk]],
        results=[(a, results_for(a)) for a in agenda if a.is_voting],
        boards=boards_for(workshop),
        warm_ups=[(a, answers[a.pk]) for a in agenda if a.kind == Activity.Kind.WARM_UP],
        contributions=contributions_for(workshop),
        pending_votes=[a for a in agenda if a.is_voting and a.state == Activity.State.PENDING],
    )


# The home page (registered from `apps.py` with `initiatives.home`)


def upcoming_workshops_for(membership: Membership, person: Person | None) -> list[Workshop]:
    """Workshops to come of the initiatives this person is part of, or that they are invited
    to, each with their invitation's link and answer when they have one (one query)."""
    if person is None:
        return []
    invitation = Invitation.objects.filter(workshop=OuterRef("pk"), person=person)
    return list(
        Workshop.objects.filter(
            Q(initiative__involvements__person=person) | Q(invitations__person=person),
            organisation_id=membership.organisation_id,
            starts_at__gte=timezone.now() - datetime.timedelta(hours=3),
        )
        .exclude(state=Workshop.State.ENDED)
        .annotate(
            invitation_token=Subquery(invitation.values("token")[:1]),
            invitation_answer=Subquery(invitation.values("answer")[:1]),
        )
        .select_related("initiative")
        .distinct()
        .order_by("starts_at", "id")[:5]
    )


def activity_for_pictures(organisation: Organisation, pk: int) -> OwnedText | None:
    """What to do in one activity, in easy read (shown on phones in the room), for the
    picture picker (pictures.owners)."""
    activity = (
        Activity.objects.filter(workshop__organisation=organisation, pk=pk)
        .select_related("workshop")
        .first()
    )
    if activity is None:
        return None
    workshop = activity.workshop
    return OwnedText(
        title=_("%(activity)s: what to do, in easy read") % {"activity": activity.title},
        text=activity.easy_read_instruction,
        back_url=reverse(
            "workshop_detail",
            kwargs={
                "org": organisation.slug,
                "pk": workshop.initiative_id,
                "workshop_pk": workshop.pk,
            },
        ),
    )
