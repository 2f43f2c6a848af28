"""Ready-made plans, and copying a workshop: the plan and agenda, never the people."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.initiatives.models import Capacity
from coproduce.pictures.builtin import builtin_pictures
from coproduce.pictures.models import PointPicture
from coproduce.workshops import domain
from coproduce.workshops.domain import methods
from coproduce.workshops.guide import CARDS
from coproduce.workshops.models import (
    AccessNeed,
    Activity,
    Dot,
    Idea,
    Note,
    Participant,
    WarmUpAnswer,
    Workshop,
)
from coproduce.workshops.plans import PLANS, plan_for
from coproduce.workshops.warmups import LIBRARY
from tests.factories import ActivityFactory, IdeaFactory, InitiativeFactory, WorkshopFactory
from tests.workshops.test_views import staff_url

pytestmark = pytest.mark.django_db

NEW = {
    "title": "Garden ideas morning",
    "starts_at": "2026-11-04T10:00",
    "length_minutes": "120",
    "place": "in_person",
    "venue": "Willow Court lounge",
    "online_link": "",
    "lived_target_percent": "50",
}


def test_every_method_has_a_card():
    assert sorted(card.kind for card in CARDS) == sorted(Activity.Kind.values)
    for card in CARDS:
        assert all((card.what_for, card.when, card.how, card.access)), card.kind


def test_the_first_workshop_plan_uses_the_seeds_methods_in_order():
    kinds = [activity["kind"] for activity in plan_for("first_workshop").activities]
    assert kinds == [
        "plain",
        "warm_up",
        "one_two_four",
        "plain",
        "storyboard",
        "dotmocracy",
        "plain",
    ]
    assert plan_for("first_workshop").minutes == 10 + 5 + 12 + 15 + 40 + 15 + 10


def test_alice_starts_from_the_first_workshop_plan(client_as, alice, initiative):
    client = client_as(alice)
    response = client.post(
        reverse("workshop_create", kwargs={"org": "riverside", "pk": initiative.pk}),
        {**NEW, "plan": "first_workshop"},
    )
    workshop = Workshop.objects.get()
    assert response.url == staff_url("workshop_detail", workshop)
    agenda = list(workshop.activities.order_by("order"))
    assert [(a.order, a.kind, a.planned_minutes) for a in agenda] == [
        (0, "plain", 10),
        (1, "warm_up", 5),
        (2, "one_two_four", 12),
        (3, "plain", 15),
        (4, "storyboard", 40),
        (5, "dotmocracy", 15),
        (6, "plain", 10),
    ]
    assert (agenda[1].title, agenda[1].warm_up) == ("One word check-in", "one_word_check_in")
    assert agenda[2].question == "What would make the biggest difference to you?"
    assert all(activity.easy_read_instruction for activity in agenda)
    assert (workshop.stage, workshop.purpose[:25]) == ("co_creating", "To hear from people with ")
    entry = AuditEntry.objects.get(action="workshops.workshop.created")
    assert entry.data["plan"] == "first_workshop"
    page = client.get(staff_url("workshop_detail", workshop)).content.decode()
    assert "107 minutes planned for a 120-minute workshop." in page


def test_every_plan_makes_a_workshop_that_fits_its_checklist_items(alice, initiative):
    for plan in PLANS:
        workshop = domain.create_workshop(
            initiative,
            actor=alice,
            plan=plan.key,
            title=str(plan.title),
            starts_at=datetime.datetime(2026, 11, 4, 10, 0, tzinfo=datetime.UTC),
        )
        kinds = set(workshop.activities.values_list("kind", flat=True))
        assert "warm_up" in kinds, plan.key
        assert workshop.activities.count() == len(plan.activities)
        assert sum(workshop.activities.values_list("planned_minutes", flat=True)) == plan.minutes


def test_ready_made_activities_come_with_their_own_pictures(client_as, alice, initiative):
    workshop = domain.create_workshop(
        initiative,
        actor=alice,
        plan="first_workshop",
        title="First",
        starts_at=datetime.datetime(2026, 11, 4, 10, 0, tzinfo=datetime.UTC),
    )
    agenda = list(workshop.activities.order_by("order"))
    chosen = dict(PointPicture.objects.filter(index=0).values_list("owner", "picture"))
    assert [chosen.get(f"workshops.activity:{a.pk}") for a in agenda] == [
        "openmoji:waving-hand",
        "openmoji:smile",  # the warm-up's own picture
        "openmoji:idea",
        "openmoji:cafe",
        "openmoji:book",
        "openmoji:sticky-dot",
        "openmoji:arrow-right",
    ]
    for plan in PLANS:
        for planned in plan.activities:
            picture = planned.get("easy_read_picture") or ""
            assert (picture in builtin_pictures()) == bool(planned.get("easy_read_instruction"))
    assert {w.picture for w in LIBRARY} <= set(builtin_pictures())
    # staff change one like any other, and a copy keeps what they chose
    slug = workshop.organisation.slug
    picker = f"/o/{slug}/pictures/points/workshops.activity/{agenda[0].pk}/"
    client_as(alice).post(f"{picker}?point=0", {"picture": "openmoji:people"})
    copy = domain.copy_workshop(
        workshop,
        title="Second",
        starts_at=datetime.datetime(2026, 12, 4, 10, 0, tzinfo=datetime.UTC),
        actor=alice,
    )
    copied = list(copy.activities.order_by("order"))
    chosen = dict(PointPicture.objects.filter(index=0).values_list("owner", "picture"))
    assert chosen[f"workshops.activity:{copied[0].pk}"] == "openmoji:people"
    assert chosen[f"workshops.activity:{copied[1].pk}"] == "openmoji:smile"


def test_a_warm_up_added_by_hand_comes_with_its_picture(alice, workshop):
    warm = domain.add_activity(
        workshop,
        actor=alice,
        kind="warm_up",
        warm_up="emoji_weather",
        title="Weather",
        easy_read_instruction=str(LIBRARY[1].easy_read),
    )
    own = domain.add_activity(
        workshop,
        actor=alice,
        kind="warm_up",
        warm_up="emoji_weather",
        title="Weather",
        easy_read_instruction="Pick a weather.",
    )
    assert LIBRARY[1].key == "emoji_weather"
    chosen = dict(PointPicture.objects.values_list("owner", "picture"))
    assert chosen == {f"workshops.activity:{warm.pk}": "openmoji:sun"}
    assert f"workshops.activity:{own.pk}" not in chosen


def test_a_plan_that_does_not_exist_is_refused(client_as, alice, initiative):
    response = client_as(alice).post(
        reverse("workshop_create", kwargs={"org": "riverside", "pk": initiative.pk}),
        {**NEW, "plan": "nonsense"},
    )
    assert "There is a problem" in response.content.decode()
    assert Workshop.objects.count() == 0


@pytest.fixture
def used_workshop(initiative, alice):
    """A workshop that has happened: people joined, said things and voted."""
    workshop = WorkshopFactory(
        initiative=initiative,
        purpose="To choose what to change first.",
        stage="co_creating",
        length_minutes=90,
        place=Workshop.Place.HYBRID,
        online_link="https://meet.example.org/garden",
    )
    warm = ActivityFactory(workshop=workshop, kind="warm_up", title="Check-in", order=0)
    talk = ActivityFactory(
        workshop=workshop, kind="one_two_four", title="Ideas", question="What next?", order=1
    )
    vote = ActivityFactory(workshop=workshop, kind="dotmocracy", title="Vote", order=2)
    idea = IdeaFactory(activity=vote, text="A ramp by the back door")
    june, _token = domain.join_workshop(
        workshop,
        capacity=Capacity.LIVED_CARE,
        display_name="June",
        needs=["more_time"],
        consent=True,
    )
    domain.start_activity(warm, actor=alice)
    methods.answer_warm_up(warm, june, text="hopeful")
    domain.start_activity(talk, actor=alice)
    methods.write_note(talk, june, text="More shade")
    domain.start_activity(vote, actor=alice)
    domain.place_dot(vote, idea, june)
    domain.end_workshop(workshop, actor=alice)
    return workshop


def test_copying_keeps_the_plan_and_agenda_but_no_people_or_words(client_as, alice, used_workshop):
    client = client_as(alice)
    url = staff_url("workshop_copy", used_workshop)
    page = client.get(url).content.decode()
    assert f'value="{used_workshop.title} (copy)"' in page
    response = client.post(
        url, {"title": "Garden ideas, part two", "starts_at": "2026-12-02T10:00"}
    )
    copy = Workshop.objects.exclude(pk=used_workshop.pk).get()
    assert response.url == staff_url("workshop_detail", copy)
    assert (copy.title, copy.state, copy.initiative_id) == (
        "Garden ideas, part two",
        Workshop.State.PLANNED,
        used_workshop.initiative_id,
    )
    assert (copy.purpose, copy.stage, copy.length_minutes, copy.place, copy.online_link) == (
        "To choose what to change first.",
        "co_creating",
        90,
        "hybrid",
        "https://meet.example.org/garden",
    )
    assert copy.join_code != used_workshop.join_code
    assert list(copy.activities.order_by("order").values_list("kind", "title", "state")) == [
        ("warm_up", "Check-in", "pending"),
        ("one_two_four", "Ideas", "pending"),
        ("dotmocracy", "Vote", "pending"),
    ]
    assert copy.activities.get(kind="one_two_four").question == "What next?"
    assert copy.current_activity_id is None
    copied = copy.activities.all()
    assert Participant.objects.filter(workshop=copy).count() == 0
    assert AccessNeed.objects.filter(participant__workshop=copy).count() == 0
    assert Idea.objects.filter(activity__in=copied).count() == 0
    assert Dot.objects.filter(activity__in=copied).count() == 0
    assert Note.objects.filter(activity__in=copied).count() == 0
    assert WarmUpAnswer.objects.filter(activity__in=copied).count() == 0
    # The original keeps everything.
    assert Participant.objects.filter(workshop=used_workshop).count() == 1
    assert Dot.objects.filter(activity__workshop=used_workshop).count() == 1
    assert AuditEntry.objects.filter(action="workshops.workshop.copied").count() == 1


def test_a_bad_copy_keeps_what_was_typed(client_as, alice, used_workshop):
    response = client_as(alice).post(
        staff_url("workshop_copy", used_workshop),
        {"title": "Part two", "starts_at": "2026-02-30T10:00"},
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'value="Part two"' in html
    assert Workshop.objects.count() == 1


def test_another_organisation_cannot_copy_a_workshop(client_as, charlie, used_workshop):
    response = client_as(charlie).post(
        staff_url("workshop_copy", used_workshop),
        {"title": "Stolen", "starts_at": "2026-12-02T10:00"},
    )
    assert response.status_code == 404
    assert Workshop.objects.count() == 1


def test_a_copy_under_another_initiatives_address_is_not_found(
    client_as, alice, used_workshop, org
):
    elsewhere = InitiativeFactory(organisation=org)
    url = reverse(
        "workshop_copy",
        kwargs={"org": "riverside", "pk": elsewhere.pk, "workshop_pk": used_workshop.pk},
    )
    assert client_as(alice).get(url).status_code == 404
