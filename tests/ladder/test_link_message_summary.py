"""The line the round page shows for each link sent: what went, how, and when."""

from __future__ import annotations

import datetime

from coproduce.ladder.models import LinkMessage
from coproduce.people.models import Message

# Late on 4 July by the clock, already 5 July in London (summer time): pages show London's day.
SENT = datetime.datetime(2026, 7, 4, 23, 30, tzinfo=datetime.UTC)


def link(kind, channel="email", sent_at=None, message=None) -> LinkMessage:
    return LinkMessage(kind=kind, channel=channel, sent_at=sent_at, message=message)


def cases() -> list[tuple[LinkMessage, str]]:
    return [
        (
            link("reminder", "message", message=Message(channel="text", sent_at=SENT)),
            "Reminder: text message, sent on 5 Jul 2026",
        ),
        (
            link("new_link", "message", message=Message(channel="letter", status="waiting")),
            "New link: letter, waiting to be sent",
        ),
        (
            link("invitation", "message", message=Message(channel="call", status="by_hand")),
            "Link: phone call or their supporter, for staff to send",
        ),
        (link("new_link", "by_hand"), "New link: give them a new slip or phone them."),
        (link("invitation", "by_hand"), "No email: give them a slip or phone them."),
        (link("reminder", sent_at=SENT), "Reminder emailed on 5 Jul 2026"),
        (link("new_link", sent_at=SENT), "New link emailed on 5 Jul 2026"),
        (link("invitation", sent_at=SENT), "Link emailed on 5 Jul 2026"),
        (link("reminder"), "Reminder waiting to be emailed"),
        (link("new_link"), "Link waiting to be emailed"),
    ]


def test_each_kind_of_link_reads_as_its_own_sentence():
    assert [m.summary() for m, _ in cases()] == [words for _, words in cases()]
