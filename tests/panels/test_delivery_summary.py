"""An application's history says how the applicant was told of each step, and if it has gone."""

from __future__ import annotations

import datetime

from coproduce.panels.models import ApplicationStatusChange, ContactTask
from coproduce.people.models import Message

NOW = datetime.datetime(2026, 7, 4, 12, 0, tzinfo=datetime.UTC)


def change(delivery: str, task: ContactTask | None = None, **fields) -> ApplicationStatusChange:
    step = ApplicationStatusChange(delivery=delivery, **fields)
    if task:
        step.contact_task = task
    return step


def cases() -> list[tuple[ApplicationStatusChange, str]]:
    return [
        (
            change("message", sent_message=Message(channel="text", status="sent")),
            "Text message: sent",
        ),
        (
            change("message", sent_message=Message(channel="letter", status="by_hand")),
            "Letter: for staff to send",
        ),
        (change("email", sent_at=NOW), "email sent"),
        (change("email"), "email waiting to send"),
        (change("staff_task", ContactTask(kind="phone", done_at=NOW)), "Phone them: done"),
        (change("staff_task", ContactTask(kind="letter")), "Send a letter: to do"),
        (change("staff_task"), ": to do"),  # an older step whose task has gone
        (change("none"), "no message sent"),
    ]


def test_each_way_of_telling_reads_as_its_own_words():
    assert [c.delivery_summary() for c, _ in cases()] == [words for _, words in cases()]
