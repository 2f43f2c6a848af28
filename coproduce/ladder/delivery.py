"""Getting each person their private link: invitations, reminders, new links and slips.

Opening a round (or asking someone in it later) sends each person their link by the way they
chose: an email now, or "by hand" for people without email, whom staff give a printed slip
(`slips_for`) or phone. A new link staff give (`domain.renew_link`) goes the same way.
Every invitation, reminder and new link is a `LinkMessage` row: the record of
what went to whom and when. Emails are sent by `tasks.send_link_message_task` after commit.

Reminders go only by email, only to people who have not sent their answers while their link
still works, at most `LADDER_REMINDERS_MAX` each and never within `LADDER_REMINDER_GAP_DAYS`
of the last email with their link. The people due are re-read with their rows locked, so two
runs at once (the command from cron and a member of staff's button) send one reminder.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.core.audit import log_action
from coproduce.core.db import enqueue_after_commit, retry_when_locked
from coproduce.core.links import absolute_url
from coproduce.ladder import tasks
from coproduce.ladder.models import LinkMessage, Response, Round
from coproduce.people.contact import how_to_reach, prefers_email

if TYPE_CHECKING:
    from coproduce.accounts.models import User

Kind = LinkMessage.Kind
Channel = LinkMessage.Channel

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
    even for two calls at once). People who chose email get one; the others are marked to be
    given their link by hand (a printed slip or a call).
    Side effects: saves one LinkMessage each; logs "ladder.round.invited" (how many by email
    and by hand) when anyone was invited; after commit, enqueues one email task each.
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
            emailed = sum(1 for m in made if m.channel == Channel.EMAIL)
            log_action(
                round_,
                "ladder.round.invited",
                actor=actor,
                data={"number": round_.number, "email": emailed, "by_hand": len(made) - emailed},
            )
    return made


def send_new_link(response: Response, *, actor: User | None) -> LinkMessage | None:
    """Send `response`'s person their new link after staff gave one (`domain.renew_link`).

    Nothing for a response whose person record is gone. Side effects: saves one LinkMessage
    (by email, or by hand for people without email: staff give them a new slip); after
    commit, enqueues the email task.
    """
    return _send(response, kind=Kind.NEW_LINK, actor=actor)


def _send(
    response: Response, *, kind: str, actor: User | None, now: datetime.datetime | None = None
) -> LinkMessage | None:
    """Save a LinkMessage by the way the person chose; enqueue an email after commit.
    None when the person record is gone."""
    person = response.person
    if person is None:
        return None
    channel = Channel.EMAIL if prefers_email(person) else Channel.BY_HAND
    message = LinkMessage.objects.create(
        organisation_id=response.organisation_id,
        response=response,
        kind=kind,
        channel=channel,
        created_at=now or timezone.now(),
        created_by=actor,
    )
    if channel == Channel.EMAIL:
        enqueue_after_commit(tasks.send_link_message_task, message_id=message.pk)
    return message


def due_for_reminder(
    responses: QuerySet[Response], *, now: datetime.datetime | None = None
) -> QuerySet[Response]:
    """Of `responses`, those due a reminder now (reads only).

    Due: in an open round, answers not sent, the link still working, a person who chose
    email, fewer than LADDER_REMINDERS_MAX reminders so far, and no email with their link in
    the last LADDER_REMINDER_GAP_DAYS.
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
        .exclude(person__email="")
        .annotate(
            reminders=Count("link_messages", filter=Q(link_messages__kind=Kind.REMINDER)),
            last_email=Max(
                "link_messages__created_at", filter=Q(link_messages__channel=Channel.EMAIL)
            ),
        )
        .filter(reminders__lt=settings.LADDER_REMINDERS_MAX)
        .filter(Q(last_email__isnull=True) | Q(last_email__lte=gap_start))
        .select_related("person", "round")
        .order_by("round_id", "id")
    )
    return candidates


def _chose_email(responses: QuerySet[Response]) -> list[Response]:
    """Those who chose email (the choice is a JSON list, so it is read here, not in SQL)."""
    return [r for r in responses if r.person is not None and prefers_email(r.person)]


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
    Side effects (none in a dry run): saves one reminder LinkMessage each; logs
    "ladder.round.reminded" for each round (how many); after commit, enqueues one email task
    each.
    """
    now = now or timezone.now()
    if dry_run:
        return _chose_email(due_for_reminder(responses, now=now))

    def remind() -> list[Response]:
        with transaction.atomic():
            ids = list(due_for_reminder(responses, now=now).values_list("id", flat=True))
            # Lock, then read again: another run may have reminded them while we looked.
            list(Response.objects.select_for_update().filter(pk__in=ids).values("id"))
            due = _chose_email(due_for_reminder(Response.objects.filter(pk__in=ids), now=now))
            by_round: dict[int, list[Response]] = {}
            for response in due:  # all chose email, so each reminder is an email
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


SUBJECTS = {
    Kind.INVITATION: gettext_lazy("Your link to the Ladder questions about “%(title)s”"),
    Kind.REMINDER: gettext_lazy("Reminder: your link to the Ladder questions about “%(title)s”"),
    Kind.NEW_LINK: gettext_lazy("Your new link to the Ladder questions about “%(title)s”"),
}


def send_link_message(message: LinkMessage) -> bool:
    """Email one invitation, reminder or new link with the person's link and code. Returns
    False, sending
    nothing, when it was already sent, is not by email, or is no use now (answers sent, round
    closed, link run out, no email address).

    Side effects: sends one email (text and HTML); saves when it was sent; logs
    "ladder.link.emailed" (the kind, never the address or the link).
    """
    response = message.response
    round_ = response.round
    person = response.person
    if (
        message.sent_at is not None
        or message.channel != Channel.EMAIL
        or person is None
        or not person.email
        or response.is_submitted
        or not round_.is_open
        or response.link_has_expired
    ):
        return False
    context = {
        "kind": message.kind,
        "name": person.display_name,
        "organisation": round_.organisation.name,
        "title": round_.initiative.title,
        "link": link_for(response),
        "code_page": code_page(),
        "code": response.code_display,
        "minutes": MINUTES_TO_ANSWER,
        "until": timezone.localtime(response.link_expires_at),
        "started": response.started_at is not None,
        "contact": contact_for(round_),
    }
    email = EmailMultiAlternatives(
        subject=str(SUBJECTS[Kind(message.kind)]) % {"title": round_.initiative.title},
        body=render_to_string("ladder/email/link.txt", context),
        to=[person.email],
    )
    email.attach_alternative(render_to_string("ladder/email/link.html", context), "text/html")
    email.send()
    message.sent_at = timezone.now()
    message.save(update_fields=["sent_at"])
    log_action(
        response,
        "ladder.link.emailed",
        data={"round": round_.pk, "kind": message.kind},
    )
    return True


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
