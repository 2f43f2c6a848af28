"""How a message leaves: GOV.UK Notify when a key is set, else email by the mailer (SMTP).

The one place that talks to Notify or the mail server. `people.messages` decides who gets
what and when; this module only hands one saved `Message` over and says how it went.
Notify's official client (`notifications-python-client`) does the HTTP; its base URL is a
setting so the tests can point it at a small fake server on 127.0.0.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage

from coproduce.people.models import Message

Channel = Message.Channel
NOTIFY_ADDRESS_LINES = 7  # Notify takes address_line_1 to _7; the last must be the postcode


@dataclass(frozen=True)
class Sent:
    via: str  # "smtp" or "notify"
    provider_id: str = ""


def notify_configured() -> bool:
    return bool(settings.NOTIFY_API_KEY)


def sends_itself(channel: str, *, large_print: bool = False) -> bool:
    """Whether this channel goes without staff: email always; texts and letters through
    Notify only (a large-print letter is printed by staff, so it is the right size)."""
    if channel == Channel.EMAIL:
        return True
    if channel == Channel.TEXT:
        return notify_configured()
    if channel == Channel.LETTER:
        return notify_configured() and not large_print
    return False


def full_text(message: Message) -> str:
    """The body with its link (unless the words already hold it, whole: a longer link that
    starts with it, such as its calendar file, does not count), as it is sent and as staff
    read it out or print it."""
    if not message.link or re.search(re.escape(message.link) + r"(?!\S)", message.body):
        return message.body
    return f"{message.body}\n\n{message.link}"


def address_lines(address: str) -> list[str]:
    """A postal address as lines (commas or new lines), at most Notify's seven."""
    parts = [p.strip() for line in address.splitlines() for p in line.split(",")]
    lines = [p for p in parts if p]
    if len(lines) > NOTIFY_ADDRESS_LINES:
        cut = len(lines) - NOTIFY_ADDRESS_LINES + 1
        lines = [", ".join(lines[:cut]), *lines[cut:]]
    return lines


def _notify_client() -> Any:
    from notifications_python_client.notifications import (  # inline: only with a Notify key
        NotificationsAPIClient,
    )

    return NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)


def send(message: Message) -> Sent:
    """Send one message by its channel. Raises on any failure (the caller records it).

    `reference` is the message's own id, so Notify's records and ours can be matched.
    """
    reference = f"coproduce-{message.pk}"
    if message.channel == Channel.EMAIL and not notify_configured():
        email = EmailMessage(
            subject=message.subject, body=full_text(message), to=[message.email_address]
        )
        if message.attachment:  # a calendar file: one click adds the meeting (SMTP only)
            email.attach(message.attachment_name, message.attachment, "text/calendar")
        email.send()
        return Sent("smtp")
    personalisation = {"subject": message.subject, "body": full_text(message)}
    client = _notify_client()
    if message.channel == Channel.EMAIL:
        response = client.send_email_notification(
            email_address=message.email_address,
            template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
            personalisation=personalisation,
            reference=reference,
        )
    elif message.channel == Channel.TEXT:
        response = client.send_sms_notification(
            phone_number=message.phone_number,
            template_id=settings.NOTIFY_TEXT_TEMPLATE_ID,
            personalisation=personalisation,
            reference=reference,
        )
    elif message.channel == Channel.LETTER:
        lines = [message.full_name, *address_lines(message.postal_address)]
        lines = lines[:NOTIFY_ADDRESS_LINES]
        for number, line in enumerate(lines, start=1):
            personalisation[f"address_line_{number}"] = line
        response = client.send_letter_notification(
            template_id=settings.NOTIFY_LETTER_TEMPLATE_ID,
            personalisation=personalisation,
            reference=reference,
        )
    else:
        raise ValueError(f"{message.channel} is sent by staff, not by us.")
    return Sent("notify", str(response.get("id", "")))
