"""Every message to a person, by the way they chose: the one place that makes messages.

How it works (docs/messages.md lists each message):
1. A domain function makes its change and, in the same transaction, calls `send_message`.
   That saves one `Message` row (unique per person, kind and key: the same event twice, or
   a retried request, makes no second message) with the channel the person chose.
2. After commit, a task (`people.tasks.deliver_message_task`) sends it: GOV.UK Notify when
   configured, else email over SMTP. Nothing is sent for a change that was rolled back.
3. A text or letter that cannot go by itself (no Notify key, or a large-print letter), or a
   phone call, is "for staff to send": it is on the staff to-do list, with the words to read
   out or a letter to print. Staff mark it sent.
4. A send that fails is counted and tried again by `manage.py send_waiting_messages` (run
   from cron); after `MESSAGE_MAX_ATTEMPTS` it is "could not be sent", on the to-do list.
5. A message not sent yet whose words are no longer true (its meeting was cancelled, its
   link replaced) is withdrawn (`withdraw`) by the domain function that made the change.

Message words are written here, one set per kind, filled only with names, titles, dates and
links: never health, access needs, wellbeing or equality answers (special category data).
Longer messages (a meeting invitation, an application's news) are a template of their own
app, named in TEMPLATES. A person who chose easy read gets the easy read words: EASY_READ
here, or the template's `_easy.txt` twin (`people.reading` is the one place that says who).

Someone with no record yet (an applicant, an address invited to log in) is a `Recipient`:
the message keeps their name and address itself, and is unique per organisation, kind and key.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string, select_template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.audit import log_action
from coproduce.core.db import enqueue_after_commit, retry_when_locked
from coproduce.people import senders, tasks
from coproduce.people.models import DELIVERY_FAILURES, ContactMethod, Format, Message, Person
from coproduce.people.reading import person_wants_easy_read

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from coproduce.accounts.models import User

logger = logging.getLogger(__name__)
Channel = Message.Channel
Status = Message.Status
NOT_SENT = (Status.WAITING, Status.BY_HAND, Status.FAILED)  # what `withdraw` can still stop

# kind: (subject, body). Words in braces come from the caller: name, title, panel, date.
KINDS: dict[str, tuple[Promise, Promise]] = {
    "claim.queried": (
        _("We have a question about your claim"),
        _(
            "Hello {name}. We have a question about your claim for {title}. "
            "Please look at your claim. You can change it and send it again."
        ),
    ),
    "claim.approved": (
        _("Your claim is agreed"),
        _("Hello {name}. We have agreed your claim for {title}. We will pay it soon."),
    ),
    "claim.paid": (
        _("Your claim is paid"),
        _("Hello {name}. We paid your claim for {title} on {date}."),
    ),
    "poll.opened": (
        _("Help us pick a date: {title}"),
        _(
            "Hello {name}. {panel} is picking a date for {title}. "
            "Please tell us which dates you can do."
        ),
    ),
    "poll.chosen": (
        _("Date chosen: {title}"),
        _("Hello {name}. {title} will be on {date}. We hope to see you there."),
    ),
    "papers.published": (
        _("Papers are ready: {title}"),
        _("Hello {name}. The papers for {title} are ready for you to read."),
    ),
    "notes.published": (
        _("Notes are ready: {title}"),
        _("Hello {name}. The notes from {title} are ready for you to read."),
    ),
    "agreement.published": (
        _("A new group agreement for {panel}"),
        _(
            "Hello {name}. {panel} has a new group agreement. "
            "Please read it and tell us if you agree."
        ),
    ),
    "offer.accepted": (
        _("{applicant} accepted a place"),
        _(
            "Hello {name}. {applicant} has accepted the place on {panel}, from their own link. "
            "Please get in touch to welcome them."
        ),
    ),
    "offer.declined": (
        _("{applicant} said no to a place"),
        _(
            "Hello {name}. {applicant} has said no to the place on {panel}, from their own "
            "link. You may want to offer it to someone else."
        ),
    ),
    "workshop.invited": (
        _("You are invited: {title}"),
        _(
            "Hello {name}. You are invited to a workshop: {title}. It is on {date}, {where}. "
            "{purpose}Please tell us if you can come, using the link below. "
            "To put it in your calendar, use this link: {calendar}"
        ),
    ),
    "workshop.moved": (
        _("New time: {title}"),
        _(
            "Hello {name}. The workshop {title} has moved. It is now on {date}, {where}. "
            "Please tell us if you can still come, using the link below. "
            "To change it in your calendar, use this link: {calendar}"
        ),
    ),
    "workshop.reminder": (
        _("Reminder: {title}, {date}"),
        _(
            "Hello {name}. This is a reminder: {title} is on {date}, {where}. "
            "If you cannot come now, please tell us, using the link below. "
            "Your calendar link: {calendar}"
        ),
    ),
    "you_said.answered": (
        _("You said, we did"),
        _("Hello {name}. We have answered what you said about {title}. You can read what we did."),
    ),
}


# Easy read words for the short kinds that invite or remind (short sentences, checked by
# tests/core/test_easy_read.py). Other kinds use their standard words.
EASY_READ: dict[str, Promise] = {
    "poll.opened": _(
        "Hello {name}. We want to meet about {title}. "
        "Please tell us the days you can come. Use the link."
    ),
    "poll.chosen": _("Hello {name}. We will meet about {title} on {date}. We hope you can come."),
    "agreement.published": _(
        "Hello {name}. {panel} has a new group agreement. "
        "Please read it. Then tell us if you agree."
    ),
}

# kind: (subject, template). The template gets the words, `person` and `link`; a twin named
# `..._easy.txt` beside it is the easy read version.
TEMPLATES: dict[str, tuple[Promise, str]] = {
    "meeting.invitation": (_("You are invited: {title}, {when_text}"), "panels/email/meeting.txt"),
    "meeting.reminder": (_("Reminder: {title}, {when_text}"), "panels/email/meeting.txt"),
    "meeting.papers_due": (_("Papers are due soon for {title}"), "panels/email/meeting.txt"),
    "meeting.cancelled": (_("Cancelled: {title}, {when_text}"), "panels/email/cancelled.txt"),
    "application.status": (_("Your application to join {panel}"), "panels/email/status.txt"),
    "ladder.invitation": (
        _("Your link to the Ladder questions about “{title}”"),
        "ladder/email/link.txt",
    ),
    "ladder.reminder": (
        _("Reminder: your link to the Ladder questions about “{title}”"),
        "ladder/email/link.txt",
    ),
    "ladder.new_link": (
        _("Your new link to the Ladder questions about “{title}”"),
        "ladder/email/link.txt",
    ),
    "account.invitation": (
        _("You are invited to join {organisation} on {site}"),
        "accounts/email/invitation.txt",
    ),
}


@dataclass(frozen=True)
class Recipient:
    """Someone with no record of their own yet: an applicant, or an address invited to log
    in. Shaped like a Person for `choose_channel` and `people.reading`."""

    organisation_id: int
    name: str
    email: str = ""
    phone: str = ""
    address: str = ""
    contact_methods: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return self.name


def choose_channel(person: Person | Recipient) -> str:
    """The first way they chose that their record lets us use; else email, else a letter,
    else a call by staff."""
    for method in person.contact_methods or []:
        if method == ContactMethod.EMAIL and person.email:
            return Channel.EMAIL
        if method == ContactMethod.TEXT and person.phone:
            return Channel.TEXT
        if method == ContactMethod.POST and person.address.strip():
            return Channel.LETTER
        if method in (ContactMethod.PHONE, ContactMethod.SUPPORTER):
            return Channel.CALL
    if person.email:
        return Channel.EMAIL
    if person.address.strip():
        return Channel.LETTER
    return Channel.CALL


def _words(
    to: Person | Recipient,
    kind: str,
    *,
    channel: str,
    easy_read: bool,
    link: str,
    attached: bool,
    words: dict[str, Any],
) -> tuple[str, str]:
    """The subject and body of `kind` for `to`, easy read when they chose it."""
    if kind in TEMPLATES:
        subject, template = TEMPLATES[kind]
        names = [template.replace(".txt", "_easy.txt"), template] if easy_read else [template]
        context = {**words, "person": to, "link": link, "channel": channel, "attached": attached}
        body = render_to_string(select_template(names).template.name, context).strip()
    else:
        subject, standard = KINDS[kind]
        body = str(EASY_READ.get(kind, standard) if easy_read else standard).format(**words)
    return str(subject).format(**words)[:200], body


def send_message(
    person: Person | Recipient,
    kind: str,
    key: str,
    *,
    link: str = "",
    attachment: tuple[str, str] | None = None,
    **words: Any,
) -> Message | None:
    """Make the message `kind` for `person` (or a `Recipient` with no record), once per
    `key`. Returns None if it was made before (nothing is sent twice). `attachment` is a
    (file name, text) pair, such as a calendar file; it goes with an email over SMTP.

    Call it inside the transaction that makes the change. Side effects: saves a Message;
    after commit, enqueues `deliver_message_task` when it can go by itself.
    """
    words.setdefault("name", person.display_name)
    easy_read = person_wants_easy_read(person)
    channel = choose_channel(person)
    # Only an email over SMTP carries the file (Notify's templates take words only).
    attached = bool(attachment) and channel == Channel.EMAIL and not senders.notify_configured()
    subject, body = _words(
        person,
        kind,
        channel=channel,
        easy_read=easy_read,
        link=link,
        attached=attached,
        words=words,
    )
    large_print = Format.LARGE_PRINT in (person.formats or [])
    waiting = senders.sends_itself(channel, large_print=large_print)
    who: dict[str, Any] = {"person": person}
    if isinstance(person, Recipient):
        who = {
            "person": None,
            "to_name": person.name[:200],
            "to_email": person.email,
            "to_phone": person.phone,
            "to_address": person.address,
        }
    try:
        with transaction.atomic():
            message = Message.objects.create(
                organisation_id=person.organisation_id,
                kind=kind,
                key=key[:200],
                channel=channel,
                status=Status.WAITING if waiting else Status.BY_HAND,
                large_print=large_print,
                easy_read=easy_read,
                subject=subject,
                body=body,
                link=link,
                attachment_name=attachment[0] if attachment else "",
                attachment=attachment[1] if attachment else "",
                **who,
            )
    except IntegrityError:
        return None
    if waiting:
        enqueue_after_commit(tasks.deliver_message_task, message_id=message.pk)
    return message


def send_to_each(
    people: Iterable[Person], kind: str, key: str, *, link: str = "", **words: Any
) -> list[Message]:
    """`send_message` for each person (each gets their own name in it)."""
    made = []
    for person in people:
        message = send_message(person, kind, key, link=link, **words)
        if message is not None:
            made.append(message)
    return made


def deliver(message_id: int) -> bool:
    """Send one waiting message. Returns True if it went now.

    The row is locked while we send, and only a waiting message is sent, so a task that
    runs twice sends once. A failure is counted with its reason and left waiting for
    `retry_waiting`; after `MESSAGE_MAX_ATTEMPTS`, or at once when Notify refuses it (a 4xx:
    a bad number or address fails the same way again), it is marked "could not be sent".
    Side effects: sends one email, text or letter; saves how it went.
    """
    sending = False

    def attempt() -> bool:
        nonlocal sending
        with transaction.atomic():
            message = (
                Message.objects.select_for_update(
                    of=("self",)
                )  # the person may be none (an outer join)
                .select_related("person")
                .filter(pk=message_id, status=Status.WAITING)
                .first()
            )
            if message is None:
                return False
            sending = True
            return _send_locked(message)

    # Trying again is safe only while nothing has gone: a lock refused before the send.
    return retry_when_locked(attempt, safe_again=lambda: not sending)


def _send_locked(message: Message) -> bool:
    """Send `message`, whose row the caller holds locked, and save how it went."""
    try:
        sent = senders.send(message)
    except Exception as error:  # any failure is recorded and tried again
        message.attempts += 1
        message.last_error = f"{type(error).__name__}: {error}"[:300]
        refused = 400 <= getattr(error, "status_code", 0) < 500  # the same again fails too
        if refused or message.attempts >= settings.MESSAGE_MAX_ATTEMPTS:
            message.status = Status.FAILED
        message.save(update_fields=["attempts", "last_error", "status"])
        logger.warning("message %s not sent: %s", message.pk, type(error).__name__)
        return False
    message.attempts += 1
    message.status = Status.SENT
    message.sent_at = timezone.now()
    message.sent_via = sent.via
    message.provider_id = sent.provider_id
    message.save(update_fields=["attempts", "status", "sent_at", "sent_via", "provider_id"])
    return True


def retry_waiting(now: datetime.datetime | None = None, *, dry_run: bool = False) -> int:
    """Queue again every message still waiting a minute after it was made (a failed send,
    or a queue that was down). Returns how many. Side effects: enqueues tasks after commit
    (none with `dry_run`)."""
    now = now or timezone.now()
    ids = list(
        Message.objects.filter(
            status=Status.WAITING, created_at__lte=now - datetime.timedelta(minutes=1)
        ).values_list("pk", flat=True)
    )
    for pk in [] if dry_run else ids:
        enqueue_after_commit(tasks.deliver_message_task, message_id=pk)
    return len(ids)


def withdraw(messages: QuerySet[Message], *, reason: str) -> int:
    """Stop each of `messages` not sent yet (waiting, for staff to send, or could not be
    sent): what it says is no longer true, such as a meeting that was cancelled or a link that
    no longer works. Returns how many. A queued task then finds nothing to send, and it leaves
    the staff to-do list. `reason` (plain words, no personal details) is kept on each.

    Side effects: saves the status and reason.
    """
    return messages.filter(status__in=NOT_SENT).update(
        status=Status.WITHDRAWN, last_error=reason[:300]
    )


def mark_sent_by_hand(message: Message, *, actor: User) -> bool:
    """Staff sent this text or letter, or made the call. Returns False if it was already sent.

    Side effects: saves who and when; logs "people.message.sent_by_hand" (the kind only).
    """
    with transaction.atomic():
        updated = Message.objects.filter(
            pk=message.pk, status__in=[Status.BY_HAND, Status.FAILED]
        ).update(status=Status.SENT, sent_via="staff", sent_by=actor, sent_at=timezone.now())
        if updated:
            log_action(
                message.person or message,
                "people.message.sent_by_hand",
                actor=actor,
                data={"kind": message.kind, "channel": message.channel},
            )
    message.refresh_from_db()
    return bool(updated)


def record_delivery_status(provider_id: str, status: str, *, reference: str = "") -> Message | None:
    """Keep what GOV.UK Notify says happened to a message it took (its delivery receipt).
    Returns None, changing nothing, for an id we did not send or a reference that does not
    match it.

    A failure (the number or address did not work, or Notify could not send it) makes the
    message "could not be sent", so it is on the staff to-do list to send another way.
    Side effects: saves the status on the Message; on a failure, logs
    "people.message.not_delivered" (the kind and status only).
    """
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(provider_id=provider_id, sent_via="notify")
            .exclude(provider_id="")
            .first()
        )
        if message is None or (reference and reference != f"coproduce-{message.pk}"):
            return None
        message.delivery_status = status
        message.delivery_status_at = timezone.now()
        fields = ["delivery_status", "delivery_status_at"]
        if status in DELIVERY_FAILURES and message.status == Status.SENT:
            message.status = Status.FAILED
            message.last_error = f"GOV.UK Notify could not deliver it ({status})."
            fields += ["status", "last_error"]
            log_action(
                message.person or message,
                "people.message.not_delivered",
                data={"kind": message.kind, "status": status},
            )
        message.save(update_fields=fields)
    return message
