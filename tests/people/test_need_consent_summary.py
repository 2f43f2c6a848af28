"""An access need says when the person agreed that we keep it, and who recorded it for them."""

from __future__ import annotations

import datetime

from coproduce.accounts.models import User
from coproduce.people.models import AccessNeed, Person

# Late on 4 July by the clock, already 5 July in London (summer time): pages show London's day.
LATE = datetime.datetime(2026, 7, 4, 23, 30, tzinfo=datetime.UTC)
SAM = User(id=1, name="Sam", email="sam@example.org")
STAFF = User(id=2, name="", email="staff@example.org")


def need(**fields) -> AccessNeed:
    return AccessNeed(person=Person(user=SAM), **fields)


def cases() -> list[tuple[AccessNeed, str]]:
    return [
        (
            need(consent_given_at=LATE, consent_via="phone", recorded_by=SAM),
            "Agreed that we keep this on 5 July 2026 (by phone).",
        ),
        (
            need(consent_given_at=LATE, consent_via="paper", recorded_by=STAFF),
            "Agreed that we keep this on 5 July 2026 (on paper). "
            "Recorded for them by staff@example.org.",
        ),
        (
            need(recorded_by=User(id=3, name="Jo <Staff>", email="jo@example.org")),
            "We did not record when they agreed that we keep this. It was added before we did. "
            "Recorded for them by Jo <Staff>.",
        ),
        (
            need(),
            "We did not record when they agreed that we keep this. It was added before we did.",
        ),
    ]


def test_each_way_of_agreeing_reads_as_its_own_words():
    assert [n.consent_summary() for n, _ in cases()] == [words for _, words in cases()]
