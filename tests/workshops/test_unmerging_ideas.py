"""A facilitator undoes a merge while the vote is open: the idea shows again, the votes that
moved from it go back, the dots given back stay with their owners, and nobody's dots go up."""

from __future__ import annotations

import csv
import io

import pytest

from coproduce.core.models import AuditEntry
from coproduce.workshops import domain
from coproduce.workshops.domain import Refused
from coproduce.workshops.models import Activity, Dot, Idea, Rating
from coproduce.workshops.queries import participant_state, results_for
from coproduce.workshops.record import Kind, contributions_for
from coproduce.workshops.snapshot import room_snapshot
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory
from tests.markup import flat
from tests.workshops.conftest import rating_activity
from tests.workshops.test_views import staff_url

pytestmark = pytest.mark.django_db

RAMP, BEDS, BENCHES = "A ramp by the back door", "Raised flower beds", "More benches in the shade"
HTMX = {"HX-Request": "true"}


def _mine(person, activity) -> tuple[dict[str, int], int]:
    state = participant_state(person, activity)
    return state["dots"], state["dots_left"]


def _merged_with_a_dot_given_back(running, ideas, june, anon, alice):
    """June's dot on the beds comes back to her (she has one on the ramp) and she places it
    on the benches; Anon's moves to the ramp."""
    domain.place_dot(running, ideas[0], june)
    domain.place_dot(running, ideas[1], june)
    domain.place_dot(running, ideas[1], anon)
    domain.merge_ideas(ideas[0], ideas[1], actor=alice)
    assert domain.place_dot(running, ideas[2], june) == 0


def test_undoing_a_merge_puts_back_the_moved_dots_and_not_the_ones_given_back(
    workshop, running, ideas, june, anon, alice
):
    Activity.objects.filter(pk=running.pk).update(hide_tallies=False)
    _merged_with_a_dot_given_back(running, ideas, june, anon, alice)

    undone = domain.unmerge_idea(ideas[1], actor=alice)

    assert (undone.dots_moved_back, undone.dots_not_put_back, undone.ratings_moved_back) == (
        1,
        1,
        0,
    )
    beds = Idea.objects.get(pk=ideas[1].pk)
    assert (beds.hidden, beds.merged_into_id) == (False, None)
    assert [(r.text, r.total) for r in results_for(running)] == [
        (RAMP, 1),
        (BEDS, 1),
        (BENCHES, 1),
    ]
    snapshot = room_snapshot(workshop.pk)
    assert snapshot is not None
    assert [(r["text"], r["total"]) for r in snapshot["a"]["results"]] == [
        (RAMP, 1),
        (BEDS, 1),
        (BENCHES, 1),
    ]
    # Nobody's dots went up or down: June still has both placed, Anon one left.
    ramp, beds_id, benches = (str(i.pk) for i in ideas)
    assert _mine(june, running) == ({ramp: 1, benches: 1}, 0)
    assert _mine(anon, running) == ({beds_id: 1}, 1)
    rows = Dot.objects.order_by("participant_id", "slot").values_list(
        "participant_id", "idea_id", "stack", "moved_from_id", "given_back"
    )
    assert list(rows) == [
        (june.pk, ideas[0].pk, 1, None, False),
        (june.pk, ideas[1].pk, 1, None, True),
        (june.pk, ideas[2].pk, 1, None, False),
        (anon.pk, ideas[1].pk, 1, None, False),
    ]
    log = AuditEntry.objects.get(action="workshops.idea.unmerged")
    assert log.data == {
        "idea": ideas[1].pk,
        "from": ideas[0].pk,
        "dots_moved_back": 1,
        "dots_not_put_back": 1,
        "ratings_moved_back": 0,
    }
    # The dot given back holds no place: June can move her benches dot onto the beds.
    with pytest.raises(Refused) as over:
        domain.place_dot(running, ideas[1], june)
    assert over.value.code == "over_budget"
    domain.remove_dot(running, ideas[2], june)
    assert domain.place_dot(running, ideas[1], june) == 0
    assert _mine(june, running) == ({ramp: 1, beds_id: 1}, 0)
    assert Dot.objects.get(participant=june, idea=ideas[1], given_back=False).stack == 2


def test_the_idea_can_be_merged_again_after_an_undo(running, ideas, june, anon, alice):
    _merged_with_a_dot_given_back(running, ideas, june, anon, alice)
    domain.unmerge_idea(ideas[1], actor=alice)

    again = domain.merge_ideas(ideas[0], ideas[1], actor=alice)

    assert (again.dots_moved, again.dots_given_back) == (1, 0)
    assert [(r.text, r.total) for r in results_for(running)] == [(RAMP, 2), (BENCHES, 1)]
    assert _mine(june, running)[1] == 0


def test_undoing_a_merge_moves_ratings_back_unless_they_rated_both(workshop, june, anon, alice):
    rating = rating_activity(workshop)
    domain.start_activity(rating, actor=alice)
    keep, merged = list(rating.ideas.order_by("id"))
    domain.rate_idea(rating, keep, june, value="agree")
    domain.rate_idea(rating, merged, june, value="strongly_disagree")
    domain.rate_idea(rating, merged, anon, value="strongly_agree")
    domain.merge_ideas(keep, merged, actor=alice)

    undone = domain.unmerge_idea(merged, actor=alice)

    assert undone.ratings_moved_back == 1
    rows = Rating.objects.order_by("participant_id", "idea_id").values_list(
        "participant_id", "idea_id", "value", "moved_from_id"
    )
    assert list(rows) == [
        (june.pk, keep.pk, "agree", None),
        (june.pk, merged.pk, "strongly_disagree", None),
        (anon.pk, merged.pk, "strongly_agree", None),
    ]
    assert sorted((r.text, r.total) for r in results_for(rating)) == [
        (keep.text, 1),
        (merged.text, 2),
    ]


