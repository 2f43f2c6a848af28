"""The line the meeting page shows for each person invited: which message, and how far it went."""

from __future__ import annotations

import datetime

from coproduce.panels.models import MeetingMessage
from coproduce.people.models import Message

NOW = datetime.datetime(2026, 7, 4, 12, 0, tzinfo=datetime.UTC)


def sent(kind: str, channel: str = "email", **fields) -> MeetingMessage:
    return MeetingMessage(kind=kind, channel=channel, **fields)


def cases() -> list[tuple[MeetingMessage, str]]:
    return [
        (
            sent("invitation", "message", message=Message(channel="text", status="sent")),
            "Invitation: text message, sent",
        ),
        (
            sent("reminder", "message", message=Message(channel="letter", status="by_hand")),
            "Reminder: letter, for staff to send",
        ),
        (sent("papers_due", sent_at=NOW), "Papers due: emailed"),
        (sent("cancelled", "staff", done_at=NOW), "Meeting cancelled: done by staff"),
        (sent("invitation", "staff"), "Invitation: staff to phone, text or post"),
        (sent("reminder"), "Reminder: waiting to send"),
    ]


def test_each_message_reads_as_its_own_words():
    assert [m.summary() for m, _ in cases()] == [words for _, words in cases()]
