"""Domain operations for the workshop methods: warm-ups, 1-2-4-All and storyboards.

The same habits as `domain`: each function checks, writes in one transaction, bumps the room's
version and tells the room after commit; facilitator actions and proxy entries are logged,
people's own words are not. Words people write never go into a live snapshot: the snapshot
carries a group's revision number, and the group's members fetch the words over HTTP.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.workshops import grouping
from coproduce.workshops.domain import Refused, _changed, _retry_when_busy, groups
from coproduce.workshops.domain.common import _check_can_take_part
from coproduce.workshops.merging import merge_text
from coproduce.workshops.models import (
    Activity,
    Group,
    Idea,
    Note,
    NoteRevision,
    Participant,
    Pass,
    StoryStep,
    WarmUpAnswer,
    Workshop,
)

WARM_UP_CHARS = 30
NOTE_CHARS = 2000
STEP_CHARS = 1000
IDEA_CHARS = 280
PHASES = [Activity.Phase.ALONE, Activity.Phase.PAIRS, Activity.Phase.FOURS, Activity.Phase.ALL]


def _open(activity: Activity, kind: str) -> Activity:
    """The activity read fresh, refused unless it is this kind and open now."""
    fresh = Activity.objects.select_related("workshop").get(pk=activity.pk)
    if fresh.kind != kind:
        raise Refused(_("You cannot do that in this activity."), code="wrong_kind")
    if not fresh.is_open or not fresh.workshop.is_open:
        raise Refused(_("This activity is not open now."), code="closed")
    return fresh


def _taking_part(participant: Participant, activity: Activity) -> Participant:
    person = Participant.objects.select_for_update().get(pk=participant.pk)
    _check_can_take_part(person, activity)
    return person


def _proxy_log(workshop: Workshop, action: str, actor: User | None, **data: Any) -> None:
    if actor is not None:
        log_action(workshop, action, actor=actor, data=data)


# Warm-ups


def answer_warm_up(
    activity: Activity, participant: Participant, *, text: str, entered_by: User | None = None
) -> WarmUpAnswer:
    """Send (or change) one's word or emoji for a warm-up. One line, at most 30 characters.

    Side effects: saves the answer (a new one replaces the old and shows again if it was
    hidden); takes back a pass; logs proxy entries; tells the room.
    """
    text = " ".join(text.split())
    if not text:
        raise Refused(_("Write a word or choose an emoji first."), code="empty")
    if len(text) > WARM_UP_CHARS:
        raise Refused(_("Keep it short: one word or an emoji."), code="too_long")

    def write() -> WarmUpAnswer:
        with transaction.atomic():
            fresh = _open(activity, Activity.Kind.WARM_UP)
            person = _taking_part(participant, fresh)
            answer, _created = WarmUpAnswer.objects.update_or_create(
                activity=fresh,
                participant=person,
                defaults={
                    "text": text,
                    "hidden": False,
                    "withdrawn": False,
                    "by_proxy": entered_by is not None,
                },
                create_defaults={
                    "organisation_id": fresh.organisation_id,
                    "text": text,
                    "by_proxy": entered_by is not None,
                    "entered_by": entered_by,
                },
            )
            Pass.objects.filter(activity=fresh, participant=person).delete()
            _changed(fresh.workshop_id)
            _proxy_log(
                fresh.workshop, "workshops.warm_up.answered_by_proxy", entered_by, answer=answer.pk
            )
        return answer

    return _retry_when_busy(write)


def withdraw_warm_up_answer(
    activity: Activity, participant: Participant, *, entered_by: User | None = None
) -> None:
    """Take back one's own warm-up word: it leaves the screen, and the record keeps it,
    marked as taken back by them. Sending a new word shows that one instead.

    Side effects: saves the answer as hidden and withdrawn; logs proxy entries; tells the room.
    """

    def write() -> None:
        with transaction.atomic():
            fresh = _open(activity, Activity.Kind.WARM_UP)
            person = _taking_part(participant, fresh)
            taken = WarmUpAnswer.objects.filter(
                activity=fresh, participant=person, withdrawn=False
            ).update(hidden=True, withdrawn=True)
            if not taken:
                raise Refused(_("You have not sent a word."), code="no_answer")
            _changed(fresh.workshop_id)
            _proxy_log(
                fresh.workshop,
                "workshops.warm_up.withdrawn_by_proxy",
                entered_by,
                participant=person.pk,
            )

    _retry_when_busy(write)


def hide_warm_up_answer(answer: WarmUpAnswer, *, hidden: bool = True, actor: User) -> None:
    """A facilitator takes an answer off the room screen (or puts it back). Side effects:
    saves; logs "workshops.warm_up.hidden" (or "shown"), without the words; tells the room."""
    with transaction.atomic():
        # A word its sender took back stays hidden: only they can send another.
        WarmUpAnswer.objects.filter(pk=answer.pk, withdrawn=False).update(hidden=hidden)
        workshop_id = Activity.objects.values_list("workshop_id", flat=True).get(
            pk=answer.activity_id
        )
        _changed(workshop_id)
    log_action(
        Workshop.objects.get(pk=workshop_id),
        "workshops.warm_up.hidden" if hidden else "workshops.warm_up.shown",
        actor=actor,
        data={"answer": answer.pk},
    )


# 1-2-4-All


def next_phase(workshop: Workshop, *, actor: User | None) -> Activity:
    """Move the 1-2-4-All on screen to its next step, with the timer set to that step's
    minutes: on your own -> pairs -> fours -> all together.

    Going into pairs forms pairs of the people here (mixing lived and learnt experience; one
    three if the number is odd); going into fours puts pairs together. Side effects: saves
    the groups and the timer; logs "workshops.activity.phase_changed"; tells the room.
    """
    with transaction.atomic():
        current = Workshop.objects.select_for_update().get(pk=workshop.pk)
        activity = (
            Activity.objects.select_for_update().filter(pk=current.current_activity_id or 0).first()
        )
        if activity is None or activity.kind != Activity.Kind.ONE_TWO_FOUR:
            raise Refused(_("Start a 1-2-4-All first."), code="wrong_kind")
        if not activity.is_open:
            raise Refused(_("This activity is not open now."), code="closed")
        index = PHASES.index(Activity.Phase(activity.phase))
        if index == len(PHASES) - 1:
            raise Refused(_("This is the last step. Finish the activity."), code="last")
        phase = PHASES[index + 1]
        if phase == Activity.Phase.PAIRS:
            people = groups.present_people(activity)
            groups.save_groups(
                activity,
                Group.Phase.PAIRS,
                grouping.form_pairs(people, activity.pk, groups.places_of(activity)),
            )
        elif phase == Activity.Phase.FOURS:
            pairs = [members for _g, members in groups.groups_of(activity, Group.Phase.PAIRS)]
            fours = grouping.fours_from_pairs(
                pairs, groups.lived_map(activity), activity.pk, groups.places_of(activity)
            )
            groups.save_groups(activity, Group.Phase.FOURS, fours)
        activity.phase = phase
        activity.state = Activity.State.RUNNING
        activity.ends_at = timezone.now() + datetime.timedelta(
            minutes=activity.phase_minutes(phase)
        )
        activity.remaining_seconds = None
        activity.save(update_fields=["phase", "state", "ends_at", "remaining_seconds"])
        _changed(workshop.pk)
    log_action(
        workshop,
        "workshops.activity.phase_changed",
        actor=actor,
        data={"activity": activity.pk, "phase": str(phase)},
    )
    return activity


def swap_people(
    activity: Activity, *, first: Participant, second: Participant, actor: User
) -> None:
    """A facilitator swaps two people between their pairs, fours or storyboard groups.

    Side effects: saves the groups; logs "workshops.group.swapped"; tells the room.
    """
    with transaction.atomic():
        fresh = Activity.objects.select_for_update().get(pk=activity.pk)
        phase = groups.current_phase_for_groups(fresh)
        if phase is None:
            raise Refused(_("People are not in groups now."), code="no_groups")
        members = {pk for _g, people in groups.groups_of(fresh, phase) for pk in people}
        if first.pk not in members or second.pk not in members:
            raise Refused(_("Choose two people who are in groups."), code="not_in_group")
        groups.change_groups(
            fresh, phase, lambda now: grouping.swap_people(now, first.pk, second.pk)
        )
        _changed(fresh.workshop_id)
    log_action(
        fresh.workshop,
        "workshops.group.swapped",
        actor=actor,
        data={"activity": fresh.pk, "people": [first.pk, second.pk]},
    )


def write_note(
    activity: Activity,
    participant: Participant,
    *,
    text: str,
    revision: int | None = None,
    entered_by: User | None = None,
) -> Note:
    """Save one's note for the step of a 1-2-4-All that is on now.

    On your own it is private. In pairs and fours it is this person's paragraph of their
    group's note: nobody else writes in it, so people writing at the same time never lose
    each other's words. `revision` is the note's revision the writer started from: if it has
    moved on (another tab of theirs saved first), the save is refused with code "stale" and
    the page shows the newer words. Every save that changes the words is kept as a
    NoteRevision, so the record has each version. Side effects: saves the note and its
    revision; bumps the group's revision; logs proxy entries; tells the room (the revision,
    never the words).
    """
    text = text.strip()
    if len(text) > NOTE_CHARS:
        raise Refused(_("Keep your note under 2,000 letters."), code="too_long")

    def write() -> Note:
        with transaction.atomic():
            fresh = _open(activity, Activity.Kind.ONE_TWO_FOUR)
            if fresh.phase == Activity.Phase.ALL:
                raise Refused(_("Now each four offers its best idea."), code="wrong_phase")
            person = _taking_part(participant, fresh)
            note, _created = Note.objects.get_or_create(
                activity=fresh,
                participant=person,
                phase=fresh.phase,
                defaults={"organisation_id": fresh.organisation_id},
            )
            if revision is not None and revision != note.revision:
                raise Refused(
                    _("You changed this note somewhere else. Here are the newest words."),
                    code="stale",
                )
            changed = text != note.text or note.revision == 0
            note.text = text
            note.revision += 1
            note.by_proxy = entered_by is not None
            note.save()
            if changed:
                NoteRevision.objects.create(
                    organisation_id=note.organisation_id,
                    note=note,
                    revision=note.revision,
                    text=text,
                    by_proxy=entered_by is not None,
                    entered_by=entered_by,
                )
            _touch_groups_of(fresh, person.pk)
            Pass.objects.filter(activity=fresh, participant=person).delete()
            _changed(fresh.workshop_id)
            _proxy_log(fresh.workshop, "workshops.note.written_by_proxy", entered_by, note=note.pk)
        return note

    return _retry_when_busy(write)


def share_note(activity: Activity, participant: Participant, *, shared: bool = True) -> Note:
    """Share one's own "on your own" note with one's pair and four (or stop sharing it).

    Side effects: saves; bumps the revision of their groups; tells the room.
    """

    def write() -> Note:
        with transaction.atomic():
            fresh = _open(activity, Activity.Kind.ONE_TWO_FOUR)
            person = _taking_part(participant, fresh)
            note, _created = Note.objects.get_or_create(
                activity=fresh,
                participant=person,
                phase=Activity.Phase.ALONE,
                defaults={"organisation_id": fresh.organisation_id},
            )
            note.shared = shared
            note.save(update_fields=["shared", "updated_at"])
            _touch_groups_of(fresh, person.pk)
            _changed(fresh.workshop_id)
        return note

    return _retry_when_busy(write)


def _touch_groups_of(activity: Activity, participant_id: int) -> None:
    Group.objects.filter(activity=activity, members__participant_id=participant_id).update(
        revision=F("revision") + 1
    )


def offer_best_idea(
    group: Group,
    *,
    text: str,
    participant: Participant | None = None,
    entered_by: User | None = None,
) -> Idea:
    """A four offers its best idea to everyone. It goes into the workshop's ideas, where a
    later Dotmocracy can take it in. One idea per four is current: offering a different one
    replaces it, but never silently: the earlier idea is kept (`replaced_in` the four,
    `replaced_by` the new one), so the four and the record see what changed and who offered
    each. Two members offering at the same moment are taken one after the other (the four's
    row is locked), so both ideas are kept and the later one is current. Offering the same
    words again changes nothing.

    Side effects: saves the Idea (linked to the four) and marks the one it replaced; logs
    proxy entries; tells the room.
    """
    text = " ".join(text.split())
    if not text:
        raise Refused(_("Write your group's idea first."), code="empty")
    if len(text) > 280:
        raise Refused(_("Keep the idea under 280 letters."), code="too_long")

    def write() -> Idea:
        with transaction.atomic():
            fresh = _open(group.activity, Activity.Kind.ONE_TWO_FOUR)
            four = Group.objects.select_for_update().get(pk=group.pk)
            if four.phase != Group.Phase.FOURS or fresh.phase not in (
                Activity.Phase.FOURS,
                Activity.Phase.ALL,
            ):
                raise Refused(_("Fours offer their best idea at the end."), code="wrong_phase")
            if participant is not None:
                person = _taking_part(participant, fresh)
                if not four.members.filter(participant=person).exists():
                    raise Refused(_("You are not in this group."), code="not_in_group")
            current = Idea.objects.filter(group=four).first()
            if current is not None and current.text == text:
                return current
            if current is not None:
                Idea.objects.filter(pk=current.pk).update(group=None, replaced_in=four)
            idea = Idea.objects.create(
                organisation_id=fresh.organisation_id,
                activity=fresh,
                text=text,
                group=four,
                added_by=participant,
                by_proxy=entered_by is not None,
                entered_by=entered_by,
            )
            if current is not None:
                Idea.objects.filter(pk=current.pk).update(replaced_by=idea)
            Group.objects.filter(pk=four.pk).update(revision=F("revision") + 1)
            _changed(fresh.workshop_id)
            _proxy_log(fresh.workshop, "workshops.idea.offered_by_proxy", entered_by, idea=idea.pk)
        return idea

    return _retry_when_busy(write)


def _take_in(
    dotmocracy: Activity, actor: User, action: str, copies_for: Callable[[Activity], list[Idea]]
) -> int:
    """Lock the Dotmocracy, check voting has not started, and save `copies_for(it)`."""
    with transaction.atomic():
        fresh = Activity.objects.select_for_update().get(pk=dotmocracy.pk)
        if not fresh.is_voting:
            raise Refused(_("Only a Dotmocracy takes in ideas."), code="wrong_kind")
        if fresh.state != Activity.State.PENDING:
            raise Refused(_("Take in ideas before voting starts."), code="started")
        copies = copies_for(fresh)
        Idea.objects.bulk_create(copies)
        _changed(fresh.workshop_id)
    log_action(
        fresh.workshop, action, actor=actor, data={"activity": fresh.pk, "count": len(copies)}
    )
    return len(copies)


def take_in_ideas(dotmocracy: Activity, *, actor: User) -> int:
    """Copy into a Dotmocracy the ideas from the workshop's earlier activities (each four's
    best idea now, and ideas of earlier Dotmocracies) that it does not have yet. Returns how
    many. Refused once voting has started, so nobody votes on a list that changes.

    Side effects: saves the copies (each with its `source`); logs "workshops.idea.taken_in";
    tells the room.
    """

    def copies_for(fresh: Activity) -> list[Idea]:
        have = set(Idea.objects.filter(activity=fresh).values_list("source_id", flat=True))
        earlier = (
            Idea.objects.filter(activity__workshop_id=fresh.workshop_id)
            .exclude(activity=fresh)
            .filter(source__isnull=True, replaced_in__isnull=True, replaced_by__isnull=True)
            .filter(activity__order__lt=fresh.order)
            .order_by("activity__order", "created_at", "id")
        )
        return [
            Idea(
                organisation_id=fresh.organisation_id,
                activity=fresh,
                text=idea.text,
                source=idea,
                entered_by=actor,
            )
            for idea in earlier
            if idea.pk not in have
        ]

    return _take_in(dotmocracy, actor, "workshops.idea.taken_in", copies_for)


BOARD_BOXES = ("opportunities", "barriers")


def take_in_board_ideas(dotmocracy: Activity, *, actor: User) -> int:
    """Copy into a Dotmocracy, as ideas to vote on, the opportunities and barriers written
    on the workshop's storyboards that it does not have yet (one idea per box of a step).
    Each keeps where it came from (`source_step`, `source_box`); words longer than an idea
    may be are shortened, and the full words stay on the storyboard. Returns how many.
    Refused once voting has started, so nobody votes on a list that changes.

    Side effects: saves the ideas; logs "workshops.idea.taken_in_from_boards"; tells the room.
    """

    def copies_for(fresh: Activity) -> list[Idea]:
        have = set(
            Idea.objects.filter(activity=fresh, source_step__isnull=False).values_list(
                "source_step_id", "source_box"
            )
        )
        steps = StoryStep.objects.filter(
            group__activity__workshop_id=fresh.workshop_id,
            group__activity__kind=Activity.Kind.STORYBOARD,
        ).order_by("group__activity__order", "group__number", "position", "id")
        copies = []
        for step in steps:
            for box in BOARD_BOXES:
                words = " ".join(getattr(step, box).split())
                if words and (step.pk, box) not in have:
                    copies.append(
                        Idea(
                            organisation_id=fresh.organisation_id,
                            activity=fresh,
                            text=words if len(words) <= IDEA_CHARS else words[:279] + "…",
                            source_step=step,
                            source_box=box,
                            entered_by=actor,
                        )
                    )
        return copies

    return _take_in(dotmocracy, actor, "workshops.idea.taken_in_from_boards", copies_for)


# Storyboards


def _board_for_change(
    group: Group, participant: Participant | None, entered_by: User | None
) -> Activity:
    """The storyboard activity, checked: open, and the person in this group (or a
    facilitator entering it for them)."""
    fresh = _open(group.activity, Activity.Kind.STORYBOARD)
    if group.phase != Group.Phase.BOARD:
        raise Refused(_("That is not a storyboard."), code="wrong_kind")
    if participant is not None:
        person = _taking_part(participant, fresh)
        if entered_by is None and not group.members.filter(participant=person).exists():
            raise Refused(_("You are not in this group."), code="not_in_group")
    elif entered_by is None:
        raise Refused(_("You are not in this group."), code="not_in_group")
    return fresh


def _board_changed(group: Group, activity: Activity) -> None:
    Group.objects.filter(pk=group.pk).update(revision=F("revision") + 1)
    _changed(activity.workshop_id)


def add_step(
    group: Group,
    *,
    participant: Participant | None = None,
    entered_by: User | None = None,
    **fields: Any,
) -> StoryStep:
    """Add a step at the end of a group's journey (empty, or with `fields` filled in by a
    facilitator entering a paper storyboard). Side effects: saves; logs proxy entries;
    tells the room."""
    clean = _step_fields(fields)

    def write() -> StoryStep:
        with transaction.atomic():
            activity = _board_for_change(group, participant, entered_by)
            last = StoryStep.objects.filter(group=group).aggregate(m=Max("position"))["m"]
            step = StoryStep.objects.create(
                organisation_id=activity.organisation_id,
                group=group,
                position=0 if last is None else last + 1,
                by_proxy=entered_by is not None,
                **clean,
            )
            _board_changed(group, activity)
            _proxy_log(activity.workshop, "workshops.step.added_by_proxy", entered_by, step=step.pk)
        return step

    return _retry_when_busy(write)


def _step_fields(fields: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name in StoryStep.TEXT_FIELDS:
            value = str(value or "").strip()
            if len(value) > STEP_CHARS:
                raise Refused(_("Keep each box under 1,000 letters."), code="too_long")
            clean[name] = value
        elif name == "feeling":
            if value not in (None, "", *StoryStep.Feeling.values):
                raise Refused(_("Choose one of the feelings."), code="bad_value")
            clean[name] = value or None
    return clean


def save_step(
    step: StoryStep,
    *,
    texts: dict[str, tuple[str, str]] | None = None,
    feeling: tuple[int | None, int | None] | None = None,
    participant: Participant | None = None,
    entered_by: User | None = None,
) -> StoryStep:
    """Save a step's boxes and feeling at once ("Save this step" on a phone).

    `texts` maps a box to (what this person wrote, what the box held when they started):
    if someone else saved the box since, both people's words are kept (merging.merge_text),
    and a box this person did not change keeps the other person's words. `feeling` is
    (chosen, what was chosen when they started): a feeling this person did not change keeps
    another person's newer choice; otherwise the last choice saved wins.

    Side effects: saves the boxes that changed, with one new revision; logs proxy entries;
    tells the room. Saves nothing, and tells nobody, when nothing changed.
    """
    texts = texts or {}
    if any(name not in StoryStep.TEXT_FIELDS for name in texts):
        raise Refused(_("That box is not part of a step."), code="bad_field")
    mine = _step_fields({name: text for name, (text, _base) in texts.items()})
    bases = {name: str(base or "").strip() for name, (_text, base) in texts.items()}
    chosen = _step_fields({"feeling": feeling[0]})["feeling"] if feeling else None

    def write() -> StoryStep:
        with transaction.atomic():
            fresh = StoryStep.objects.select_for_update().select_related("group").get(pk=step.pk)
            activity = _board_for_change(fresh.group, participant, entered_by)
            changed = []
            for name, text in mine.items():
                merged = merge_text(bases[name], getattr(fresh, name), text)
                if merged != getattr(fresh, name):
                    setattr(fresh, name, merged)
                    changed.append(name)
            if feeling and chosen != feeling[1] and chosen != fresh.feeling:
                fresh.feeling = chosen
                changed.append("feeling")
            if changed:
                fresh.revision += 1
                fresh.by_proxy = fresh.by_proxy or entered_by is not None
                fresh.save(update_fields=[*changed, "revision", "by_proxy", "updated_at"])
                _board_changed(fresh.group, activity)
                _proxy_log(
                    activity.workshop, "workshops.step.edited_by_proxy", entered_by, step=step.pk
                )
        return fresh

    return _retry_when_busy(write)


def edit_step(
    step: StoryStep,
    *,
    field: str,
    text: str,
    base: str,
    participant: Participant | None = None,
    entered_by: User | None = None,
) -> StoryStep:
    """Save one box of a step (a page loaded before "Save this step" sends this). Side
    effects: those of `save_step` for that box only, so two people editing different boxes
    never meet."""
    return save_step(
        step, texts={field: (text, base)}, participant=participant, entered_by=entered_by
    )


def set_feeling(
    step: StoryStep,
    *,
    feeling: int | None,
    participant: Participant | None = None,
    entered_by: User | None = None,
) -> StoryStep:
    """How the person feels at this step, 1 (very bad) to 5 (very good), or not said.
    Side effects: saves; tells the room."""
    clean = _step_fields({"feeling": feeling})

    def write() -> StoryStep:
        with transaction.atomic():
            fresh = StoryStep.objects.select_for_update().select_related("group").get(pk=step.pk)
            activity = _board_for_change(fresh.group, participant, entered_by)
            fresh.feeling = clean["feeling"]
            fresh.revision += 1
            fresh.save(update_fields=["feeling", "revision", "updated_at"])
            _board_changed(fresh.group, activity)
        return fresh

    return _retry_when_busy(write)


def move_step(
    step: StoryStep,
    *,
    up: bool,
    participant: Participant | None = None,
    entered_by: User | None = None,
) -> None:
    """Swap a step with the one before (up) or after it. Does nothing at either end.
    Side effects: renumbers the group's steps 0..n-1; tells the room."""

    def write() -> None:
        with transaction.atomic():
            group = Group.objects.select_for_update().get(pk=step.group_id)
            activity = _board_for_change(group, participant, entered_by)
            steps = list(StoryStep.objects.filter(group=group).order_by("position", "id"))
            index = next((i for i, s in enumerate(steps) if s.pk == step.pk), None)
            if index is None:
                return
            other = index - 1 if up else index + 1
            if not 0 <= other < len(steps):
                return
            steps[index], steps[other] = steps[other], steps[index]
            for position, item in enumerate(steps):
                if item.position != position:
                    StoryStep.objects.filter(pk=item.pk).update(position=position)
            _board_changed(group, activity)

    _retry_when_busy(write)


def remove_step(
    step: StoryStep, *, participant: Participant | None = None, entered_by: User | None = None
) -> None:
    """Take a step off the board. Side effects: deletes it; logs proxy entries; tells the
    room."""

    def write() -> None:
        with transaction.atomic():
            group = Group.objects.select_for_update().get(pk=step.group_id)
            activity = _board_for_change(group, participant, entered_by)
            StoryStep.objects.filter(pk=step.pk).delete()
            _board_changed(group, activity)
            _proxy_log(
                activity.workshop, "workshops.step.removed_by_proxy", entered_by, step=step.pk
            )

    _retry_when_busy(write)


def name_board(
    group: Group,
    *,
    title: str,
    participant: Participant | None = None,
    entered_by: User | None = None,
) -> None:
    """Give a group's journey a name, for example "Getting a care assessment".
    Side effects: saves; tells the room."""
    title = " ".join(title.split())[:120]

    def write() -> None:
        with transaction.atomic():
            activity = _board_for_change(group, participant, entered_by)
            Group.objects.filter(pk=group.pk).update(title=title)
            _board_changed(group, activity)

    _retry_when_busy(write)
