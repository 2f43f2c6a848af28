"""Joining and leaving a workshop, and the access needs people share when they join."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.core.db import retry_when_locked
from coproduce.initiatives.models import Capacity
from coproduce.people import access as person_access
from coproduce.people.models import AccessNeed as PersonAccessNeed
from coproduce.people.models import Person
from coproduce.workshops import grouping
from coproduce.workshops.domain import groups
from coproduce.workshops.domain.common import (
    Refused,
    _changed,
)
from coproduce.workshops.models import (
    AccessNeed,
    Activity,
    Invitation,
    Participant,
    Workshop,
    hash_token,
)
from coproduce.workshops.queries import access_needs_for


def join_workshop(
    workshop: Workshop,
    *,
    capacity: str,
    display_name: str = "",
    person: Person | None = None,
    needs: Iterable[str] = (),
    other_needs: str = "",
    consent: bool = False,
    joins_from: str = "",
    invitation: Invitation | None = None,
) -> tuple[Participant, str]:
    """Join a workshop (beforehand or on the day). Returns the participant and their secret.

    Anonymous (no display name) stores no name, no person and no login. Access needs are
    saved only with consent. Side effects: saves the Participant (and AccessNeed); tells the
    room the head count changed. Not logged: joining is nobody else's business.
    `joins_from` (in the room or online) matters in a hybrid workshop; otherwise it follows
    where the workshop happens.

    Someone who comes from their sign-up (`invitation`, of this workshop) marks it `came`,
    so the sign-ups say who came. The participant is not linked to it: someone who stays
    anonymous in the room stays anonymous in the record. Only when they give a name is the
    participant their person, as for a member who joins signed in.
    """
    if invitation is not None and invitation.workshop_id != workshop.pk:
        invitation = None
    if invitation is not None and display_name.strip():
        person = invitation.person
    if workshop.place != Workshop.Place.HYBRID or joins_from not in Participant.JoinsFrom:
        joins_from = (
            Participant.JoinsFrom.ONLINE
            if workshop.place == Workshop.Place.ONLINE
            else Participant.JoinsFrom.ROOM
        )
    if not Workshop.objects.filter(pk=workshop.pk).exclude(state=Workshop.State.ENDED).exists():
        raise Refused(_("This workshop has ended. You cannot join it now."), code="ended")
    token = secrets.token_urlsafe(24)
    needs = [n for n in needs if n in AccessNeed.Need.values]

    def save() -> Participant:
        with transaction.atomic():
            participant = Participant.objects.create(
                organisation=workshop.organisation,
                workshop=workshop,
                display_name=display_name.strip()[:60],
                capacity=capacity,
                joins_from=joins_from,
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
            if invitation is not None:
                Invitation.objects.filter(pk=invitation.pk).update(came=True)
            _join_groups(participant)
            _changed(workshop.pk)
            return participant

    # A crowd joining at once: an in-memory SQLite (tests) answers "locked" rather than waiting.
    participant = retry_when_locked(save)
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
    places = groups.places_of(activity)
    groups.change_groups(
        activity, phase, lambda now: grouping.place_late(now, person, lived, places)
    )


def _leave_groups(participant: Participant) -> None:
    """Someone leaving is taken out of their group; nobody is left on their own."""
    running = _running_with_groups(participant.workshop_id)
    if running is None:
        return
    activity, phase = running
    groups.change_groups(activity, phase, lambda now: grouping.remove_person(now, participant.pk))


# Access needs: special category data


def read_access_needs(workshop: Workshop, *, actor: User) -> list[AccessNeed]:
    """The access needs people shared for this workshop, for a facilitator to act on.

    Side effects: logs "workshops.access_needs.viewed" (how many, never what) every time.
    """
    needs = list(
        access_needs_for(workshop)
        .select_related("participant", "invitation__person")
        .order_by("created_at", "pk")
    )
    log_action(workshop, "workshops.access_needs.viewed", actor=actor, data={"count": len(needs)})
    return needs


def read_known_people_access_needs(
    workshop: Workshop, *, actor: User
) -> list[tuple[Participant, list[PersonAccessNeed]]]:
    """For participants who are known people (they joined under their own name): the needs
    on their own record that they agreed staff who run a meeting or workshop may read. The
    same record every panel reads; they told us once.

    Side effects: logs "workshops.person_access_needs.viewed" (how many, never what) every
    time.
    """
    participants = {
        p.person_id: p
        for p in workshop.participants.filter(person__isnull=False).order_by("joined_at", "pk")
    }
    needs = person_access.current_needs_of(list(participants)).filter(share_with_facilitators=True)
    by_person: dict[int, list[PersonAccessNeed]] = {}
    for need in needs:
        by_person.setdefault(need.person_id, []).append(need)
    person_access.log_needs_viewed(
        workshop,
        actor=actor,
        count=sum(len(v) for v in by_person.values()),
        action="workshops.person_access_needs.viewed",
    )
    return [(participants[pid], by_person[pid]) for pid in participants if pid in by_person]