def test_undoing_says_no_when_not_merged_or_the_vote_has_ended(workshop, running, ideas, alice):
    with pytest.raises(Refused) as not_merged:
        domain.unmerge_idea(ideas[1], actor=alice)
    assert (not_merged.value.code, not_merged.value.messages) == (
        "not_merged",
        ["This idea is not merged with another one."],
    )
    domain.merge_ideas(ideas[0], ideas[1], actor=alice)
    domain.merge_ideas(ideas[2], ideas[0], actor=alice)
    with pytest.raises(Refused) as into_gone:
        domain.unmerge_idea(ideas[1], actor=alice)
    assert (into_gone.value.code, into_gone.value.messages) == (
        "into_hidden",
        [f"“{RAMP}” is hidden or merged too. Show it again first."],
    )
    domain.close_voting(workshop, actor=alice)
    with pytest.raises(Refused) as ended:
        domain.unmerge_idea(ideas[0], actor=alice)
    assert (ended.value.code, ended.value.messages) == (
        "closed",
        ["The vote has ended, so the merge cannot be undone."],
    )
    assert Idea.objects.filter(merged_into__isnull=False).count() == 2
    assert not AuditEntry.objects.filter(action="workshops.idea.unmerged").exists()


def test_the_record_and_csv_show_it_was_merged_and_then_put_back(
    client_as, workshop, running, ideas, june, anon, alice
):
    _merged_with_a_dot_given_back(running, ideas, june, anon, alice)
    domain.unmerge_idea(ideas[1], actor=alice)

    said = contributions_for(workshop)
    put_back = f"Merged by the facilitator into “{RAMP}”, then put back"
    assert [(s.text, s.notes) for s in said if s.kind == Kind.IDEA] == [
        (RAMP, ()),
        (BEDS, (put_back,)),
        (BENCHES, ()),
    ]
    kept = "Given back when the ideas were merged: not counted, and not put back"
    assert [(s.text, s.notes) for s in said if s.kind == Kind.DOT] == [
        (RAMP, ()),
        (BEDS, (kept,)),
        (BEDS, ()),
        (BENCHES, ()),
    ]
    response = client_as(alice).get(staff_url("workshop_contributions_csv", workshop))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["kind"], r["text"], r["notes"]) for r in rows if r["notes"]] == [
        ("Idea", BEDS, put_back),
        ("Dot", BEDS, kept),
    ]
    printable = client_as(alice).get(staff_url("workshop_record", workshop)).content.decode()
    assert put_back in printable


def _undo(client, workshop, idea):
    data = {"action": "unmerge_idea", "idea": idea}
    return client.post(staff_url("workshop_control", workshop), data, headers=HTMX, follow=True)


def test_the_facilitator_undoes_a_merge_in_place(
    client_as, alice, workshop, running, ideas, june, anon
):
    _merged_with_a_dot_given_back(running, ideas, june, anon, alice)
    staff = client_as(alice)
    page = flat(staff.get(staff_url("workshop_console", workshop)).content.decode())
    assert f'value="unmerge_idea" aria-describedby="unmerge-what-{ideas[1].pk}"' in page
    assert "Dots that went back to people when you merged stay with them." in page

    page = flat(_undo(staff, workshop, ideas[1].pk).content.decode())

    assert "<html" not in page
    assert f"“{BEDS}” is back. 1 dot that went back to its owner stays with them." in page
    assert f'id="into-{ideas[1].pk}"' in page  # it can be merged again
    assert "unmerge_idea" not in page
    assert Idea.objects.get(pk=ideas[1].pk).merged_into_id is None


def test_undoing_after_the_vote_ends_says_so_and_shows_no_button(
    client_as, alice, workshop, running, ideas
):
    domain.merge_ideas(ideas[0], ideas[1], actor=alice)
    domain.close_voting(workshop, actor=alice)
    staff = client_as(alice)
    assert "unmerge_idea" not in staff.get(staff_url("workshop_console", workshop)).content.decode()

    response = _undo(staff, workshop, ideas[1].pk)

    assert response.status_code == 200
    assert "The vote has ended, so the merge cannot be undone." in response.content.decode()
    assert Idea.objects.get(pk=ideas[1].pk).merged_into_id == ideas[0].pk


def test_only_the_organisations_staff_can_undo_a_merge(
    client_as, bob, charlie, workshop, running, ideas, alice
):
    domain.merge_ideas(ideas[0], ideas[1], actor=alice)
    assert _undo(client_as(bob), workshop, ideas[1].pk).status_code == 403
    assert _undo(client_as(charlie), workshop, ideas[1].pk).status_code == 404
    other = IdeaFactory(
        activity=ActivityFactory(workshop=WorkshopFactory(initiative=workshop.initiative))
    )
    assert _undo(client_as(alice), workshop, other.pk).status_code == 404
    assert Idea.objects.get(pk=ideas[1].pk).merged_into_id == ideas[0].pk
