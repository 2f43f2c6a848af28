"""The room snapshot: a recount after dots says exactly what a whole new snapshot says."""

from __future__ import annotations

import pytest

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.models import Activity
from coproduce.workshops.snapshot import room_frame, room_snapshot
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def without_clock(snapshot):
    return {key: value for key, value in snapshot.items() if key != "now"}


@pytest.fixture
def people(workshop):
    return [
        domain.join_workshop(workshop, capacity=capacity)[0]
        for capacity in (Capacity.LIVED_CARE, Capacity.LEARNT, Capacity.LIVED_CARER)
    ]


def test_after_dots_only_the_counts_are_read_and_they_match_a_whole_snapshot(
    running, ideas, people, django_assert_max_num_queries
):
    Activity.objects.filter(pk=running.pk).update(hide_tallies=False)
    workshop_id = running.workshop_id
    first = room_frame(workshop_id)
    assert first is not None
    assert first.whole
    domain.pass_activity(running, people[2])
    domain.place_dot(running, ideas[1], people[0])
    domain.place_dot(running, ideas[1], people[1])
    domain.place_dot(running, ideas[2], people[2])  # takes back that person's pass

    again = room_frame(workshop_id)  # the pass moved the frame version: built whole
    assert again is not None
    assert again.whole
    domain.place_dot(running, ideas[0], people[0])
    with django_assert_max_num_queries(3):  # versions, passes, newer dots
        recount = room_frame(workshop_id, again)
    assert recount is not None
    assert not recount.whole
    assert without_clock(recount.snapshot) == without_clock(room_snapshot(workshop_id))
    current = recount.snapshot["a"]
    assert current["voters"] == 3
    assert current["passes"] == 0
    assert [(r["total"], r["lived"], r["learnt"]) for r in current["results"]] == [
        (2, 1, 1),
        (1, 1, 0),
        (1, 1, 0),
    ]
    assert [r["tied"] for r in current["results"]] == [False, True, True]

    # The next recount adds only the dots placed since, and still matches a whole snapshot.
    domain.place_dot(running, ideas[2], people[1])
    later = room_frame(workshop_id, recount)
    assert later is not None
    assert not later.whole
    assert later.tally is not None
    assert later.tally.last_dot > recount.tally.last_dot  # type: ignore[union-attr]  # both have a tally here
    assert without_clock(later.snapshot) == without_clock(room_snapshot(workshop_id))
    assert [r["total"] for r in later.snapshot["a"]["results"]] == [2, 2, 1]


def test_hidden_tallies_stay_hidden_in_a_recount(workshop, alice, people):
    activity = domain.add_activity(
        workshop,
        actor=alice,
        kind=Activity.Kind.DOTMOCRACY,
        title="Vote without seeing the others",
        hide_tallies=True,
    )
    idea = IdeaFactory(activity=activity, text="Open on Sundays")
    domain.start_activity(activity, actor=alice)
    last = room_frame(workshop.pk)
    domain.place_dot(activity, idea, people[0])
    recount = room_frame(workshop.pk, last)
    assert recount is not None
    assert not recount.whole
    assert recount.snapshot["a"]["results"] is None
    assert recount.snapshot["a"]["voters"] == 1
    assert without_clock(recount.snapshot) == without_clock(room_snapshot(workshop.pk))


def test_any_other_change_builds_the_whole_snapshot_again(running, ideas, people, alice):
    last = room_frame(running.workshop_id)
    domain.pause_activity(running.workshop, actor=alice)
    after = room_frame(running.workshop_id, last)
    assert after is not None
    assert after.whole
    assert after.snapshot["a"]["state"] == Activity.State.PAUSED


def test_a_frame_from_another_kind_of_activity_is_never_recounted(workshop, alice):
    activity = domain.add_activity(
        workshop, actor=alice, kind=Activity.Kind.WARM_UP, title="One word for today"
    )
    domain.start_activity(activity, actor=alice)
    last = room_frame(workshop.pk)
    again = room_frame(workshop.pk, last)
    assert again is not None
    assert again.whole
