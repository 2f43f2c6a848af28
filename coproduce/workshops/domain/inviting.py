"""Inviting people to a workshop, their sign-ups, and the one reminder before the day.

Every invitation and reminder goes through `people.messages` (by the way each person chose;
texts and letters become staff to-dos without Notify). A message says the title, the date and
time, where, what the workshop is for, and links to the private sign-up page and the calendar
file: never anything about anyone's access needs or experience.

Reminders: `manage.py send_workshop_reminders` (cron, every 15 minutes) makes the one reminder
`WORKSHOPS_REMINDER_HOURS` before each workshop for everyone invited who has not said no. The
message key (the workshop and its start) means a second run, or two at once, sends nothing
twice; a workshop moved to a new time gets a new invitation and reminder.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.core.db import retry_when_locked
from coproduce.core.links import absolute_url
from coproduce.initiatives.models import Capacity
from coproduce.people.messages import send_message
from coproduce.people.models import Message, Person
from coproduce.workshops.domain.common import Refused
from coproduce.workshops.models import AccessNeed, Invitation, Participant, Workshop

INVITED = "workshop.invited"
MOVED = "workshop.moved"
REMINDER = "workshop.reminder"


def _key(workshop: Workshop) -> str:
    """One invitation and one reminder per person for each time the workshop is set for."""
    return f"workshop:{workshop.pk}:{workshop.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%MZ}"


def sign_up_link(invitation: Invitation) -> str:
    return absolute_url(reverse("workshop_sign_up", kwargs={"token": invitation.token}))


def _words(workshop: Workshop, invitation: Invitation) -> dict[str, Any]:
    """The words a message is filled with: the title, when, where and what it is for."""
    venue = workshop.venue.strip()
    if workshop.place == Workshop.Place.ONLINE:
        where = _("online (the link is on your sign-up page)")
    elif workshop.place == Workshop.Place.HYBRID:
        where = _("at %(venue)s, or online") % {"venue": venue or _("the place we tell you")}
    else:
        where = _("at %(venue)s") % {"venue": venue} if venue else _("in person")
    purpose = workshop.purpose.strip()
    if purpose and not purpose.endswith((".", "!", "?")):
        purpose += "."
    return {
        "title": workshop.title,
        "date": date_format(timezone.localtime(workshop.starts_at), "l j F Y, H:i"),
        "where": str(where),
        "purpose": _("It is for this: %(purpose)s ") % {"purpose": purpose} if purpose else "",
        "calendar": absolute_url(
            reverse("workshop_sign_up_calendar", kwargs={"token": invitation.token})
        ),
    }


def _refuse_if_ended(workshop: Workshop) -> None:
    if not Workshop.objects.filter(pk=workshop.pk, state=Workshop.State.PLANNED).exists():
        raise Refused(_("This workshop has started or ended: it is too late to invite people."))


def invite_to_workshop(
    workshop: Workshop, people: Iterable[Person], *, actor: User
) -> list[Invitation]:
    """Invite each person (of the workshop's organisation) to the workshop. Returns the
    invitations made now (people invited before keep theirs and their private link).

    Inviting someone again sends nothing new, unless the workshop has moved to another time
    since: then they get the invitation with the new time.
    Side effects: saves Invitations; makes one "workshop.invited" message each (sent after
    commit by their channel, or a staff to-do); logs "workshops.invited" (how many).
    """
    _refuse_if_ended(workshop)
    people = [p for p in people if p.organisation_id == workshop.organisation_id]
    made = []
    with transaction.atomic():
        known = {
            i.person_id: i for i in Invitation.objects.filter(workshop=workshop, person__in=people)
        }
        for person in people:
            invitation = known.get(person.pk)
            if invitation is None:
                invitation = Invitation.objects.create(
                    organisation_id=workshop.organisation_id,
                    workshop=workshop,
                    person=person,
                    invited_by=actor,
                )
                made.append(invitation)
            send_message(
                person,
                INVITED,
                _key(workshop),
                link=sign_up_link(invitation),
                **_words(workshop, invitation),
            )
        log_action(workshop, "workshops.invited", actor=actor, data={"count": len(made)})
    return made


def tell_invited_of_move(workshop: Workshop) -> int:
    """The workshop has a new time: tell everyone invited who has not said no. Returns how
    many were told. Call it in the transaction that saves the new time (`update_workshop`).

    The calendar link in the message gives the same event with a higher sequence, so a
    calendar moves the event it has. Once per new time (the message key).
    Side effects: makes one "workshop.moved" message each (sent after commit by their
    channel, or a staff to-do).
    """
    told = 0
    invitations = (
        Invitation.objects.filter(workshop=workshop)
        .exclude(answer=Invitation.Answer.NO)
        .select_related("person")
        .order_by("pk")
    )
    for invitation in invitations:
        message = send_message(
            invitation.person,
            MOVED,
            _key(workshop),
            link=sign_up_link(invitation),
            **_words(workshop, invitation),
        )
        told += message is not None
    return told


def answer_invitation(
    invitation: Invitation,
    *,
    coming: bool,
    capacity: str = "",
    joins_from: str = "",
    needs: Iterable[str] = (),
    other_needs: str = "",
    consent: bool = False,
    actor: User | None = None,
    how_told: str = "",
) -> Invitation:
    """Sign up for the workshop (or say no), from the private link or, for someone without a
    login, by staff (`actor`, with `how_told`: by phone, by letter...).

    Answering again changes the answer. The invitation's row is locked, so two answers at
    once (two taps, two tabs, staff on the phone at the same moment) leave one answer and
    at most one set of access needs. Access needs are kept only with consent, apart, as for
    people joining on the day; saying no removes them.
    Side effects: saves the Invitation (and its AccessNeed); when staff record it, logs
    "workshops.sign_up.recorded" (yes or no only).
    """
    workshop = invitation.workshop
    if not workshop.is_open:
        raise Refused(_("This workshop has ended."), code="ended")
    if coming and capacity not in Capacity.values:
        raise Refused(_("Say if you bring lived or learnt experience."), code="capacity")
    if workshop.place != Workshop.Place.HYBRID or joins_from not in Participant.JoinsFrom:
        joins_from = (
            Participant.JoinsFrom.ONLINE
            if workshop.place == Workshop.Place.ONLINE
            else Participant.JoinsFrom.ROOM
        )
    needs = [n for n in needs if n in AccessNeed.Need.values]
    other_needs = other_needs.strip()[:500]
    keep_needs = coming and consent and bool(needs or other_needs)

    def write() -> Invitation:
        with transaction.atomic():
            recorder = None
            if actor is not None:
                recorder = Person.objects.filter(
                    organisation_id=invitation.organisation_id, user=actor
                ).first()
            locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
            locked.answer = Invitation.Answer.YES if coming else Invitation.Answer.NO
            locked.capacity = capacity if coming else ""
            locked.joins_from = joins_from if coming else ""
            locked.answered_at = timezone.now()
            locked.recorded_by = recorder
            locked.how_told = how_told if actor is not None else ""
            locked.save(
                update_fields=[
                    "answer",
                    "capacity",
                    "joins_from",
                    "answered_at",
                    "recorded_by",
                    "how_told",
                ]
            )
            if keep_needs:
                AccessNeed.objects.update_or_create(
                    invitation=locked,
                    defaults={
                        "organisation_id": locked.organisation_id,
                        "needs": needs,
                        "other": other_needs,
                        "consent": True,
                    },
                )
            else:
                AccessNeed.objects.filter(invitation=locked).delete()
            if actor is not None:
                log_action(
                    workshop,
                    "workshops.sign_up.recorded",
                    actor=actor,
                    data={"invitation": locked.pk, "coming": coming},
                )
            return locked

    answered = retry_when_locked(write)
    for name in ("answer", "capacity", "joins_from", "answered_at", "how_told"):
        setattr(invitation, name, getattr(answered, name))
    invitation.recorded_by = answered.recorded_by
    return invitation


def due_workshop_reminders(now: datetime.datetime | None = None) -> list[Invitation]:
    """The invitations whose reminder is due now and not made yet (reads only): workshops
    starting within `WORKSHOPS_REMINDER_HOURS`, everyone invited who has not said no."""
    now = now or timezone.now()
    soon = now + datetime.timedelta(hours=settings.WORKSHOPS_REMINDER_HOURS)
    due = []
    workshops = Workshop.objects.filter(
        state=Workshop.State.PLANNED, starts_at__gt=now, starts_at__lte=soon
    )
    for workshop in workshops:
        key = _key(workshop)
        reminded = set(
            Message.objects.filter(
                organisation_id=workshop.organisation_id, kind=REMINDER, key=key
            ).values_list("person_id", flat=True)
        )
        due += [
            invitation
            for invitation in Invitation.objects.filter(workshop=workshop)
            .exclude(answer=Invitation.Answer.NO)
            .select_related("person", "workshop")
            .order_by("pk")
            if invitation.person_id not in reminded
        ]
    return due


def send_workshop_reminders(now: datetime.datetime | None = None) -> list[Message]:
    """Make every reminder due now (see `due_workshop_reminders`). Returns the messages made.

    Side effects: makes one "workshop.reminder" message per person (their channel; sent after
    commit). No audit entry: routine, and each message row is its own record.
    """
    made = []
    with transaction.atomic():
        for invitation in due_workshop_reminders(now):
            workshop = invitation.workshop
            message = send_message(
                invitation.person,
                REMINDER,
                _key(workshop),
                link=sign_up_link(invitation),
                **_words(workshop, invitation),
            )
            if message is not None:
                made.append(message)
    return made


def sign_up_as_it_stands(invitation: Invitation, *, actor: User | None = None) -> dict[str, object]:
    """The answer given so far, to show in the sign-up form again (so changing one thing
    keeps the rest). Access needs are the person's own: on their private page they see them;
    staff recording an answer for them see them too, and that reading is logged.

    Side effects: when `actor` (staff) reads access needs, logs "workshops.access_needs.viewed"
    (how many, never what).
    """
    need = AccessNeed.objects.filter(invitation=invitation, consent=True).first()
    if actor is not None and need is not None:
        log_action(
            invitation.workshop, "workshops.access_needs.viewed", actor=actor, data={"count": 1}
        )
    return {
        "answer": invitation.answer,
        "capacity": invitation.capacity,
        "joins_from": invitation.joins_from,
        "needs": need.needs if need else [],
        "other_needs": need.other if need else "",
        "consent": need is not None,
    }
