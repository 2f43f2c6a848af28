"""Getting each person their private link: invitations, reminders, new links and slips.

Opening a round (or asking someone in it later) sends each person their link by the way they
chose, through `people.messages` (email, text or letter; a call, or a text or letter that
cannot go by itself, is on the staff to-do list with the words to read out or print). The
message holds the whole link and the short code, and is on the person's Messages page. A new
link staff give (`domain.renew_link`) goes the same way. Staff can also print slips
(`slips_for`) to hand over.
Every invitation, reminder and new link is a `LinkMessage` row, linked to its
`people.Message`: the ladder's record of which link went to whom and when.

A link message not sent yet is withdrawn (`withdraw_links`) when it is no use any more: the
answers were sent, the round closed, or a new link replaced it. So a queued email does not
go, and staff are not asked to send a dead link. A link that runs out does so by time, with
no one acting, so the daily reminder command withdraws those (`withdraw_expired_links`).

Reminders go to people who have not sent their answers while their link still works, at
most `LADDER_REMINDERS_MAX` each and never within `LADDER_REMINDER_GAP_DAYS` of the last
message with their link. The people due are re-read with their rows locked, so two runs at
once (the command from cron and a member of staff's button) send one reminder.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.core.db import retry_when_locked
from coproduce.core.links import absolute_url
from coproduce.ladder.models import LinkMessage, Response, Round
from coproduce.people import messages as people_messages
from coproduce.people.contact import how_to_reach, prefers_email
from coproduce.people.models import Message

if TYPE_CHECKING:
    from coproduce.accounts.models import User

Kind = LinkMessage.Kind
Channel = LinkMessage.Channel
Status = Message.Status

# What the invitation promises. Issue 17 sets the aim: one person's answers in about
# 10 minutes of reading.
MINUTES_TO_ANSWER = 10


def link_for(response: Response, request: HttpRequest | None = None) -> str:
    """The person's private link, in full (at the request's address when there is one)."""
    return absolute_url(reverse("answer_start", kwargs={"token": response.token}), request)


def code_page(request: HttpRequest | None = None) -> str:
    """Where people type a short code, in full (at the request's address when there is one)."""
    return absolute_url(reverse("answer_code"), request)


def contact_for(round_: Round) -> str:
    """Who to ask about the round: the initiative's lead, else whoever opened the round."""
    lead = round_.initiative.lead
    if lead is not None:
        return how_to_reach(lead)
    opener = round_.opened_by
    if opener is not None:
        return _("%(name)s: email %(email)s") % {"name": opener.name, "email": opener.email}
    return round_.organisation.name


def send_invitations(round_: Round, *, actor: User | None) -> list[LinkMessage]:
    """Send each person asked in `round_` who has no invitation yet their private link.

    Safe to call again: someone already invited is skipped (a unique constraint holds this
    even for two calls at once). Each gets it by the way they chose (see `_send`).
    Side effects: saves one LinkMessage and one people.Message each; logs
    "ladder.round.invited" (how many, and how many for staff to send) when anyone was
    invited; after commit, enqueues each message that goes by itself.
    """
    responses = (
        round_.responses.filter(person__isnull=False, submitted_at__isnull=True)
        .exclude(link_messages__kind=Kind.INVITATION)
        .select_related("person")
        .order_by("id")
    )
    made: list[LinkMessage] = []
    with transaction.atomic():
        for response in responses:
            try:
                with transaction.atomic():
                    message = _send(response, kind=Kind.INVITATION, actor=actor)
            except IntegrityError:
                continue  # invited a moment ago by another call
            if message is not None:
                made.append(message)
        if made:
            by_staff = sum(
                1 for m in made if m.message is not None and m.message.status == Status.BY_HAND
            )
            log_action(
                round_,
                "ladder.round.invited",
                actor=actor,
                data={"number": round_.number, "count": len(made), "by_staff": by_staff},
            )
    return made


def send_new_link(response: Response, *, actor: User | None) -> LinkMessage | None:
    """Send `response`'s person their new link after staff gave one (`domain.renew_link`).

    Nothing for a response whose person record is gone. Side effects: as `_send`.
    """
    return _send(response, kind=Kind.NEW_LINK, actor=actor)


def _send(
    response: Response, *, kind: str, actor: User | None, now: datetime.datetime | None = None
) -> LinkMessage | None:
    """Save a LinkMessage and its people.Message, by the way the person chose. None when the
    person record is gone.

    Side effects: saves both; after commit, the message is sent (or is on the staff to-do).
    """
    person = response.person
    if person is None:
        return None
    row = LinkMessage.objects.create(
        organisation_id=response.organisation_id,
        response=response,
        kind=kind,
        channel=Channel.MESSAGE,
        created_at=now or timezone.now(),
        created_by=actor,
    )
    return _hand_over(row)


def _hand_over(row: LinkMessage) -> LinkMessage:
    """Make the people.Message for one link message and link it to the row."""
    response = row.response
    round_ = response.round
    person = response.person
    if person is None:
        return row
    sent = people_messages.send_message(
        person,
        f"ladder.{row.kind}",
        str(row.pk),
        link=link_for(response),
        moment=row.kind,
        organisation=round_.organisation.name,
        title=round_.initiative.title,
        code_page=code_page(),
        code=response.code_display,
        minutes=MINUTES_TO_ANSWER,
        until=timezone.localtime(response.link_expires_at),
        started=response.started_at is not None,
        contact=contact_for(round_),
    )
    if sent is not None:
        row.message = sent
        row.save(update_fields=["message"])
    return row


def withdraw_links(responses: QuerySet[Response], *, reason: str) -> int:
    """Withdraw every link message to `responses` not sent yet (see people.messages.withdraw):
    call it when the answers are sent, the round closes, or a new link replaces the old one.
    Returns how many. Side effects: saves their status."""
    rows = LinkMessage.objects.filter(response__in=responses, message__isnull=False)
    return people_messages.withdraw(
        Message.objects.filter(pk__in=rows.values("message_id")), reason=reason
    )


def withdraw_expired_links(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Withdraw every link message not sent yet whose link has run out, in every organisation
    (the daily command): a call or letter with a dead link would only waste staff time.
    Returns how many (in a dry run, how many would be). Side effects (none in a dry run):
    as `withdraw_links`.
    """
    now = now or timezone.now()
    expired = Response.objects.filter(link_expires_at__lte=now, submitted_at__isnull=True)
    if dry_run:
        rows = LinkMessage.objects.filter(response__in=expired, message__isnull=False)
        return Message.objects.filter(
            pk__in=rows.values("message_id"), status__in=people_messages.NOT_SENT
        ).count()
    return withdraw_links(expired, reason="The link stopped working.")


def due_for_reminder(
    responses: QuerySet[Response], *, now: datetime.datetime | None = None
) -> QuerySet[Response]:
    """Of `responses`, those due a reminder now (reads only).

    Due: in an open round, answers not sent, the link still working, fewer than
    LADDER_REMINDERS_MAX reminders so far, and no message with their link in the last
    LADDER_REMINDER_GAP_DAYS.
    """
    now = now or timezone.now()
    gap_start = now - datetime.timedelta(days=settings.LADDER_REMINDER_GAP_DAYS)
    candidates = (
        responses.filter(
            round__closed_at__isnull=True,
            submitted_at__isnull=True,
            link_expires_at__gt=now,
            person__isnull=False,
        )
        .annotate(
            reminders=Count("link_messages", filter=Q(link_messages__kind=Kind.REMINDER)),
            last_sent=Max("link_messages__created_at"),
        )
        .filter(reminders__lt=settings.LADDER_REMINDERS_MAX)
        .filter(Q(last_sent__isnull=True) | Q(last_sent__lte=gap_start))
        .select_related("person", "round")
        .order_by("round_id", "id")
    )
    return candidates


def send_reminders(
    responses: QuerySet[Response],
    *,
    actor: User | None,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
) -> list[Response]:
    """Remind each of `responses` that is due (see `due_for_reminder`). Returns those reminded.

    Safe to run twice, and two runs at once: the due people's rows are locked, then read
    again, so the second run finds the first run's reminders and sends nothing (on SQLite,
    whose writers take turns, a run that finds the database locked tries again).
    Side effects (none in a dry run): saves one reminder LinkMessage and people.Message
    each (by the way they chose); logs "ladder.round.reminded" for each round (how many);
    after commit, enqueues each message that goes by itself.
    """
    now = now or timezone.now()
    if dry_run:
        return list(due_for_reminder(responses, now=now))

    def remind() -> list[Response]:
        with transaction.atomic():
            ids = list(due_for_reminder(responses, now=now).values_list("id", flat=True))
            # Lock, then read again: another run may have reminded them while we looked.
            list(Response.objects.select_for_update().filter(pk__in=ids).values("id"))
            due = list(due_for_reminder(Response.objects.filter(pk__in=ids), now=now))
            by_round: dict[int, list[Response]] = {}
            for response in due:
                _send(response, kind=Kind.REMINDER, actor=actor, now=now)
                by_round.setdefault(response.round_id, []).append(response)
            for reminded in by_round.values():
                round_ = reminded[0].round
                log_action(
                    round_,
                    "ladder.round.reminded",
                    actor=actor,
                    data={"number": round_.number, "count": len(reminded)},
                )
        return due

    return retry_when_locked(remind)


def remind_round(
    round_: Round, *, actor: User | None, now: datetime.datetime | None = None
) -> list[Response]:
    """Remind the people in `round_` who are due (the round page's button). See send_reminders."""
    return send_reminders(round_.responses.all(), actor=actor, now=now)


def remind_open_rounds(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> list[Response]:
    """Remind everyone due in every open round (the daily command). See send_reminders."""
    return send_reminders(
        Response.objects.filter(round__closed_at__isnull=True), actor=None, now=now, dry_run=dry_run
    )


def send_link_message(message: LinkMessage) -> bool:
    """Hand over an email saved before links went through people.messages (its task may
    still be queued). Returns False, making nothing, when it was already sent or handed over,
    was not by email, or is no use now (answers sent, round closed, link run out).

    Side effects: as `_hand_over`.
    """
    response = message.response
    if (
        message.sent_at is not None
        or message.message_id is not None
        or message.channel != Channel.EMAIL
        or response.person is None
        or response.is_submitted
        or not response.round.is_open
        or response.link_has_expired
    ):
        return False
    _hand_over(message)
    return message.message_id is not None


@dataclass(frozen=True)
class Slip:
    """One printed slip: who it is for, their code, their link and its QR code."""

    response: Response
    name: str
    code: str
    link: str
    qr: SafeString


def slips_for(
    round_: Round, *, everyone: bool = False, request: HttpRequest | None = None
) -> list[Slip]:
    """A slip for each person in `round_` who still has to answer (reads only).

    By default only people whose link goes by hand (no email); `everyone` gives a slip to
    each person who has not sent their answers. None once the round is closed.
    """
    if not round_.is_open:
        return []
    responses = (
        round_.responses.filter(submitted_at__isnull=True, person__isnull=False)
        .select_related("person")
        .order_by("person__name", "id")
    )
    slips = []
    for response in responses:
        person = response.person
        if person is None:  # filtered out above; this tells the type checker
            continue
        if not everyone and prefers_email(person):
            continue
        link = link_for(response, request)
        svg = segno.make(link, error="m").svg_inline(
            scale=4, border=2, svgclass="slip-qr", lineclass=None, omitsize=True
        )
        slips.append(
            Slip(
                response=response,
                name=person.display_name,
                code=response.code_display,
                link=link,
                # segno writes the SVG from the link alone (our own address and a token of
                # URL-safe letters), so it holds nothing anyone typed.
                qr=mark_safe(svg),  # noqa: S308 -- made by segno from our own link only
            )
        )
    return slips
