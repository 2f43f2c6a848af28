"""A message waits its turn when another worker holds the database, and goes once.

Real threads and a database that commits (transaction=True): SQLite always, PostgreSQL when
DATABASE_URL points there. The tests' in-memory SQLite answers "locked" at once where a
database file would wait, so delivery must try again itself, but only before it sends.
"""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connections, transaction

from coproduce.people import messages
from coproduce.people.models import Message
from tests.accounts.test_smtp import smtp_server
from tests.payments.conftest import bob_person, panel

__all__ = ["bob_person", "panel", "smtp_server"]  # shared fixtures

pytestmark = pytest.mark.django_db(transaction=True)


def waiting_message(person) -> Message:
    return Message.objects.create(
        organisation=person.organisation,
        person=person,
        to_name="Bob Hughes",
        to_email="bob@example.org",
        kind="claim.approved",
        key="claim.approved:1",
        channel=Message.Channel.EMAIL,
        subject="Your claim is agreed",
        body="We agreed your claim.",
    )


def test_a_message_waits_while_another_worker_holds_the_database(bob_person, smtp_server):
    message = waiting_message(bob_person)
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                Message.objects.select_for_update().get(pk=message.pk)
                holding.set()
                done.wait(0.3)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    assert messages.deliver(message.pk) is True
    done.set()
    holder.join()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 1)
    assert len(smtp_server.messages) == 1


def test_a_lock_refused_after_sending_is_never_sent_again(bob_person, smtp_server, monkeypatch):
    """The email has gone but saving that it went is refused: trying the whole thing again
    would send it twice, so the error stands and `retry_waiting` decides later."""
    message = waiting_message(bob_person)

    def locked(self, *args, **kwargs):
        raise OperationalError("database table is locked: people_message")

    monkeypatch.setattr(Message, "save", locked)
    with pytest.raises(OperationalError):
        messages.deliver(message.pk)
    assert len(smtp_server.messages) == 1
