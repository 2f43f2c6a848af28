"""Running the agenda (the facilitator console): the activity on screen and its timer."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.workshops import grouping
from coproduce.workshops.domain import groups
from coproduce.workshops.domain.common import (
    Refused,
    _changed,
)
from coproduce.workshops.models import (
    Activity,
    Group,
    Workshop,
    suggested_dots,
)


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
                grouping.form_groups(
                    people,
                    activity.pk,
                    size=activity.group_size,
                    places=groups.places_of(activity),
                ),
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
    """End the workshop: the running activity finishes and the join code stops working; for
    `Workshop.UNDO_SECONDS` the facilitator may open it again (`reopen_workshop`).
    Side effects: saves; logs "workshops.workshop.ended"; tells the room (phones then show
    the thank-you page, the screen its "ended" screen)."""
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


def reopen_workshop(workshop: Workshop, *, actor: User | None) -> Workshop:
    """Undo an end made by mistake, within `Workshop.UNDO_SECONDS` of it: the join code works
    again and phones go back to the room. The activity that was on stays finished (start it again).
    Refused once the time is up, or when another open workshop now has the code.
    Side effects: saves; logs "workshops.workshop.reopened"; tells the room."""
    now = timezone.now()
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if workshop.is_open:
            return workshop
        if not workshop.end_can_be_undone(now):
            raise Refused(_("It is too late to undo. The workshop stays ended."), code="too_late")
        if (
            Workshop.objects.exclude(state=Workshop.State.ENDED)
            .filter(join_code=workshop.join_code)
            .exists()
        ):
            raise Refused(
                _("Another workshop is using this code now, so this one stays ended."),
                code="code_taken",
            )
        workshop.state = Workshop.State.LIVE
        workshop.ended_at = None
        workshop.save(update_fields=["state", "ended_at"])
        _changed(workshop.pk)
    log_action(workshop, "workshops.workshop.reopened", actor=actor)
    return workshop
