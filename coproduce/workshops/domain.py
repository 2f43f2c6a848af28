"""Everything that changes a workshop. Each function writes, then tells the room.

Commit, then notify: every change bumps the workshop's version and asks `events` to send a
fresh snapshot in `transaction.on_commit`, so a rolled-back change sends nothing and a vote
is in the database before anyone is told about it.

Facilitator actions are logged; people's own dots and ideas are not (there would be a log
line per dot, and anonymous people must stay anonymous).
"""

from __future__ import annotations

import datetime
import logging
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.people.models import Person
from coproduce.workshops import events, grouping, groups
from coproduce.workshops.models import (
    AccessNeed,
    Activity,
    Dot,
    Group,
    Idea,
    Participant,
    Pass,
    Rating,
    Workshop,
    hash_token,
    new_join_code,
    suggested_dots,
)

log = logging.getLogger(__name__)


class Refused(ValidationError):
    """A polite no: the message is written for the person who asked, `code` for programs."""


def _changed(workshop_id: int) -> None:
    """Bump the version people's screens compare, and send a snapshot after commit."""
    Workshop.objects.filter(pk=workshop_id).update(version=F("version") + 1)
    transaction.on_commit(partial(events.room_changed, workshop_id))


def _retry_when_busy[T](operation: Callable[[], T], attempts: int = 20) -> T:
    """Run a write again if the database said it was busy.

    PostgreSQL waits on row locks by itself. SQLite's busy timeout covers a file database,
    but an in-memory one shared between threads (as in tests) answers "locked" at once.
    """
    for attempt in range(attempts):
        try:
            return operation()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error).lower():
                raise
            if attempt == attempts - 1:
                raise Refused(_("The room is very busy. Please try again."), code="busy") from error
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")


# Planning


