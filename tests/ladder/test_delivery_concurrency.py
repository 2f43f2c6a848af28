"""Reminders sent from the daily command and a staff button at the same moment go once.

Real threads, each with its own database connection, against a database that commits
(transaction=True): SQLite always, PostgreSQL when DATABASE_URL points there.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.ladder import delivery, domain
from coproduce.ladder.models import LinkMessage
from coproduce.people.models import Message
from tests.workshops.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_reminders_from_many_runs_at_once_go_once(initiative, alice):
    round_ = domain.open_round(initiative, actor=alice)
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(days=4)
    outcomes = run_at_once(
        [lambda: delivery.remind_open_rounds(now=later)] * 3
        + [lambda: delivery.remind_round(round_, actor=alice, now=later)] * 3
    )
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert sorted(len(o) for o in outcomes) == [0, 0, 0, 0, 0, 2]
    assert LinkMessage.objects.filter(kind="reminder").count() == 2
    assert Message.objects.filter(kind="ladder.reminder").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert AuditEntry.objects.filter(action="ladder.round.reminded").count() == 1
