"""A decision's "It came from" line names the workshop, meeting or thing said it came from."""

from __future__ import annotations

import datetime

from coproduce.decisions.models import Decision
from coproduce.outcomes.models import Contribution, Response
from coproduce.panels.models import Meeting
from coproduce.workshops.models import Workshop

# Late on 4 July by the clock, already 5 July in London (summer time): pages show London's day.
LATE = datetime.datetime(2026, 7, 4, 23, 30, tzinfo=datetime.UTC)
SAID = " ".join(f"word{n}" for n in range(1, 25))


def cases() -> list[tuple[Decision, str]]:
    return [
        (
            Decision(came_from="workshop", workshop=Workshop(title="Garden <day>", starts_at=LATE)),
            "The workshop “Garden <day>”, 5 Jul 2026",
        ),
        (
            Decision(came_from="meeting", meeting=Meeting(title="July", starts_at=LATE)),
            "The meeting “July”, 5 Jul 2026",
        ),
        (Decision(came_from="meeting", meeting=Meeting(title="Autumn")), "The meeting “Autumn”"),
        (
            Decision(came_from="contribution", contribution=Contribution(text=SAID)),
            "What was said: “" + " ".join(SAID.split()[:20]) + " …”",
        ),
        (
            Decision(
                came_from="contribution",
                contribution=Contribution(text="More benches"),
                response=Response(decision="adapted"),
            ),
            "What was said: “More benches” · In “you said, we did”: Adapted",
        ),
        (Decision(came_from="proposal"), "A panel proposal"),
        (Decision(came_from="workshop"), "A workshop"),  # the workshop was deleted since
    ]


def test_each_origin_reads_as_its_own_sentence():
    assert [d.origin() for d, _ in cases()] == [words for _, words in cases()]
