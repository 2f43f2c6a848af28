"""Every contribution made in a workshop, in order: what the record page and its CSV show.

One `Said` per contribution: a warm-up word, a shared own note, each revision of a pair or
four note, each best idea (the ones replaced too), each storyboard step, each idea, dot,
rating and pass. Names show only for people who gave one; the others are "someone who
stays anonymous". Votes and passes never show who: nobody sees who passed or how one
person voted. Own notes are private until shared, so unshared ones are left out. Nothing
about access needs is read here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.audit import entries_for
from coproduce.workshops.models import (
    Activity,
    Dot,
    Group,
    GroupMember,
    Idea,
    Note,
    NoteRevision,
    Participant,
    Pass,
    Rating,
    StoryStep,
    WarmUpAnswer,
    Workshop,
)


class Kind(models.TextChoices):
    """The kinds of contribution, as the record and the CSV name them."""

    WARM_UP = "warm_up", gettext_lazy("Warm-up answer")
    OWN_NOTE = "own_note", gettext_lazy("Own note, shared")
    PAIR_NOTE = "pair_note", gettext_lazy("Pair note")
    FOUR_NOTE = "four_note", gettext_lazy("Four note")
    BEST_IDEA = "best_idea", gettext_lazy("Best idea of a four")
    STEP = "step", gettext_lazy("Storyboard step")
    IDEA = "idea", gettext_lazy("Idea")
    DOT = "dot", gettext_lazy("Dot")
    RATING = "rating", gettext_lazy("Rating")
    PASS = "pass", gettext_lazy("Pass")


# Contributions with words in them can be sent on to "you said, we did".
WORDS = {
    Kind.WARM_UP,
    Kind.OWN_NOTE,
    Kind.PAIR_NOTE,
    Kind.FOUR_NOTE,
    Kind.BEST_IDEA,
    Kind.STEP,
    Kind.IDEA,
}


@dataclass(frozen=True)
class Said:
    """One contribution, ready to show or write as a CSV row."""

    activity: Activity
    kind: str
    group: str  # "Pair 2", "Four 1", "Storyboard group 3: ...", or "" for the whole room
    who: str
    text: str
    at: datetime.datetime
    revision: int | None = None
    replaced: str = ""  # the words of the idea this one replaced
    replaced_by: str = ""  # the words of the idea that replaced this one
    entered_by: str = ""  # "for them by Alice", "added by the facilitator (Alice)", ...
    notes: tuple[str, ...] = field(default=())  # other marks: hidden, taken in from...
    # Where it sorts within its activity: the whole room first, then pairs, fours and
    # storyboard groups by number, then passes.
    order: tuple[int, int] = (0, 0)

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def is_vote(self) -> bool:
        """A dot, a rating or a pass: never shown with who."""
        return self.kind in (Kind.DOT, Kind.RATING, Kind.PASS)

    @property
    def has_words(self) -> bool:
        return self.kind in WORDS and bool(self.text)


def _who(participant: Participant | None) -> str:
    if participant is None:
        return ""
    return participant.display_name or _("Someone who stays anonymous")


def _private() -> str:
    return _("Not shown: votes and passes are private")


def _user(user: object) -> str:
    return str(user) if user is not None else _("a facilitator")


def _entered(by_proxy: bool, entered_by: object) -> str:
    if not by_proxy:
        return ""
    return _("Entered for them by %(who)s") % {"who": _user(entered_by)}


def _idea_entered(idea: Idea) -> str:
    if idea.from_facilitator:
        return _("Added by the facilitator (%(who)s)") % {"who": _user(idea.entered_by)}
    if idea.by_proxy:
        return _entered(True, idea.entered_by)
    return ""


_GROUP_ORDER = {Group.Phase.PAIRS: 1, Group.Phase.FOURS: 2, Group.Phase.BOARD: 3}


def _group_order(group: Group | None) -> tuple[int, int]:
    return (0, 0) if group is None else (_GROUP_ORDER[Group.Phase(group.phase)], group.number)


def _idea_who(idea: Idea, people: dict[int, Participant]) -> str:
    if idea.added_by_id:
        return _who(people.get(idea.added_by_id))
    return _("The facilitator") if idea.from_facilitator else ""


def _group_label(group: Group | None) -> str:
    if group is None:
        return ""
    label = f"{group.get_phase_display()} {group.number}"
    return f"{label}: {group.title}" if group.title else label


def contributions_for(workshop: Workshop) -> list[Said]:
    """Every contribution in the workshop: activity by activity in agenda order, and within
    one, group by group, each in the order it was made."""
    activities = list(Activity.objects.filter(workshop=workshop).order_by("order", "id"))
    acts = {a.pk: a for a in activities}
    people = {p.pk: p for p in Participant.objects.filter(workshop=workshop)}
    groups = {g.pk: g for g in Group.objects.filter(activity__workshop=workshop).order_by("number")}
    # Which group each person was in, for each activity and phase.
    member_of: dict[tuple[int, str, int], Group] = {
        (m.activity_id, m.phase, m.participant_id): groups[m.group_id]
        for m in GroupMember.objects.filter(activity__workshop=workshop)
    }
    said: dict[int, list[Said]] = defaultdict(list)

    for answer in (
        WarmUpAnswer.objects.filter(activity__workshop=workshop)
        .select_related("entered_by")
        .order_by("created_at", "id")
    ):
        said[answer.activity_id].append(
            Said(
                activity=acts[answer.activity_id],
                kind=Kind.WARM_UP,
                group="",
                who=_who(people.get(answer.participant_id)),
                text=answer.text,
                at=answer.created_at,
                entered_by=_entered(answer.by_proxy, answer.entered_by),
                notes=_warm_up_notes(answer),
            )
        )

    _notes(workshop, acts, people, member_of, said)
    _ideas(workshop, acts, people, groups, said)
    _steps(workshop, acts, said)
    _votes(workshop, acts, said)

    for passed in (
        Pass.objects.filter(activity__workshop=workshop)
        .select_related("entered_by")
        .order_by("created_at", "id")
    ):
        said[passed.activity_id].append(
            Said(
                activity=acts[passed.activity_id],
                kind=Kind.PASS,
                group="",
                order=(9, 0),
                who=_private(),
                text="",
                at=passed.created_at,
                entered_by=_entered(passed.by_proxy, passed.entered_by),
            )
        )

    return [
        item
        for activity in activities
        for item in sorted(said.get(activity.pk, []), key=lambda item: item.order)
    ]


_NOTE_KIND = {
    Activity.Phase.ALONE: Kind.OWN_NOTE,
    Activity.Phase.PAIRS: Kind.PAIR_NOTE,
    Activity.Phase.FOURS: Kind.FOUR_NOTE,
}
_PHASE_ORDER = {Activity.Phase.ALONE: 0, Activity.Phase.PAIRS: 1, Activity.Phase.FOURS: 2}


Activities = dict[int, Activity]


def _notes(
    workshop: Workshop,
    acts: Activities,
    people: dict[int, Participant],
    member_of: dict[tuple[int, str, int], Group],
    said: dict[int, list[Said]],
) -> None:
    """Own notes that were shared (their newest words), and every revision of pair and four
    notes, group by group."""
    notes = {n.pk: n for n in Note.objects.filter(activity__workshop=workshop)}
    revisions: dict[int, list[NoteRevision]] = defaultdict(list)
    for revision in NoteRevision.objects.filter(note__in=list(notes)).select_related("entered_by"):
        revisions[revision.note_id].append(revision)
    rows: list[tuple[tuple[object, ...], Said]] = []
    for note in notes.values():
        kind = _NOTE_KIND.get(Activity.Phase(note.phase))
        if kind is None or (kind == Kind.OWN_NOTE and not note.shared):
            continue
        group = member_of.get((note.activity_id, note.phase, note.participant_id))
        kept = revisions.get(note.pk, [])
        if kind == Kind.OWN_NOTE:
            kept = kept[-1:]  # what they shared is the newest
        for revision in kept:
            rows.append(
                (
                    (
                        note.activity_id,
                        _PHASE_ORDER[Activity.Phase(note.phase)],
                        group.number if group else 0,
                        revision.saved_at,
                        revision.pk,
                    ),
                    Said(
                        activity=acts[note.activity_id],
                        kind=kind,
                        group=_group_label(group),
                        order=_group_order(group),
                        who=_who(people.get(note.participant_id)),
                        text=revision.text,
                        at=revision.saved_at,
                        revision=revision.revision if kind != Kind.OWN_NOTE else None,
                        entered_by=_entered(revision.by_proxy, revision.entered_by),
                        notes=() if revision.text else (_("Took their words out"),),
                    ),
                )
            )
    for _key, item in sorted(rows, key=lambda row: row[0]):
        said[item.activity.pk].append(item)


def _ideas(
    workshop: Workshop,
    acts: Activities,
    people: dict[int, Participant],
    groups: dict[int, Group],
    said: dict[int, list[Said]],
) -> None:
    """Best ideas four by four (each with what it replaced), then the other ideas."""
    ideas = list(
        Idea.objects.filter(activity__workshop=workshop)
        .select_related("entered_by", "source__activity", "source_step__group")
        .order_by("created_at", "id")
    )
    texts = {i.pk: i.text for i in ideas}
    put_back = _put_back(workshop, texts)
    replaced_text = {i.replaced_by_id: i.text for i in ideas if i.replaced_by_id}
    best = [i for i in ideas if i.group_id or i.replaced_in_id]
    best.sort(
        key=lambda i: (groups[i.group_id or i.replaced_in_id].number, i.created_at, i.pk)  # type: ignore[index]  # one of the two is set
    )
    for idea in best:
        four = groups.get(idea.group_id or idea.replaced_in_id)  # type: ignore[arg-type]  # one of the two is set
        said[idea.activity_id].append(
            Said(
                activity=acts[idea.activity_id],
                kind=Kind.BEST_IDEA,
                group=_group_label(four),
                order=_group_order(four),
                who=_who(people.get(idea.added_by_id)) if idea.added_by_id else _("The four"),
                text=idea.text,
                at=idea.created_at,
                replaced=replaced_text.get(idea.pk, ""),
                replaced_by=texts.get(idea.replaced_by_id, "") if idea.replaced_by_id else "",
                entered_by=_idea_entered(idea),
                notes=(_("Replaced by a later idea"),)
                if idea.replaced_in_id
                else (_("The four's idea now"),),
            )
        )
    for idea in ideas:
        if idea.group_id or idea.replaced_in_id:
            continue
        notes: tuple[str, ...] = ()
        if idea.source_id and idea.source:
            notes = (_("Taken in from “%(title)s”") % {"title": idea.source.activity.title},)
        elif idea.source_box:
            box = StoryStep.label(idea.source_box)
            board = _group_label(idea.source_step.group) if idea.source_step else ""
            notes = (_("Taken in from a storyboard: %(box)s") % {"box": box},)
            if board:
                notes = (f"{notes[0]} ({board})",)
        entered = _idea_entered(idea) if not notes else ""
        if idea.original_text:
            notes = (
                *notes,
                _("Changed by the facilitator. First words: “%(text)s”")
                % {"text": idea.original_text},
            )
        notes = (*notes, *put_back.get(idea.pk, ()))
        if idea.hidden:
            notes = (*notes, _hidden_note(idea, texts))
        said[idea.activity_id].append(
            Said(
                activity=acts[idea.activity_id],
                kind=Kind.IDEA,
                group="",
                who=_idea_who(idea, people),
                text=idea.text,
                at=idea.created_at,
                entered_by=entered,
                notes=notes,
            )
        )


def _put_back(workshop: Workshop, texts: dict[int, str]) -> dict[int, list[str]]:
    """For each idea merged and then put back (`unmerge_idea`), a note for each time, from
    the log: the idea no longer says what it was merged into."""
    notes: dict[int, list[str]] = defaultdict(list)
    undone = entries_for(workshop).filter(action="workshops.idea.unmerged")
    for data in undone.order_by("created_at", "id").values_list("data", flat=True):
        into = texts.get(data.get("from"), "")
        notes[data.get("idea")].append(
            _("Merged by the facilitator into “%(text)s”, then put back") % {"text": into}
        )
    return notes


def _hidden_note(idea: Idea, texts: dict[int, str]) -> str:
    if idea.merged_into_id:
        return _("Merged by the facilitator into “%(text)s”") % {
            "text": texts.get(idea.merged_into_id, "")
        }
    if idea.withdrawn:
        return _("Taken back by the person who gave it")
    return _("Hidden by the facilitator: %(reason)s") % {"reason": idea.hidden_reason}


def _warm_up_notes(answer: WarmUpAnswer) -> tuple[str, ...]:
    if answer.withdrawn:
        return (_("Taken back by the person who gave it"),)
    return (_("Hidden from the room screen"),) if answer.hidden else ()


def _steps(workshop: Workshop, acts: Activities, said: dict[int, list[Said]]) -> None:
    """Each storyboard step, group by group, with its boxes and the feeling."""
    feelings = dict(StoryStep.Feeling.choices)
    steps = (
        StoryStep.objects.filter(group__activity__workshop=workshop)
        .select_related("group")
        .order_by("group__activity__order", "group__number", "position", "id")
    )
    for step in steps:
        parts = [
            f"{StoryStep.label(name)}: {getattr(step, name)}"
            for name in StoryStep.TEXT_FIELDS
            if getattr(step, name)
        ]
        if step.feeling:
            parts.append(f"{StoryStep.label('feeling')}: {feelings[step.feeling]}")
        said[step.group.activity_id].append(
            Said(
                activity=acts[step.group.activity_id],
                kind=Kind.STEP,
                group=_group_label(step.group),
                order=_group_order(step.group),
                who=_("The group"),
                text=" · ".join(parts),
                at=step.updated_at,
                revision=step.position + 1,
                entered_by=_("Entered for the group by a facilitator") if step.by_proxy else "",
                notes=(_("Step %(n)s") % {"n": step.position + 1},),
            )
        )


def _votes(workshop: Workshop, acts: Activities, said: dict[int, list[Said]]) -> None:
    """Each dot and each rating, on which idea, never by whom."""
    values = dict(Rating.Value.choices)
    votes: list[tuple[str, Dot | Rating, str]] = [
        (Kind.DOT, dot, dot.idea.text) for dot in _in_order(Dot, workshop)
    ]
    votes += [
        (Kind.RATING, rating, f"{rating.idea.text}: {values[rating.value]}")
        for rating in _in_order(Rating, workshop)
    ]
    for kind, vote, text in votes:
        said[vote.activity_id].append(
            Said(
                activity=acts[vote.activity_id],
                kind=kind,
                group="",
                who=_private(),
                text=text,
                at=vote.created_at,
                entered_by=_entered(vote.by_proxy, vote.entered_by),
                notes=_vote_notes(vote),
            )
        )


def _vote_notes(vote: Dot | Rating) -> tuple[str, ...]:
    if isinstance(vote, Dot) and vote.given_back:
        return (_("Given back when the ideas were merged: not counted, and not put back"),)
    if vote.moved_from_id and vote.moved_from:
        return (
            _("Moved from “%(text)s” when the ideas were merged") % {"text": vote.moved_from.text},
        )
    if vote.idea.merged_into_id:
        if isinstance(vote, Dot):
            return (_("On a merged idea: not counted, given back to place again"),)
        return (_("On a merged idea: not counted, as they rated the idea it went into"),)
    return (_("On a hidden idea: not counted"),) if vote.idea.hidden else ()


def _in_order(model: type[Dot] | type[Rating], workshop: Workshop) -> QuerySet[Any]:
    return (
        model.objects.filter(activity__workshop=workshop)
        .select_related("idea", "entered_by", "moved_from")
        .order_by("created_at", "id")
    )
