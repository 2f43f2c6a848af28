"""Taking part besides voting: adding ideas, and passing."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.workshops.domain.common import (
    Refused,
    _changed,
    _check_can_take_part,
    _proxy_fields,
    _retry_when_busy,
)
from coproduce.workshops.models import (
    Activity,
    Idea,
    Participant,
    Pass,
)


def _idea_words(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise Refused(_("Write your idea first."), code="empty")
    if len(text) > 280:
        raise Refused(_("Keep your idea under 280 letters."), code="too_long")
    return text


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
    text = _idea_words(text)

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


def edit_idea(idea: Idea, *, text: str, actor: User) -> Idea:
    """A facilitator changes an idea's words (a spelling, two ideas said as one), while the
    vote is open. The record keeps the words first given (`original_text`); dots stay.

    Side effects: saves the Idea; logs "workshops.idea.edited" with the words before and
    after; tells the room.
    """
    text = _idea_words(text)

    def write() -> tuple[Idea, str]:
        with transaction.atomic():
            fresh = (
                Idea.objects.select_for_update()
                .select_related("activity__workshop")
                .get(pk=idea.pk)
            )
            activity = fresh.activity
            if activity.state == Activity.State.DONE or not activity.workshop.is_open:
                raise Refused(_("This activity has finished."), code="closed")
            before = fresh.text
            if text != before:
                fresh.original_text = fresh.original_text or before
                fresh.text = text
                fresh.save(update_fields=["text", "original_text"])
                _changed(activity.workshop_id)
            return fresh, before

    fresh, before = _retry_when_busy(write)
    if before != fresh.text:
        log_action(
            fresh.activity.workshop,
            "workshops.idea.edited",
            actor=actor,
            data={"idea": fresh.pk, "before": before, "after": fresh.text},
        )
    return fresh


def withdraw_idea(idea: Idea, participant: Participant, *, entered_by: User | None = None) -> None:
    """The person who gave an idea takes it back while the vote is open: it leaves the
    phones, the screen and the results; the record keeps it, marked as taken back by them.
    Dots already on it are given back to the people who placed them (as for a hidden idea).

    Side effects: saves the idea as hidden and withdrawn; logs proxy entries; tells the room.
    """

    def write() -> None:
        with transaction.atomic():
            person = Participant.objects.select_for_update().get(pk=participant.pk)
            fresh = (
                Idea.objects.select_for_update()
                .select_related("activity__workshop")
                .get(pk=idea.pk)
            )
            activity = fresh.activity
            _check_can_take_part(person, activity)
            if activity.state == Activity.State.DONE or not activity.workshop.is_open:
                raise Refused(_("This activity has finished."), code="closed")
            if fresh.added_by_id != person.pk:
                raise Refused(_("You can only take back your own idea."), code="not_yours")
            if fresh.withdrawn:
                return
            Idea.objects.filter(pk=fresh.pk).update(hidden=True, withdrawn=True, hidden_reason="")
            _changed(activity.workshop_id)
            if entered_by is not None:
                log_action(
                    activity.workshop,
                    "workshops.idea.withdrawn_by_proxy",
                    actor=entered_by,
                    data={"idea": fresh.pk, "participant": person.pk},
                )

    _retry_when_busy(write)


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
