"""A facilitator merges two ideas that say the same thing: the votes move fairly, nobody goes
over the per-idea limit, nobody's rating counts twice, and the record keeps both ideas."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.workshops import actions, domain
from coproduce.workshops.domain import Refused
from coproduce.workshops.models import Activity, Dot, Idea, Participant, Rating, Workshop
from coproduce.workshops.queries import participant_state, results_for
from coproduce.workshops.record import Kind, contributions_for
from coproduce.workshops.snapshot import room_snapshot
from tests.factories import ActivityFactory, IdeaFactory, InitiativeFactory, WorkshopFactory
from tests.markup import flat
from tests.workshops.conftest import rating_activity
from tests.workshops.test_views import join_as, staff_url

pytestmark = pytest.mark.django_db

RAMP, BEDS, BENCHES = "A ramp by the back door", "Raised flower beds", "More benches in the shade"


def _on_screen(workshop) -> list[str]:
    snapshot = room_snapshot(workshop.pk)
    assert snapshot is not None
    return [idea["text"] for idea in snapshot["a"]["ideas"]]


def test_merging_moves_dots_up_to_the_per_idea_limit_and_gives_the_rest_back(
    workshop, running, ideas, june, anon, alice
):
    keep, merged = ideas[0], ideas[1]
    domain.place_dot(running, keep, june)
    domain.place_dot(running, merged, june)  # June is at the limit of one dot on each idea
    domain.place_dot(running, merged, anon)
    version = Workshop.objects.get(pk=workshop.pk).version

    outcome = domain.merge_ideas(keep, merged, actor=alice)

    assert (outcome.dots_moved, outcome.dots_given_back) == (1, 1)
    assert _on_screen(workshop) == [RAMP, BENCHES]
    assert Workshop.objects.get(pk=workshop.pk).version == version + 1
    assert [(r.text, r.total) for r in results_for(running)] == [(RAMP, 2), (BENCHES, 0)]
    june_now, anon_now = participant_state(june, running), participant_state(anon, running)
    assert (june_now["dots"], june_now["dots_left"]) == ({str(keep.pk): 1}, 1)  # one back
    assert (anon_now["dots"], anon_now["dots_left"]) == ({str(keep.pk): 1}, 1)
    # Every dot is kept: two on the idea kept (one moved there), June's extra one in the record.
    rows = Dot.objects.order_by("participant_id", "idea_id").values_list(
        "participant_id", "idea_id", "stack", "moved_from_id"
    )
    assert list(rows) == [
        (june.pk, keep.pk, 1, None),
        (june.pk, merged.pk, 1, None),
        (anon.pk, keep.pk, 1, merged.pk),
    ]
    merged.refresh_from_db()
    assert (merged.hidden, merged.merged_into_id) == (True, keep.pk)
    log = AuditEntry.objects.get(action="workshops.idea.merged")
    assert log.data == {
        "idea": merged.pk,
        "into": keep.pk,
        "dots_moved": 1,
        "dots_given_back": 1,
        "ratings_moved": 0,
        "ratings_not_counted": 0,
    }
    # The dot given back goes on another idea; the merged idea takes no more.
    assert domain.place_dot(running, ideas[2], june) == 0
    with pytest.raises(Refused) as gone:
        actions.perform(running, anon, {"t": "dot", "idea": merged.pk})
    assert (gone.value.code, gone.value.messages) == (
        "merged",
        ["That idea was joined with another one. Look at the ideas again."],
    )


def test_a_higher_limit_takes_both_dots_on_different_stacks(running, ideas, june, alice):
    Activity.objects.filter(pk=running.pk).update(max_dots_per_idea=2)
    domain.place_dot(running, ideas[0], june)
    domain.place_dot(running, ideas[1], june)

    outcome = domain.merge_ideas(ideas[0], ideas[1], actor=alice)

    assert (outcome.dots_moved, outcome.dots_given_back) == (1, 0)
    assert list(Dot.objects.order_by("stack").values_list("idea_id", "stack")) == [
        (ideas[0].pk, 1),
        (ideas[0].pk, 2),
    ]
    assert participant_state(june, running)["dots_left"] == 0


def test_someone_who_rated_both_keeps_the_kept_ideas_rating(workshop, june, anon, alice):
    rating = rating_activity(workshop)
    domain.start_activity(rating, actor=alice)
    keep, merged = list(rating.ideas.order_by("id"))
    domain.rate_idea(rating, keep, june, value="agree")
    domain.rate_idea(rating, merged, june, value="strongly_disagree")
    domain.rate_idea(rating, merged, anon, value="strongly_agree")

    outcome = domain.merge_ideas(keep, merged, actor=alice)

    assert (outcome.ratings_moved, outcome.ratings_not_counted) == (1, 1)
    rows = Rating.objects.order_by("participant_id").values_list(
        "participant_id", "idea_id", "value", "moved_from_id"
    )
    assert list(rows) == [
        (june.pk, keep.pk, "agree", None),
        (june.pk, merged.pk, "strongly_disagree", None),
        (anon.pk, keep.pk, "strongly_agree", merged.pk),
    ]
    [result] = results_for(rating)
    assert (result.text, result.total, result.agree_percent) == (
        "Open the garden at weekends",
        2,
        100,
    )
    with pytest.raises(Refused) as late:
        domain.rate_idea(rating, merged, anon, value="agree")
    assert late.value.code == "merged"


def test_the_kept_idea_can_take_new_words_and_the_record_keeps_the_first(running, ideas, alice):
    outcome = domain.merge_ideas(ideas[0], ideas[1], actor=alice, text="  Ramps and  beds ")

    keep = Idea.objects.get(pk=ideas[0].pk)
    assert (outcome.kept.text, keep.text, keep.original_text) == (
        "Ramps and beds",
        "Ramps and beds",
        RAMP,
    )
    log = AuditEntry.objects.get(action="workshops.idea.merged")
    assert (log.data["before"], log.data["after"]) == (RAMP, "Ramps and beds")


def test_merging_says_no_to_the_wrong_ideas(workshop, running, dotmocracy, ideas, alice):
    other_vote = ActivityFactory(workshop=workshop, title="Another vote")
    elsewhere = IdeaFactory(activity=other_vote, text="Elsewhere")
    fours = ActivityFactory(workshop=workshop, kind=Activity.Kind.ONE_TWO_FOUR)
    best = [IdeaFactory(activity=fours, text=text) for text in ("Shade", "Seats")]
    with pytest.raises(Refused) as not_a_vote:
        domain.merge_ideas(best[0], best[1], actor=alice)
    assert not_a_vote.value.code == "wrong_kind"
    cases = [
        (ideas[0], ideas[0], "same_idea"),
        (elsewhere, ideas[0], "wrong_idea"),
        (ideas[0], elsewhere, "wrong_idea"),
    ]
    for keep, merged, code in cases:
        with pytest.raises(Refused) as refused:
            domain.merge_ideas(keep, merged, actor=alice)
        assert refused.value.code == code
    domain.hide_idea(ideas[2], reason="Not about this question", actor=alice)
    with pytest.raises(Refused) as hidden:
        domain.merge_ideas(ideas[0], ideas[2], actor=alice)
    assert hidden.value.code == "hidden"
    with pytest.raises(Refused) as twice:
        domain.merge_ideas(ideas[2], ideas[0], actor=alice)
    assert twice.value.code == "hidden"
    domain.close_voting(workshop, actor=alice)
    with pytest.raises(Refused) as closed:
        domain.merge_ideas(ideas[0], ideas[1], actor=alice)
    assert closed.value.code == "closed"
    assert Idea.objects.filter(merged_into__isnull=False).count() == 0
    assert not AuditEntry.objects.filter(action="workshops.idea.merged").exists()


def test_the_record_and_csv_show_the_merged_idea_and_where_its_votes_went(
    client_as, workshop, running, ideas, june, anon, alice
):
    domain.place_dot(running, ideas[0], june)
    domain.place_dot(running, ideas[1], june)
    domain.place_dot(running, ideas[1], anon)
    domain.merge_ideas(ideas[0], ideas[1], actor=alice)

    said = contributions_for(workshop)
    assert [(s.text, s.notes) for s in said if s.kind == Kind.IDEA] == [
        (RAMP, ()),
        (BEDS, (f"Merged by the facilitator into “{RAMP}”",)),
        (BENCHES, ()),
    ]
    assert [(s.text, s.notes) for s in said if s.kind == Kind.DOT] == [
        (RAMP, ()),
        (BEDS, ("On a merged idea: not counted, given back to place again",)),
        (RAMP, (f"Moved from “{BEDS}” when the ideas were merged",)),
    ]

    response = client_as(alice).get(staff_url("workshop_contributions_csv", workshop))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["kind"], r["text"], r["notes"]) for r in rows if "merged" in r["notes"].lower()] == [
        ("Idea", BEDS, f"Merged by the facilitator into “{RAMP}”"),
        ("Dot", BEDS, "On a merged idea: not counted, given back to place again"),
        ("Dot", RAMP, f"Moved from “{BEDS}” when the ideas were merged"),
    ]
    printable = client_as(alice).get(staff_url("workshop_record", workshop)).content.decode()
    assert f"Merged by the facilitator into “{RAMP}”" in printable


HTMX = {"HX-Request": "true"}


def _merge(client, workshop, idea, into, **extra):
    data = {"action": "merge_idea", "idea": idea, "into": into, **extra}
    return client.post(staff_url("workshop_control", workshop), data, headers=HTMX, follow=True)


def test_the_facilitator_merges_an_idea_in_place(client_as, alice, workshop, running, ideas, june):
    domain.place_dot(running, ideas[0], june)
    domain.place_dot(running, ideas[1], june)
    staff = client_as(alice)
    page = flat(staff.get(staff_url("workshop_console", workshop)).content.decode())
    assert f'<label for="into-{ideas[1].pk}">Merge it into</label>' in page
    choices = f'<option value="{ideas[0].pk}">{RAMP}</option>'
    choices += f'<option value="{ideas[2].pk}">{BENCHES}</option>'
    assert f'<select id="into-{ideas[1].pk}" name="into">{choices}</select>' in page
    assert "Nobody can have more than 1 dot on one idea" in page

    page = flat(_merge(staff, workshop, ideas[1].pk, ideas[0].pk).content.decode())
    assert "<html" not in page
    assert f"Merged into “{RAMP}”. 1 dot went back to its owner to place again." in page
    assert f'<span class="tag">Merged into: {RAMP}</span>' in page
    assert f'id="into-{ideas[1].pk}"' not in page  # no more controls on the merged idea
    assert Idea.objects.get(pk=ideas[1].pk).merged_into_id == ideas[0].pk


def test_dana_the_admin_merges_too_and_bob_the_member_cannot(
    client_as, dana, bob, workshop, running, ideas
):
    assert _merge(client_as(bob), workshop, ideas[2].pk, ideas[0].pk).status_code == 403
    assert Idea.objects.filter(merged_into__isnull=False).count() == 0
    _merge(client_as(dana), workshop, ideas[2].pk, ideas[0].pk)
    assert Idea.objects.get(pk=ideas[2].pk).merged_into_id == ideas[0].pk


def test_charlie_cannot_merge_another_organisations_ideas(
    client_as, charlie, workshop, running, ideas
):
    assert _merge(client_as(charlie), workshop, ideas[1].pk, ideas[0].pk).status_code == 404
    assert Idea.objects.filter(merged_into__isnull=False).count() == 0


@pytest.mark.parametrize(
    ("idea", "into", "told"),
    [
        ("first", "first", "Choose a different idea to merge it into."),
        ("first", "other_vote", "Choose the idea to merge it into from the list."),
        ("first", "other_workshop", "Choose the idea to merge it into from the list."),
        ("first", "other_org", "Choose the idea to merge it into from the list."),
        ("first", "abc", "Choose the idea to merge it into from the list."),
        ("first", "-1", "Choose the idea to merge it into from the list."),
        ("first", "", "Choose the idea to merge it into from the list."),
        ("first", "9" * 30, "Choose the idea to merge it into from the list."),
    ],
)
def test_merging_into_the_wrong_idea_says_so_clearly(
    client_as, alice, workshop, running, ideas, other_org, idea, into, told
):
    elsewhere = ActivityFactory(workshop=workshop, title="Another vote")
    other_workshop = ActivityFactory(workshop=WorkshopFactory(initiative=workshop.initiative))
    theirs = ActivityFactory(
        workshop=WorkshopFactory(initiative=InitiativeFactory(organisation=other_org))
    )
    named = {
        "first": ideas[0].pk,
        "other_vote": IdeaFactory(activity=elsewhere).pk,
        "other_workshop": IdeaFactory(activity=other_workshop).pk,
        "other_org": IdeaFactory(activity=theirs).pk,
    }
    response = _merge(client_as(alice), workshop, named[idea], named.get(into, into))
    assert response.status_code == 200
    assert told in response.content.decode()
    assert Idea.objects.filter(merged_into__isnull=False).count() == 0


def test_merging_an_idea_of_another_workshop_or_a_word_is_not_found(
    client_as, alice, workshop, running, ideas
):
    other = IdeaFactory(
        activity=ActivityFactory(workshop=WorkshopFactory(initiative=workshop.initiative))
    )
    assert _merge(client_as(alice), workshop, other.pk, ideas[0].pk).status_code == 404
    response = _merge(client_as(alice), workshop, "abc", ideas[0].pk)
    assert response.status_code == 200
    assert "That button did not work. Please try again." in response.content.decode()


def test_the_phone_says_which_dots_came_back_after_a_merge(client, workshop, running, ideas, alice):
    join_as(client, workshop, display_name="Tom")
    tom = Participant.objects.get(display_name="Tom")
    domain.place_dot(running, ideas[0], tom)
    domain.place_dot(running, ideas[1], tom)
    room = reverse("workshop_room", kwargs={"code": workshop.join_code})
    assert "came back to you" not in client.get(room).content.decode()

    domain.merge_ideas(ideas[0], ideas[1], actor=alice)

    page = flat(client.get(room).content.decode())
    assert "Dots left to place:<strong data-dots-left>1</strong>" in page
    assert (
        '<p class="ws-given-back" role="status" data-given-back="1">Two ideas that said the same '
        "thing were joined into one. 1 of your dots came back to you. You can place it again.</p>"
    ) in page
    assert BEDS not in page


def test_the_phone_stops_saying_dots_came_back_once_they_are_placed_again(
    client, workshop, running, ideas, alice
):
    join_as(client, workshop, display_name="Tom")
    tom = Participant.objects.get(display_name="Tom")
    domain.place_dot(running, ideas[0], tom)
    domain.place_dot(running, ideas[1], tom)
    domain.merge_ideas(ideas[0], ideas[1], actor=alice)
    room = reverse("workshop_room", kwargs={"code": workshop.join_code})
    assert "1 of your dots came back to you" in client.get(room).content.decode()

    domain.place_dot(running, ideas[2], tom)

    page = flat(client.get(room).content.decode())
    assert "Dots left to place:<strong data-dots-left>0</strong>" in page
    assert "came back to you" not in page
    # Taken off again, it is spare once more, and the phone says so again.
    domain.remove_dot(running, ideas[2], tom)
    assert "1 of your dots came back to you" in client.get(room).content.decode()


def test_a_vote_with_no_set_dots_keeps_them_as_ideas_come_and_go(client_as, workshop, alice, june):
    """With no number of dots set, starting the vote fixes one for every three ideas.
    Ideas added, hidden or merged after that, or the plan edited, never take dots away."""
    vote = ActivityFactory(workshop=workshop, dots_per_person=None, max_dots_per_idea=1)
    ideas = [IdeaFactory(activity=vote, text=f"Idea {n}") for n in range(6)]
    domain.start_activity(vote, actor=alice)
    domain.place_dot(vote, ideas[0], june)
    ideas.append(domain.add_idea(vote, text="One more", entered_by=alice))
    domain.hide_idea(ideas[1], reason="Not about this question", actor=alice)
    domain.merge_ideas(ideas[2], ideas[3], actor=alice)
    assert participant_state(june, vote)["dots_left"] == 1

    # Editing the plan mid-vote with the box cleared, or a smaller number, is refused.
    url = staff_url("activity_edit", workshop, activity_pk=vote.pk)
    fields = {"title": vote.title, "planned_minutes": "10", "mode": "dots"}
    for given in ("", "1"):
        page = client_as(alice).post(url, {**fields, "dots_per_person": given}).content.decode()
        told = "The vote has started, so people keep their 2 dots. You can give more."
        assert told in page
    vote.refresh_from_db()
    assert vote.dots_per_person == 2
    # The domain keeps them too, whoever calls it; more is fine.
    domain.update_activity(vote, actor=alice, dots_per_person=None)
    assert Activity.objects.get(pk=vote.pk).dots_per_person == 2
    client_as(alice).post(url, {**fields, "dots_per_person": "3"})
    assert Activity.objects.get(pk=vote.pk).dots_per_person == 3
    domain.hide_idea(ideas[4], reason="Not about this question", actor=alice)
    vote.refresh_from_db()
    assert participant_state(june, vote)["dots_left"] == 2
