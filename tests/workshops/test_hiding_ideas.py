"""A facilitator hides an idea with a reason: it leaves the phones and the screen, stays in
the record, and its dots stay there too without counting; it can be shown again."""

from __future__ import annotations

import csv
import io

import pytest

from coproduce.core.models import AuditEntry
from coproduce.workshops import actions, domain
from coproduce.workshops.domain import Refused
from coproduce.workshops.models import Dot, Idea
from coproduce.workshops.queries import participant_state, results_for
from coproduce.workshops.record import Kind, contributions_for
from coproduce.workshops.snapshot import room_snapshot
from tests.workshops.test_views import staff_url

pytestmark = pytest.mark.django_db


def _on_screen(workshop) -> list[str]:
    snapshot = room_snapshot(workshop.pk)
    assert snapshot is not None
    return [idea["text"] for idea in snapshot["a"]["ideas"]]


def test_a_hidden_idea_leaves_the_screen_and_comes_back(workshop, running, ideas, alice):
    version = type(workshop).objects.get(pk=workshop.pk).version
    domain.hide_idea(ideas[1], reason="  Says the   same as another ", actor=alice)
    assert _on_screen(workshop) == ["A ramp by the back door", "More benches in the shade"]
    hidden = Idea.objects.get(pk=ideas[1].pk)
    assert (hidden.hidden, hidden.hidden_reason) == (True, "Says the same as another")
    assert type(workshop).objects.get(pk=workshop.pk).version == version + 1
    log = AuditEntry.objects.filter(action="workshops.idea.hidden").get()
    assert log.data == {"idea": ideas[1].pk, "reason": "Says the same as another"}

    domain.show_idea(hidden, actor=alice)
    assert _on_screen(workshop) == [
        "A ramp by the back door",
        "Raised flower beds",
        "More benches in the shade",
    ]
    assert AuditEntry.objects.filter(action="workshops.idea.shown").count() == 1


def test_hiding_needs_a_short_reason(running, ideas, alice):
    with pytest.raises(Refused) as empty:
        domain.hide_idea(ideas[0], reason="  ", actor=alice)
    assert empty.value.code == "no_reason"
    with pytest.raises(Refused) as long:
        domain.hide_idea(ideas[0], reason="x" * 121, actor=alice)
    assert long.value.code == "too_long"
    assert Idea.objects.filter(hidden=True).count() == 0


def test_dots_on_a_hidden_idea_are_kept_not_counted_and_given_back(running, ideas, june, alice):
    assert domain.place_dot(running, ideas[0], june) == 1
    assert domain.place_dot(running, ideas[1], june) == 0
    domain.hide_idea(ideas[1], reason="Not about this question", actor=alice)

    assert Dot.objects.filter(participant=june).count() == 2  # kept
    assert [(r.text, r.total) for r in results_for(running)] == [
        ("A ramp by the back door", 1),
        ("More benches in the shade", 0),
    ]
    state = participant_state(june, running)
    assert (state["dots"], state["dots_left"]) == ({str(ideas[0].pk): 1}, 1)
    # The dot given back can go on another idea; the hidden one takes no more.
    assert domain.place_dot(running, ideas[2], june) == 0
    with pytest.raises(Refused) as over:
        domain.place_dot(running, ideas[0], june)
    assert over.value.code in ("over_budget", "idea_cap")
    with pytest.raises(Refused) as wrong:
        actions.perform(running, june, {"t": "dot", "idea": ideas[1].pk})
    assert wrong.value.code == "wrong_idea"
    assert Dot.objects.filter(participant=june).count() == 3
    assert sorted(Dot.objects.filter(participant=june).values_list("slot", flat=True)) == [1, 2, 3]


def test_the_record_and_csv_mark_the_hidden_idea_and_its_dots(
    client_as, workshop, running, ideas, june, alice
):
    domain.place_dot(running, ideas[1], june)
    domain.hide_idea(ideas[1], reason="It shares someone's private details", actor=alice)
    said = contributions_for(workshop)
    idea_rows = [(s.text, s.notes) for s in said if s.kind == Kind.IDEA]
    assert (
        "Raised flower beds",
        ("Hidden by the facilitator: It shares someone's private details",),
    ) in idea_rows
    dots = [(s.text, s.notes) for s in said if s.kind == Kind.DOT]
    assert dots == [("Raised flower beds", ("On a hidden idea: not counted",))]

    response = client_as(alice).get(staff_url("workshop_contributions_csv", workshop))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    marked = [(r["kind"], r["text"], r["notes"]) for r in rows if "hidden" in r["notes"].lower()]
    assert marked == [
        (
            "Idea",
            "Raised flower beds",
            "Hidden by the facilitator: It shares someone's private details",
        ),
        ("Dot", "Raised flower beds", "On a hidden idea: not counted"),
    ]


def test_showing_an_idea_again_never_counts_more_dots_than_a_person_has(
    running, ideas, june, alice
):
    # June has two dots. One on an idea that is then hidden comes back to her, and she puts
    # it on another idea. Shown again, the idea must not count it too.
    assert running.budget() == 2
    domain.place_dot(running, ideas[1], june)
    domain.place_dot(running, ideas[0], june)
    domain.hide_idea(ideas[1], reason="Not about this question", actor=alice)
    assert domain.place_dot(running, ideas[2], june) == 0

    domain.show_idea(ideas[1], actor=alice)
    state = participant_state(june, running)
    assert state["dots_left"] == 0
    assert sum(state["dots"].values()) == 2
    assert sum(r.total for r in results_for(running)) == 2
    assert Dot.objects.filter(participant=june).count() == 3  # the third kept, not counted
    assert Dot.objects.get(idea=ideas[1]).given_back
    shown = AuditEntry.objects.get(action="workshops.idea.shown")
    assert shown.data == {"idea": ideas[1].pk, "dots_given_back": 1}


def test_an_idea_shown_again_counts_its_dots_when_their_owner_still_has_them(
    running, ideas, june, alice
):
    domain.place_dot(running, ideas[1], june)
    domain.hide_idea(ideas[1], reason="Not about this question", actor=alice)
    domain.show_idea(ideas[1], actor=alice)
    assert not Dot.objects.get(idea=ideas[1]).given_back
    assert participant_state(june, running)["dots_left"] == 1
    assert {r.text: r.total for r in results_for(running)}["Raised flower beds"] == 1