def create_workshop(initiative: Initiative, *, actor: User, **fields: Any) -> Workshop:
    """Plan a workshop for an initiative. Side effects: saves it with a fresh join code; logs
    "workshops.workshop.created" on the initiative."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                workshop = Workshop.objects.create(
                    organisation=initiative.organisation,
                    initiative=initiative,
                    join_code=new_join_code(),
                    **fields,
                )
            break
        except IntegrityError:  # the same code is in use by another open workshop: roll again
            continue
    else:
        raise Refused(_("We could not make a join code. Please try again."), code="no_code")
    log_action(
        initiative,
        "workshops.workshop.created",
        actor=actor,
        data={"workshop": workshop.pk, "title": workshop.title},
    )
    return workshop


def update_workshop(workshop: Workshop, *, actor: User, **fields: Any) -> Workshop:
    """Change a workshop's details.

    Side effects: saves; logs the changed field names; tells the room.
    """
    changed = sorted(name for name, value in fields.items() if getattr(workshop, name) != value)
    for name, value in fields.items():
        setattr(workshop, name, value)
    with transaction.atomic():
        workshop.save()
        _changed(workshop.pk)
    if changed:
        log_action(workshop, "workshops.workshop.updated", actor=actor, data={"fields": changed})
    return workshop


def add_activity(workshop: Workshop, *, actor: User, **fields: Any) -> Activity:
    """Add an activity at the end of the agenda. Side effects: saves; logs; tells the room."""
    with transaction.atomic():
        last = Activity.objects.filter(workshop=workshop).aggregate(m=Max("order"))["m"]
        activity = Activity.objects.create(
            organisation=workshop.organisation,
            workshop=workshop,
            order=0 if last is None else last + 1,
            **fields,
        )
        _changed(workshop.pk)
    log_action(
        workshop,
        "workshops.activity.added",
        actor=actor,
        data={"activity": activity.pk, "title": activity.title},
    )
    return activity


def update_activity(activity: Activity, *, actor: User, **fields: Any) -> Activity:
    """Change an activity. Side effects: saves; logs changed field names; tells the room."""
    changed = sorted(name for name, value in fields.items() if getattr(activity, name) != value)
    for name, value in fields.items():
        setattr(activity, name, value)
    with transaction.atomic():
        activity.save()
        _changed(activity.workshop_id)
    if changed:
        log_action(
            activity.workshop,
            "workshops.activity.updated",
            actor=actor,
            data={"activity": activity.pk, "fields": changed},
        )
    return activity


def move_activity(activity: Activity, *, up: bool, actor: User) -> None:
    """Swap an activity with the one before (up) or after it. Side effects: saves both
    orders (renumbered 0..n-1); tells the room. Does nothing at either end."""
    with transaction.atomic():
        agenda = list(
            Activity.objects.select_for_update()
            .filter(workshop_id=activity.workshop_id)
            .order_by("order", "id")
        )
        index = next(i for i, a in enumerate(agenda) if a.pk == activity.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(agenda):
            return
        agenda[index], agenda[other] = agenda[other], agenda[index]
        for position, item in enumerate(agenda):
            if item.order != position:
                item.order = position
                item.save(update_fields=["order"])
        _changed(activity.workshop_id)
    log_action(
        activity.workshop,
        "workshops.activity.moved",
        actor=actor,
        data={"activity": activity.pk, "direction": "up" if up else "down"},
    )


def remove_activity(activity: Activity, *, actor: User) -> None:
    """Take an activity off the agenda, with its ideas and votes. Side effects: deletes;
    logs; tells the room. Refused while it is running."""
    if activity.is_open:
        raise Refused(_("Stop this activity before you remove it."), code="running")
    workshop = activity.workshop
    title = activity.title
    with transaction.atomic():
        activity.delete()
        _changed(workshop.pk)
    log_action(workshop, "workshops.activity.removed", actor=actor, data={"title": title})


# Joining and leaving


def join_workshop(
    workshop: Workshop,
    *,
    capacity: str,
    display_name: str = "",
    person: Person | None = None,
    needs: Iterable[str] = (),
    other_needs: str = "",
    consent: bool = False,
) -> tuple[Participant, str]:
    """Join a workshop (beforehand or on the day). Returns the participant and their secret.

    Anonymous (no display name) stores no name, no person and no login. Access needs are
    saved only with consent. Side effects: saves the Participant (and AccessNeed); tells the
    room the head count changed. Not logged: joining is nobody else's business.
    """
    if not Workshop.objects.filter(pk=workshop.pk).exclude(state=Workshop.State.ENDED).exists():
        raise Refused(_("This workshop has ended. You cannot join it now."), code="ended")
    token = secrets.token_urlsafe(24)
    needs = [n for n in needs if n in AccessNeed.Need.values]
    with transaction.atomic():
        participant = Participant.objects.create(
            organisation=workshop.organisation,
            workshop=workshop,
            display_name=display_name.strip()[:60],
            capacity=capacity,
            person=person if display_name.strip() else None,
            token_hash=hash_token(token),
        )
        if consent and (needs or other_needs.strip()):
            AccessNeed.objects.create(
                organisation=workshop.organisation,
                participant=participant,
                needs=needs,
                other=other_needs.strip()[:500],
                consent=True,
            )
        _join_groups(participant)
        _changed(workshop.pk)
    return participant, token


def add_paper_participant(
    workshop: Workshop, *, capacity: str, display_name: str = "", actor: User
) -> Participant:
    """Add someone taking part on paper, whose notes and dots a facilitator enters for them.

    Side effects: saves the Participant (no secret: they have no phone); logs
    "workshops.participant.added_on_paper" (without the name); tells the room.
    """
    if not Workshop.objects.filter(pk=workshop.pk).exclude(state=Workshop.State.ENDED).exists():
        raise Refused(_("This workshop has ended."), code="ended")
    with transaction.atomic():
        participant = Participant.objects.create(
            organisation=workshop.organisation,
            workshop=workshop,
            display_name=display_name.strip()[:60],
            capacity=capacity,
            added_by=actor,
        )
        _join_groups(participant)
        _changed(workshop.pk)
    log_action(
        workshop,
        "workshops.participant.added_on_paper",
        actor=actor,
        data={"participant": participant.pk},
    )
    return participant


def leave_workshop(participant: Participant) -> None:
    """Leave quietly. Nobody is told who left; the head count goes down. Their ideas and dots
    stay, without their name being shown. Side effects: sets left_at; tells the room."""
    if participant.left_at is not None:
        return
    with transaction.atomic():
        Participant.objects.filter(pk=participant.pk, left_at__isnull=True).update(
            left_at=timezone.now()
        )
        _leave_groups(participant)
        _changed(participant.workshop_id)
    participant.left_at = timezone.now()


def _running_with_groups(workshop_id: int) -> tuple[Activity, str] | None:
    workshop = Workshop.objects.select_related("current_activity").get(pk=workshop_id)
    activity = workshop.current_activity
    if activity is None or not activity.is_open:
        return None
    phase = groups.current_phase_for_groups(activity)
    return None if phase is None else (activity, phase)


def _join_groups(participant: Participant) -> None:
    """Someone arriving while people work in groups joins one (grouping.place_late)."""
    running = _running_with_groups(participant.workshop_id)
    if running is None:
        return
    activity, phase = running
    person = (participant.pk, participant.capacity in Capacity.lived())
    lived = groups.lived_map(activity)
    groups.change_groups(activity, phase, lambda now: grouping.place_late(now, person, lived))


def _leave_groups(participant: Participant) -> None:
    """Someone leaving is taken out of their group; nobody is left on their own."""
    running = _running_with_groups(participant.workshop_id)
    if running is None:
        return
    activity, phase = running
    groups.change_groups(activity, phase, lambda now: grouping.remove_person(now, participant.pk))


# Running the agenda (the facilitator console)


def _log(workshop: Workshop, action: str, actor: User | None, **data: Any) -> None:
    log_action(workshop, f"workshops.activity.{action}", actor=actor, data=data)


def _stop(activity: Activity, now: datetime.datetime) -> None:
    activity.state = Activity.State.DONE
    activity.remaining_seconds = activity.seconds_left(now)
    activity.ends_at = None
    activity.save(update_fields=["state", "remaining_seconds", "ends_at"])


def start_activity(activity: Activity, *, actor: User | None) -> Activity:
    """Make this the activity everyone sees, with its timer running from now.

    Any other running activity finishes. A Dotmocracy with no dot budget set gets the
    suggested one (a dot for every three ideas), fixed from now on. The workshop goes live.
    Side effects: saves the activity and workshop; logs "workshops.activity.started";
    tells the room.
    """
    now = timezone.now()
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=activity.workshop_id)
        if not workshop.is_open:
            raise Refused(_("This workshop has ended."), code="ended")
        for other in Activity.objects.filter(
            workshop=workshop, state__in=[Activity.State.RUNNING, Activity.State.PAUSED]
        ).exclude(pk=activity.pk):
            _stop(other, now)
        activity.refresh_from_db()
        if activity.is_voting and not activity.dots_per_person:
            activity.dots_per_person = suggested_dots(activity.ideas.count())
        minutes = activity.planned_minutes
        if activity.kind == Activity.Kind.ONE_TWO_FOUR:
            activity.phase = Activity.Phase.ALONE
            minutes = activity.alone_minutes
        if activity.kind == Activity.Kind.STORYBOARD and not activity.groups.exists():
            people = groups.present_people(activity)
            groups.save_groups(
                activity,
                Group.Phase.BOARD,
                grouping.form_groups(people, activity.pk, size=activity.group_size),
            )
        activity.state = Activity.State.RUNNING
        activity.started_at = now
        activity.ends_at = now + datetime.timedelta(minutes=minutes)
        activity.remaining_seconds = None
        activity.save()
        workshop.state = Workshop.State.LIVE
        workshop.current_activity = activity
        workshop.save(update_fields=["state", "current_activity"])
        _changed(workshop.pk)
    _log(workshop, "started", actor, activity=activity.pk)
    return activity


def _current(workshop: Workshop) -> Activity:
    """The activity on screen now, locked, read fresh (the caller's copy may be old)."""
    fresh = Workshop.objects.select_for_update().get(pk=workshop.pk)
    workshop.current_activity_id = fresh.current_activity_id
    workshop.state = fresh.state
    activity = (
        Activity.objects.select_for_update().filter(pk=fresh.current_activity_id).first()
        if fresh.current_activity_id
        else None
    )
    if activity is None:
        raise Refused(_("No activity has started yet."), code="no_activity")
    return activity


def pause_activity(workshop: Workshop, *, actor: User | None) -> Activity:
    """Stop the clock; people can still vote. Side effects: keeps the seconds left; logs
    "workshops.activity.paused"; tells the room."""
    with transaction.atomic():
        activity = _current(workshop)
        if activity.state != Activity.State.RUNNING:
            raise Refused(_("The timer is not running."), code="not_running")
        activity.remaining_seconds = activity.seconds_left()
        activity.ends_at = None
        activity.state = Activity.State.PAUSED
        activity.save(update_fields=["remaining_seconds", "ends_at", "state"])
        _changed(workshop.pk)
    _log(workshop, "paused", actor, activity=activity.pk)
    return activity


def resume_activity(workshop: Workshop, *, actor: User | None) -> Activity:
    """Start the clock again from where it stopped. Side effects: sets a new end time;
    logs "workshops.activity.resumed"; tells the room."""
    with transaction.atomic():
        activity = _current(workshop)
        if activity.state != Activity.State.PAUSED:
            raise Refused(_("The timer is not paused."), code="not_paused")
        activity.ends_at = timezone.now() + datetime.timedelta(
            seconds=activity.remaining_seconds or 0
        )
        activity.remaining_seconds = None
        activity.state = Activity.State.RUNNING
        activity.save(update_fields=["remaining_seconds", "ends_at", "state"])
        _changed(workshop.pk)
    _log(workshop, "resumed", actor, activity=activity.pk)
    return activity


def extend_activity(workshop: Workshop, *, minutes: int, actor: User | None) -> Activity:
    """Give more time (also after the time is up). Side effects: moves the end time, or adds
    to the paused time left; logs "workshops.activity.extended"; tells the room."""
    if not 1 <= minutes <= 60:
        raise Refused(_("Add between 1 and 60 minutes."), code="bad_minutes")
    with transaction.atomic():
        activity = _current(workshop)
        if activity.state == Activity.State.PAUSED:
            activity.remaining_seconds = (activity.remaining_seconds or 0) + minutes * 60
        elif activity.state == Activity.State.RUNNING:
            base = max(activity.ends_at or timezone.now(), timezone.now())
            activity.ends_at = base + datetime.timedelta(minutes=minutes)
        else:
            raise Refused(_("This activity is not running."), code="not_running")
        activity.save(update_fields=["remaining_seconds", "ends_at"])
        _changed(workshop.pk)
    _log(workshop, "extended", actor, activity=activity.pk, minutes=minutes)
    return activity


def close_voting(workshop: Workshop, *, actor: User | None) -> Activity:
    """Finish the current activity. For a Dotmocracy this closes voting and shows the results
    to everyone. Side effects: marks it done; logs "workshops.activity.finished"; tells the room."""
    with transaction.atomic():
        activity = _current(workshop)
        if activity.state == Activity.State.DONE:
            raise Refused(_("This activity has already finished."), code="done")
        _stop(activity, timezone.now())
        _changed(workshop.pk)
    _log(workshop, "finished", actor, activity=activity.pk)
    return activity


def _neighbour(workshop: Workshop, *, after: bool) -> Activity | None:
    agenda = list(Activity.objects.filter(workshop=workshop).order_by("order", "id"))
    if not agenda:
        return None
    if workshop.current_activity_id is None:
        return agenda[0] if after else None
    index = next((i for i, a in enumerate(agenda) if a.pk == workshop.current_activity_id), -1)
    other = index + 1 if after else index - 1
    return agenda[other] if 0 <= other < len(agenda) else None


def skip_activity(workshop: Workshop, *, actor: User | None) -> Activity | None:
    """Move on to the next activity on the agenda (finishing the current one), or start the
    first. Side effects: as `start_activity`; logs "workshops.activity.skipped" too.
    Returns the activity now running, or None at the end of the agenda."""
    workshop.refresh_from_db()
    following = _neighbour(workshop, after=True)
    if following is None:
        raise Refused(_("This is the last activity."), code="last")
    if workshop.current_activity_id:
        _log(workshop, "skipped", actor, activity=workshop.current_activity_id)
    return start_activity(following, actor=actor)


def go_back(workshop: Workshop, *, actor: User | None) -> Activity:
    """Go back to the activity before this one and run it again with a fresh timer. Votes
    already given are kept. Side effects: the current activity returns to "not started";
    as `start_activity`; logs "workshops.activity.went_back"."""
    workshop.refresh_from_db()
    previous = _neighbour(workshop, after=False)
    if previous is None:
        raise Refused(_("This is the first activity."), code="first")
    with transaction.atomic():
        Activity.objects.filter(workshop=workshop, pk=workshop.current_activity_id or 0).update(
            state=Activity.State.PENDING, ends_at=None, remaining_seconds=None
        )
        _log(workshop, "went_back", actor, activity=previous.pk)
        return start_activity(previous, actor=actor)


def end_workshop(workshop: Workshop, *, actor: User | None) -> Workshop:
    """End the workshop: the running activity finishes and the join code stops working.
    Side effects: saves; logs "workshops.workshop.ended"; tells the room."""
    now = timezone.now()
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        for activity in Activity.objects.filter(
            workshop=workshop, state__in=[Activity.State.RUNNING, Activity.State.PAUSED]
        ):
            _stop(activity, now)
        workshop.state = Workshop.State.ENDED
        workshop.ended_at = now
        workshop.save(update_fields=["state", "ended_at"])
        _changed(workshop.pk)
    log_action(workshop, "workshops.workshop.ended", actor=actor)
    return workshop


# Taking part: ideas, dots, ratings, passing


def _check_can_take_part(participant: Participant, activity: Activity) -> None:
    if participant.workshop_id != activity.workshop_id:
        raise Refused(_("That is not part of this workshop."), code="wrong_workshop")
    if participant.left_at is not None:
        raise Refused(_("You have left this workshop."), code="left")


def _proxy_fields(entered_by: User | None) -> dict[str, Any]:
    return {"by_proxy": entered_by is not None, "entered_by": entered_by}


def _log_proxy(
    activity: Activity, action: str, entered_by: User | None, idea: Idea, person: Participant
) -> None:
    """Someone's own votes are not logged; a facilitator entering one for them is."""
    if entered_by is not None:
        log_action(
            activity.workshop,
            action,
            actor=entered_by,
            data={"idea": idea.pk, "participant": person.pk},
        )


def add_idea(
    activity: Activity,
    *,
    text: str,
    participant: Participant | None = None,
    entered_by: User | None = None,
) -> Idea:
    """Add an idea to a Dotmocracy, before it finishes. `entered_by` marks a facilitator
    entering it for someone (by proxy). Side effects: saves the Idea; logs proxy entries
    and facilitator ideas (not people's own); tells the room."""
    text = " ".join(text.split())
    if not text:
        raise Refused(_("Write your idea first."), code="empty")
    if len(text) > 280:
        raise Refused(_("Keep your idea under 280 letters."), code="too_long")

    def write() -> Idea:
        with transaction.atomic():
            fresh = Activity.objects.select_related("workshop").get(pk=activity.pk)
            if not fresh.is_voting:
                raise Refused(_("This activity does not collect ideas."), code="no_ideas")
            if fresh.state == Activity.State.DONE or not fresh.workshop.is_open:
                raise Refused(_("This activity has finished."), code="closed")
            if participant is not None:
                _check_can_take_part(participant, fresh)
            idea = Idea.objects.create(
                organisation=fresh.organisation,
                activity=fresh,
                text=text,
                added_by=participant,
                **_proxy_fields(entered_by),
            )
            _changed(fresh.workshop_id)
            if entered_by is not None:
                log_action(
                    fresh.workshop,
                    "workshops.idea.added_by_proxy" if participant else "workshops.idea.added",
                    actor=entered_by,
                    data={"idea": idea.pk, "participant": participant.pk if participant else None},
                )
        return idea

    return _retry_when_busy(write)


def _open_activity_for_vote(activity_id: int, mode: str) -> Activity:
    fresh = Activity.objects.select_related("workshop").get(pk=activity_id)
    if not fresh.is_voting or fresh.mode != mode:
        raise Refused(_("You cannot do that in this activity."), code="wrong_mode")
    if not fresh.is_open or not fresh.workshop.is_open:
        raise Refused(_("Voting is closed."), code="closed")
    return fresh


@dataclass(frozen=True)
class DotRequest:
    """One dot asked for: by whom, on which idea."""

    participant_id: int
    idea_id: int


@dataclass(frozen=True)
class Placed:
    """A dot in the database: the room's version that includes it, and its owner's dots now."""

    version: int
    activity_id: int
    dots: dict[str, int]  # the owner's dots on each idea (idea id as text, as on the wire)
    dots_left: int


def place_dot(
    activity: Activity,
    idea: Idea,
    participant: Participant,
    *,
    entered_by: User | None = None,
) -> int:
    """Place one of `participant`'s dots on `idea`. Returns the dots they have left.

    The same path as the live room's batches (`place_dots` with one request). Side effects:
    as `place_dots`.
    """
    outcome = place_dots(
        activity.workshop_id,
        [DotRequest(participant.pk, idea.pk)],
        activity_id=activity.pk,
        entered_by=entered_by,
    )[0]
    if isinstance(outcome, Refused):
        raise outcome
    return outcome.dots_left


def place_dots(
    workshop_id: int,
    requests: Sequence[DotRequest],
    *,
    activity_id: int | None = None,
    entered_by: User | None = None,
) -> list[Placed | Refused]:
    """Place many dots in ONE transaction, in order: the live room's hot path.

    A room of a thousand phones sends hundreds of dots a second. Writing each in its own
    transaction with its own reads costs more than the whole broadcast, so the socket layer
    queues the dots that arrive while the database is busy and writes them together here.
    Every dot is still in the database (committed) before its sender hears "saved".

    The budget holds under any concurrency: the participants' rows are locked first (on
    PostgreSQL `SELECT ... FOR UPDATE`, in id order; on SQLite the IMMEDIATE transaction lets
    one writer in at a time), then their dots are counted, and each new dot takes the lowest
    free slot, which a unique constraint guards as well. `activity_id` defaults to the
    activity on screen. Returns, for each request, `Placed` or the `Refused` to send back.

    Side effects: saves the Dots (marked as by proxy, and logged, when `entered_by` is given);
    deletes their owners' passes; bumps the workshop's version once per dot, so each dot has
    its own version number; tells the room after commit.
    """

    def write() -> list[Placed | Refused]:
        with transaction.atomic():
            return _place_dots(workshop_id, requests, activity_id, entered_by)

    try:
        return _retry_when_busy(write)
    except IntegrityError as error:
        # Only reachable if two writes slipped past the lock: the constraint said no. Try
        # the dots one by one, so one refused dot does not take the others with it.
        if len(requests) == 1:
            return [Refused(_("You have used all your dots."), code="over_budget")]
        log.warning("A batch of dots hit a constraint; writing them one by one: %s", error)
        return [
            place_dots(workshop_id, [r], activity_id=activity_id, entered_by=entered_by)[0]
            for r in requests
        ]


def _place_dots(
    workshop_id: int,
    requests: Sequence[DotRequest],
    activity_id: int | None,
    entered_by: User | None,
) -> list[Placed | Refused]:
    ids = sorted({r.participant_id for r in requests})
    people = {
        p.pk: p
        for p in Participant.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .only("id", "workshop_id", "left_at")
    }
    workshop = Workshop.objects.only("state", "current_activity_id").get(pk=workshop_id)
    fresh = (
        Activity.objects.filter(pk=activity_id or workshop.current_activity_id or 0)
        .only(
            "id",
            "organisation_id",
            "workshop_id",
            "kind",
            "mode",
            "state",
            "dots_per_person",
            "max_dots_per_idea",
        )
        .first()
    )
    whole: Refused | None = None
    if fresh is None or fresh.workshop_id != workshop_id:
        whole = Refused(_("Nothing is happening right now."), code="closed")
    elif not fresh.is_voting or fresh.mode != Activity.Mode.DOTS:
        whole = Refused(_("You cannot do that in this activity."), code="wrong_mode")
    elif not fresh.is_open or not workshop.is_open:
        whole = Refused(_("Voting is closed."), code="closed")
    if whole is not None or fresh is None:
        return [whole or Refused(_("Voting is closed."), code="closed") for _r in requests]

    idea_ids = set(Idea.objects.filter(activity=fresh).values_list("id", flat=True))
    budget = fresh.budget(len(idea_ids))
    cap = fresh.max_dots_per_idea
    mine: dict[int, list[tuple[int, int, int]]] = {pk: [] for pk in people}
    for owner, slot, idea_id, stack in Dot.objects.filter(
        activity=fresh, participant_id__in=ids
    ).values_list("participant_id", "slot", "idea_id", "stack"):
        mine[owner].append((slot, idea_id, stack))

    outcomes: list[tuple[int, list[tuple[int, int, int]]] | Refused] = []
    new: list[Dot] = []
    for request in requests:
        person = people.get(request.participant_id)
        held = mine.get(request.participant_id, [])
        if person is None or person.workshop_id != workshop_id:
            outcomes.append(Refused(_("That is not part of this workshop."), code="wrong_workshop"))
        elif person.left_at is not None:
            outcomes.append(Refused(_("You have left this workshop."), code="left"))
        elif request.idea_id not in idea_ids:
            outcomes.append(
                Refused(_("That idea is not part of this activity."), code="wrong_idea")
            )
        elif len(held) >= budget:
            outcomes.append(Refused(_("You have used all your dots."), code="over_budget"))
        else:
            stacks = {stack for _slot, idea_id, stack in held if idea_id == request.idea_id}
            if len(stacks) >= cap:
                outcomes.append(
                    Refused(
                        _("You have put as many dots on this idea as you can."), code="idea_cap"
                    )
                )
                continue
            slot = min(set(range(1, budget + 1)) - {s for s, _i, _t in held})
            stack = min(set(range(1, cap + 1)) - stacks)
            held.append((slot, request.idea_id, stack))
            new.append(
                Dot(
                    organisation_id=fresh.organisation_id,
                    activity=fresh,
                    idea_id=request.idea_id,
                    participant_id=request.participant_id,
                    slot=slot,
                    stack=stack,
                    **_proxy_fields(entered_by),
                )
            )
            outcomes.append((request.participant_id, list(held)))
    if not new:
        return [o for o in outcomes if isinstance(o, Refused)]

    Dot.objects.bulk_create(new)
    Pass.objects.filter(activity=fresh, participant_id__in={d.participant_id for d in new}).delete()
    Workshop.objects.filter(pk=workshop_id).update(version=F("version") + len(new))
    version = Workshop.objects.filter(pk=workshop_id).values_list("version", flat=True).get()
    transaction.on_commit(partial(events.room_changed, workshop_id))
    if entered_by is not None:
        for dot in new:
            log_action(
                workshop,
                "workshops.dot.placed_by_proxy",
                actor=entered_by,
                data={"idea": dot.idea_id, "participant": dot.participant_id},
            )

    number = version - len(new)
    results: list[Placed | Refused] = []
    for outcome in outcomes:
        if isinstance(outcome, Refused):
            results.append(outcome)
            continue
        number += 1
        _owner, held = outcome
        counts = Counter(str(idea_id) for _slot, idea_id, _stack in held)
        results.append(Placed(number, fresh.pk, dict(counts), budget - len(held)))
    return results


def remove_dot(
    activity: Activity,
    idea: Idea,
    participant: Participant,
    *,
    entered_by: User | None = None,
) -> int:
    """Take back one of `participant`'s dots from `idea` while voting is open. Returns the
    dots they have left. Side effects: deletes their newest dot on that idea; tells the room."""

    def write() -> int:
        with transaction.atomic():
            person = Participant.objects.select_for_update().get(pk=participant.pk)
            fresh = _open_activity_for_vote(activity.pk, Activity.Mode.DOTS)
            _check_can_take_part(person, fresh)
            dot = (
                Dot.objects.filter(activity=fresh, idea=idea, participant=person)
                .order_by("-stack")
                .first()
            )
            if dot is None:
                raise Refused(_("You have no dot on that idea."), code="no_dot")
            dot.delete()
            _changed(fresh.workshop_id)
            _log_proxy(fresh, "workshops.dot.removed_by_proxy", entered_by, idea, person)
            used = Dot.objects.filter(activity=fresh, participant=person).count()
            return fresh.budget() - used

    return _retry_when_busy(write)


def rate_idea(
    activity: Activity,
    idea: Idea,
    participant: Participant,
    *,
    value: str,
    entered_by: User | None = None,
) -> Rating:
    """Say how much `participant` agrees with `idea` (one rating per idea; a new one replaces
    the old). Side effects: saves the Rating; logs proxy entries; tells the room."""
    if value not in Rating.Value.values:
        raise Refused(_("Choose one of the answers."), code="bad_value")

    def write() -> Rating:
        with transaction.atomic():
            person = Participant.objects.select_for_update().get(pk=participant.pk)
            fresh = _open_activity_for_vote(activity.pk, Activity.Mode.RATING)
            _check_can_take_part(person, fresh)
            if idea.activity_id != fresh.pk:
                raise Refused(_("That idea is not part of this activity."), code="wrong_idea")
            rating, _created = Rating.objects.update_or_create(
                idea=idea,
                participant=person,
                defaults={
                    "value": value,
                    "created_at": timezone.now(),
                    **_proxy_fields(entered_by),
                },
                create_defaults={
                    "organisation": fresh.organisation,
                    "activity": fresh,
                    "value": value,
                    **_proxy_fields(entered_by),
                },
            )
            Pass.objects.filter(activity=fresh, participant=person).delete()
            _changed(fresh.workshop_id)
            _log_proxy(fresh, "workshops.idea.rated_by_proxy", entered_by, idea, person)
            return rating

    return _retry_when_busy(write)


def pass_activity(
    activity: Activity,
    participant: Participant,
    *,
    passing: bool = True,
    entered_by: User | None = None,
) -> bool:
    """Pass on this activity, or take the pass back (`passing=False`). Passing never needs a
    reason and nobody sees who passed, only how many. Side effects: saves or deletes a Pass;
    tells the room. Returns whether they are now passing."""

    def write() -> bool:
        with transaction.atomic():
            person = Participant.objects.select_for_update().get(pk=participant.pk)
            fresh = Activity.objects.select_related("workshop").get(pk=activity.pk)
            _check_can_take_part(person, fresh)
            if fresh.state == Activity.State.PENDING or not fresh.workshop.is_open:
                raise Refused(_("This activity has not started."), code="closed")
            if passing:
                Pass.objects.get_or_create(
                    activity=fresh,
                    participant=person,
                    defaults={"organisation": fresh.organisation, **_proxy_fields(entered_by)},
                )
            else:
                Pass.objects.filter(activity=fresh, participant=person).delete()
            _changed(fresh.workshop_id)
        return passing

    return _retry_when_busy(write)


# Access needs: special category data


def read_access_needs(workshop: Workshop, *, actor: User) -> list[AccessNeed]:
    """The access needs people shared for this workshop, for a facilitator to act on.

    Side effects: logs "workshops.access_needs.viewed" (how many, never what) every time.
    """
    needs = list(
        AccessNeed.objects.filter(participant__workshop=workshop, consent=True)
        .select_related("participant")
        .order_by("participant__joined_at", "pk")
    )
    log_action(workshop, "workshops.access_needs.viewed", actor=actor, data={"count": len(needs)})
    return needs
