"""A record that keeps every word: a whole workshop run through the domain, then the record
page and the CSV of every contribution hold each contribution once (counted exactly)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.domain import Refused, methods
from coproduce.workshops.models import (
    Activity,
    Group,
    GroupMember,
    Idea,
    Note,
    NoteRevision,
    WarmUpAnswer,
)
from coproduce.workshops.record import Kind, contributions_for
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory
from tests.workshops.test_views import staff_url

pytestmark = pytest.mark.django_db

ANON = "Someone who stays anonymous"
PRIVATE = "Not shown: votes and passes are private"


def _member_with(activity: Activity, phase: str, person, others):
    """Someone from `others` in the same group as `person` in this phase."""
    group = GroupMember.objects.get(activity=activity, phase=phase, participant=person).group
    members = set(GroupMember.objects.filter(group=group).values_list("participant_id", flat=True))
    return group, next(p for p in others if p.pk in members and p.pk != person.pk)


@pytest.fixture
def whole_workshop(initiative, alice):
    """Warm-up, 1-2-4-All, storyboard, a Dotmocracy with dots and a rating vote: every kind
    of contribution, by phone, by proxy and by the facilitator. Returns what to expect."""
    workshop = WorkshopFactory(initiative=initiative, title="Garden ideas morning")
    warm_up = ActivityFactory(
        workshop=workshop, kind=Activity.Kind.WARM_UP, title="Weather", warm_up="emoji_weather"
    )
    one_two_four = ActivityFactory(
        workshop=workshop,
        kind=Activity.Kind.ONE_TWO_FOUR,
        title="What next?",
        question="What should the garden have?",
    )
    board = ActivityFactory(workshop=workshop, kind=Activity.Kind.STORYBOARD, title="Journey")
    vote = ActivityFactory(workshop=workshop, title="Vote", dots_per_person=3)
    rating = ActivityFactory(workshop=workshop, title="Rate", mode=Activity.Mode.RATING)
    rated = [IdeaFactory(activity=rating, text=t) for t in ("Open at weekends", "Paint it")]

    def join(capacity, name=""):
        return domain.join_workshop(workshop, capacity=capacity, display_name=name)[0]

    june = join(Capacity.LIVED_CARE, "June")
    tom = join(Capacity.LEARNT)
    ann = join(Capacity.LIVED_CARE, "Ann")
    bea = join(Capacity.LEARNT)
    ron = domain.add_paper_participant(
        workshop, capacity=Capacity.LIVED_CARE, display_name="Ron", actor=alice
    )
    phones = [june, tom, ann, bea]

    # Warm-up: four answers (one by proxy, one changed, one hidden) and a pass.
    domain.start_activity(warm_up, actor=alice)
    methods.answer_warm_up(warm_up, june, text="Sunny")
    methods.answer_warm_up(warm_up, tom, text="Cloudy")
    methods.answer_warm_up(warm_up, ron, text="Tea", entered_by=alice)
    methods.answer_warm_up(warm_up, bea, text="Tired")
    methods.answer_warm_up(warm_up, bea, text="Ready")
    methods.hide_warm_up_answer(WarmUpAnswer.objects.get(participant=tom), actor=alice)
    domain.pass_activity(warm_up, ann)

    # 1-2-4-All: June's own note in two saves, shared; Tom's kept private.
    domain.start_activity(one_two_four, actor=alice)
    methods.write_note(one_two_four, june, text="Shade")
    methods.write_note(one_two_four, june, text="Shade and seats", revision=1)
    methods.share_note(one_two_four, june)
    methods.write_note(one_two_four, tom, text="Secret own thought")
    methods.next_phase(workshop, actor=alice)  # pairs
    methods.write_note(one_two_four, june, text="Benches")
    methods.write_note(one_two_four, june, text="Benches in the shade", revision=1)
    methods.write_note(one_two_four, tom, text="A tap")
    methods.write_note(one_two_four, ron, text="A tea urn", entered_by=alice)
    methods.next_phase(workshop, actor=alice)  # fours
    four, other = _member_with(one_two_four, Group.Phase.FOURS, june, phones)
    methods.write_note(one_two_four, june, text="Shade first")
    methods.write_note(one_two_four, other, text="Water too")
    first = methods.offer_best_idea(four, text="Trees for shade", participant=june)
    best = methods.offer_best_idea(four, text="Trees and a tap", participant=other)
    domain.pass_activity(one_two_four, bea)

    # Storyboard: one step from a phone, one entered from paper.
    domain.start_activity(board, actor=alice)
    group = GroupMember.objects.get(activity=board, participant=june).group
    methods.add_step(
        group,
        participant=june,
        happening="Phone the council",
        opportunities="Friendly staff",
        barriers="Long wait",
        feeling=2,
    )
    methods.add_step(group, entered_by=alice, happening="A letter comes", barriers="Hard words")

    # Dotmocracy: ideas taken in, from the facilitator, from a phone and by proxy; dots.
    assert methods.take_in_ideas(vote, actor=alice) == 1  # only the four's idea now
    assert methods.take_in_board_ideas(vote, actor=alice) == 3
    assert methods.take_in_board_ideas(vote, actor=alice) == 0  # not twice
    domain.add_idea(vote, text="Free parking", entered_by=alice)
    domain.add_idea(vote, text="Bigger signs", participant=june)
    domain.add_idea(vote, text="Tea urn", participant=ron, entered_by=alice)
    domain.start_activity(vote, actor=alice)
    with pytest.raises(Refused):
        methods.take_in_board_ideas(vote, actor=alice)  # voting has started
    ideas = list(Idea.objects.filter(activity=vote).order_by("pk"))
    for idea in ideas[:3]:
        domain.place_dot(vote, idea, june)
    domain.place_dot(vote, ideas[0], tom)
    domain.place_dot(vote, ideas[1], tom)
    domain.place_dot(vote, ideas[2], ron, entered_by=alice)
    domain.pass_activity(vote, bea)
    domain.pass_activity(vote, ann)

    # Rating: June rates both, Ron one by proxy, Tom passes.
    domain.start_activity(rating, actor=alice)
    domain.rate_idea(rating, rated[0], june, value="agree")
    domain.rate_idea(rating, rated[1], june, value="confused")
    domain.rate_idea(rating, rated[0], ron, value="strongly_agree", entered_by=alice)
    domain.pass_activity(rating, tom)
    return {
        "workshop": workshop,
        "first": first,
        "best": best,
        "other": other,
        "expected": Counter(
            {
                Kind.WARM_UP: 4,
                Kind.OWN_NOTE: 1,
                Kind.PAIR_NOTE: 4,
                Kind.FOUR_NOTE: 2,
                Kind.BEST_IDEA: 2,
                Kind.STEP: 2,
                Kind.IDEA: 7 + 2,
                Kind.DOT: 6,
                Kind.RATING: 3,
                Kind.PASS: 5,
            }
        ),
    }


def test_every_contribution_of_a_whole_workshop_is_kept_once(whole_workshop):
    said = contributions_for(whole_workshop["workshop"])
    assert Counter(item.kind for item in said) == whole_workshop["expected"]
    assert len(said) == 38
    # In agenda order, and within the 1-2-4-All: everyone, pairs, fours, then passes.
    titles = [item.activity.title for item in said]
    assert titles == sorted(titles, key=["Weather", "What next?", "Journey", "Vote", "Rate"].index)
    kinds = [item.kind for item in said if item.activity.title == "What next?"]
    assert (kinds[0], kinds[-1]) == (Kind.OWN_NOTE, Kind.PASS)
    # Each revision of a note is kept, and only shared own notes show.
    assert NoteRevision.objects.count() == 2 + 1 + 4 + 2
    pair_notes = [(s.who, s.text, s.revision) for s in said if s.kind == Kind.PAIR_NOTE]
    assert ("June", "Benches", 1) in pair_notes
    assert ("June", "Benches in the shade", 2) in pair_notes
    assert ("Ron", "A tea urn", 1) in pair_notes
    assert all("Secret own thought" not in s.text for s in said)
    own = next(s for s in said if s.kind == Kind.OWN_NOTE)
    assert (own.who, own.text) == ("June", "Shade and seats")


def test_a_replaced_best_idea_is_kept_with_who_offered_each(whole_workshop):
    said = contributions_for(whole_workshop["workshop"])
    first, best = [s for s in said if s.kind == Kind.BEST_IDEA]
    other = whole_workshop["other"].display_name or ANON
    assert (first.who, first.text, first.replaced_by) == ("June", "Trees for shade", best.text)
    assert (best.who, best.text, best.replaced) == (other, "Trees and a tap", "Trees for shade")
    assert "Replaced by a later idea" in first.notes
    assert "The four's idea now" in best.notes


def test_the_record_marks_proxy_facilitator_and_anonymous_contributions(whole_workshop):
    said = contributions_for(whole_workshop["workshop"])
    by_text = {s.text: s for s in said if s.kind in (Kind.IDEA, Kind.WARM_UP)}
    assert by_text["Free parking"].entered_by == "Added by the facilitator (Alice Okafor)"
    assert by_text["Free parking"].who == "The facilitator"
    assert (by_text["Tea urn"].who, by_text["Tea urn"].entered_by) == (
        "Ron",
        "Entered for them by Alice Okafor",
    )
    assert by_text["Bigger signs"].entered_by == ""
    assert by_text["Long wait"].notes == (
        "Taken in from a storyboard: Barriers (Storyboard group 1)",
    )
    assert by_text["Trees and a tap"].notes == ("Taken in from “What next?”",)
    assert by_text["Cloudy"].who == ANON
    assert by_text["Cloudy"].notes == ("Hidden from the room screen",)
    assert by_text["Tea"].entered_by == "Entered for them by Alice Okafor"
    votes = [s for s in said if s.kind in (Kind.DOT, Kind.RATING, Kind.PASS)]
    assert {s.who for s in votes} == {PRIVATE}
    assert sum(s.entered_by != "" for s in votes) == 2  # Ron's dot and rating


def test_the_record_page_and_csv_hold_every_contribution(client_as, alice, whole_workshop):
    workshop = whole_workshop["workshop"]
    client = client_as(alice)
    page = client.get(staff_url("workshop_record", workshop)).content.decode()
    assert "38 contributions" in page
    assert page.count("<time datetime=") == 38
    assert page.count("Send to “You said, we did”") == 38 - 6 - 3 - 5  # all but votes, passes
    assert "This replaced: “Trees for shade”" in page
    assert "Replaced by: “Trees and a tap”" in page
    assert "Added by the facilitator (Alice Okafor)" in page
    assert "Secret own thought" not in page
    assert "entered for someone" not in page

    response = client.get(staff_url("workshop_contributions_csv", workshop))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 38
    labels = {str(kind.label): n for kind, n in whole_workshop["expected"].items()}
    assert Counter(row["kind"] for row in rows) == Counter(labels)
    revisions = [
        (row["who"], row["text"], row["revision"]) for row in rows if row["kind"] == "Pair note"
    ]
    assert ("June", "Benches in the shade", "2") in revisions
    best = [row for row in rows if row["kind"] == "Best idea of a four"]
    assert [(r["text"], r["what it replaced"], r["replaced by"]) for r in best] == [
        ("Trees for shade", "", "Trees and a tap"),
        ("Trees and a tap", "Trees for shade", ""),
    ]
    assert {row["who"] for row in rows if row["kind"] in ("Dot", "Rating", "Pass")} == {PRIVATE}


def test_names_show_only_for_people_who_gave_one(client_as, alice, whole_workshop):
    workshop = whole_workshop["workshop"]
    text = client_as(alice).get(staff_url("workshop_contributions_csv", workshop)).content
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    cloudy = next(row for row in rows if row["text"] == "Cloudy")
    assert cloudy["who"] == ANON
    named = {p.display_name for p in workshop.participants.all()} - {""}
    assert {row["who"] for row in rows} <= named | {
        ANON,
        PRIVATE,
        "The facilitator",
        "The group",
        "",
    }


def test_the_record_sends_a_contribution_to_you_said_we_did_pre_filled(
    client_as, alice, whole_workshop
):
    workshop = whole_workshop["workshop"]
    client = client_as(alice)
    page = client.get(staff_url("workshop_record", workshop)).content.decode()
    one_two_four = workshop.activities.get(title="What next?")
    link = (
        f"/o/{workshop.organisation.slug}/initiatives/{workshop.initiative_id}/you-said-we-did/"
        f"new/?source=workshop_idea&amp;text=Trees%20and%20a%20tap&amp;said_on="
    )
    assert link in page
    start = page.index(link)
    href = page[start : page.index('"', start)].replace("&amp;", "&")
    assert href.endswith(f"&activity={one_two_four.pk}")
    form = client.get(href).content.decode()
    assert "Trees and a tap</textarea>" in form
    assert 'value="workshop_idea" selected' in form
    assert f'name="workshop_activity" value="{one_two_four.pk}"' in form


def test_board_ideas_come_in_from_the_record_page(client_as, alice, initiative):
    workshop = WorkshopFactory(initiative=initiative)
    board = ActivityFactory(workshop=workshop, kind=Activity.Kind.STORYBOARD, title="Journey")
    vote = ActivityFactory(workshop=workshop, title="Vote")
    domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    domain.start_activity(board, actor=alice)
    group = Group.objects.get(activity=board)
    methods.add_step(group, entered_by=alice, opportunities="x" * 400, barriers="  ")
    client = client_as(alice)
    page = client.get(staff_url("workshop_record", workshop)).content.decode()
    url = staff_url("activity_take_in_board_ideas", workshop, activity_pk=vote.pk)
    assert f'action="{url}"' in page
    response = client.post(url, follow=True)
    assert "1 opportunity or barrier taken in as an idea for “Vote”." in response.content.decode()
    idea = Idea.objects.get(activity=vote)
    assert (len(idea.text), idea.text[-1], idea.source_box) == (280, "…", "opportunities")
    # A storyboard cannot be the place ideas go.
    refused = client.post(
        staff_url("activity_take_in_board_ideas", workshop, activity_pk=board.pk), follow=True
    )
    assert "Only a Dotmocracy takes in ideas." in refused.content.decode()


def test_a_note_saved_with_the_same_words_adds_no_revision(initiative, alice):
    workshop = WorkshopFactory(initiative=initiative)
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.ONE_TWO_FOUR)
    june = domain.join_workshop(workshop, capacity=Capacity.LEARNT)[0]
    domain.start_activity(activity, actor=alice)
    methods.write_note(activity, june, text="Shade")
    methods.write_note(activity, june, text=" Shade ", revision=1)
    note = Note.objects.get()
    assert (note.revision, list(note.revisions.values_list("revision", "text"))) == (
        2,
        [(1, "Shade")],
    )
