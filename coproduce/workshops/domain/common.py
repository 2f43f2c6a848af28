"""What every workshop change shares: the polite refusal, telling the room, retrying when
the database is busy, and the checks on someone taking part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.core.db import is_locked, retry_when_locked
from coproduce.workshops import events
from coproduce.workshops.models import (
    Activity,
    Idea,
    Participant,
    Workshop,
)


class Refused(ValidationError):
    """A polite no: the message is written for the person who asked, `code` for programs."""


@dataclass(frozen=True)
class Refusal:
    """One reason to say no, written once: call it for the `Refused` to raise or send back."""

    message: Promise
    code: str

    def __call__(self) -> Refused:
        return Refused(str(self.message), code=self.code)


# The one set of refusals for voting and taking part. The dot batch (`place_dots`, on rows
# read in plain SQL), the other votes (on model rows) and the socket all say no with these.
NOTHING_ON = Refusal(gettext_lazy("Nothing is happening right now."), "closed")
WRONG_MODE = Refusal(gettext_lazy("You cannot do that in this activity."), "wrong_mode")
VOTING_CLOSED = Refusal(gettext_lazy("Voting is closed."), "closed")
WRONG_WORKSHOP = Refusal(gettext_lazy("That is not part of this workshop."), "wrong_workshop")
LEFT = Refusal(gettext_lazy("You have left this workshop."), "left")
WRONG_IDEA = Refusal(gettext_lazy("That idea is not part of this activity."), "wrong_idea")
OVER_BUDGET = Refusal(gettext_lazy("You have used all your dots."), "over_budget")
IDEA_CAP = Refusal(gettext_lazy("You have put as many dots on this idea as you can."), "idea_cap")
MERGED_IDEA = Refusal(
    gettext_lazy("That idea was joined with another one. Look at the ideas again."), "merged"
)


def gone_idea_refusal(idea_id: int) -> Refused:
    """Why an idea takes no votes: merged into another (say so), or not here at all."""
    if Idea.objects.filter(pk=idea_id, merged_into__isnull=False).exists():
        return MERGED_IDEA()
    return WRONG_IDEA()


def vote_refusal(workshop: Workshop, activity: Activity | None, mode: str) -> Refused | None:
    """Why `activity` takes no votes of this `mode` now, or None when it does."""
    if activity is None or activity.workshop_id != workshop.pk:
        return NOTHING_ON()
    if not activity.is_voting or activity.mode != mode:
        return WRONG_MODE()
    if not activity.is_open or not workshop.is_open:
        return VOTING_CLOSED()
    return None


def taking_part_refusal(
    workshop_id: int | None, has_left: bool, activity: Activity
) -> Refused | None:
    """Why someone in the workshop `workshop_id` (None: nobody we know) cannot take part in
    `activity`, or None when they can."""
    if workshop_id != activity.workshop_id:
        return WRONG_WORKSHOP()
    if has_left:
        return LEFT()
    return None


def _changed(workshop_id: int) -> None:
    """Bump the version people's screens compare, and send a snapshot after commit.

    Also bumps `frame_version`, so the next snapshot is built whole. Only a batch of dots
    (`place_dots`) leaves it alone, as a dot changes nothing but counts."""
    Workshop.objects.filter(pk=workshop_id).update(
        version=F("version") + 1, frame_version=F("frame_version") + 1
    )
    tell_room_after_commit(workshop_id)


def tell_room_after_commit(workshop_id: int) -> None:
    """Send the room a snapshot once the change has committed.

    Robust: if telling the room fails (Redis away, the database busy while the snapshot is
    read), the failure is logged and the change still stands, and the caller still hears that
    it worked. Otherwise `_retry_when_busy` would run a write that had already committed a
    second time, and tell someone their saved dot had failed. A later change, or a screen
    reconnecting, brings every screen up to date."""
    transaction.on_commit(partial(events.room_changed, workshop_id), robust=True)


def _retry_when_busy[T](operation: Callable[[], T], attempts: int = 20) -> T:
    """Run a write again while SQLite says it is locked (`core.db.retry_when_locked`); if it
    stays locked, a polite "very busy" the room can show."""
    try:
        return retry_when_locked(operation, attempts)
    except OperationalError as error:
        if is_locked(error):
            raise Refused(_("The room is very busy. Please try again."), code="busy") from error
        raise


def _check_can_take_part(participant: Participant, activity: Activity) -> None:
    refused = taking_part_refusal(
        participant.workshop_id, participant.left_at is not None, activity
    )
    if refused is not None:
        raise refused


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


def _open_activity_for_vote(activity_id: int, mode: str) -> Activity:
    fresh = Activity.objects.select_related("workshop").get(pk=activity_id)
    refused = vote_refusal(fresh.workshop, fresh, mode)
    if refused is not None:
        raise refused
    return fresh
