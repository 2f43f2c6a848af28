"""The equality record says when and how someone agreed to us keeping their answers."""

from __future__ import annotations

import datetime

from coproduce.accounts.models import User
from coproduce.panels.domain.equality import Consent

# Late on 4 July by the clock, already 5 July in London (summer time): pages show London's day.
LATE = datetime.datetime(2026, 7, 4, 23, 30, tzinfo=datetime.UTC)
LATER = datetime.datetime(2026, 7, 8, 9, 0, tzinfo=datetime.UTC)


def consent(entered_by=None, selection=None) -> Consent:
    return Consent(
        given_at=LATE,
        via="paper",
        via_label="On Paper",
        entered_by=entered_by,
        entered_at=LATER,
        selection_consent_at=selection,
    )


def cases() -> list[tuple[Consent, str]]:
    return [
        (
            consent(),
            "They agreed to us keeping these answers on 5 July 2026, 00:30, on the online form. "
            "They did not agree to us using them to choose a mix of people.",
        ),
        (
            consent(User(name="Ann <Staff>", email="ann@example.org"), selection=LATE),
            "They agreed to us keeping these answers on 5 July 2026 (on paper). Ann <Staff> "
            "typed them in on 8 July 2026. "
            "They also agreed to us using them to help choose a mix of people.",
        ),
    ]


def test_each_way_of_agreeing_reads_as_its_own_words():
    assert [c.summary() for c, _ in cases()] == [words for _, words in cases()]
