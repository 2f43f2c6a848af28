"""The pages for warm-ups, 1-2-4-All and storyboards, the record, its CSV and the gallery."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.domain import methods
from coproduce.workshops.models import (
    AccessNeed,
    Activity,
    Group,
    GroupMember,
    Idea,
    StoryStep,
    WarmUpAnswer,
)
from tests.factories import ActivityFactory, IdeaFactory, WorkshopFactory
from tests.workshops.test_views import join_as, staff_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(initiative):
    return WorkshopFactory(initiative=initiative, title="Garden ideas morning")


def act(client, workshop, **data):
    return client.post(reverse("workshop_act", kwargs={"code": workshop.join_code}), data)


def room(client, workshop) -> str:
    return client.get(
        reverse("workshop_room", kwargs={"code": workshop.join_code})
    ).content.decode()


def test_alice_adds_a_warm_up_from_the_library_and_it_is_filled_in(client_as, alice, workshop):
    client = client_as(alice)
    client.post(
        staff_url("activity_create", workshop) + "?kind=warm_up",
        {"warm_up": "one_word_check_in", "title": "", "planned_minutes": "5"},
    )
    activity = Activity.objects.get(workshop=workshop)
    assert (activity.title, activity.instruction) == (
        "One word check-in",
        "How are you today? Send one word. Or pass.",
    )
    domain.start_activity(activity, actor=alice)
    page = client.get(staff_url("workshop_console", workshop)).content.decode()
    assert "Read the words on the screen out loud" in page  # the facilitator's notes


def test_a_phone_sends_a_warm_up_word_without_javascript(client, alice, workshop):
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.WARM_UP, title="Check-in")
    domain.start_activity(activity, actor=alice)
    join_as(client, workshop)
    act(client, workshop, t="warm", text="hopeful")
    assert list(WarmUpAnswer.objects.values_list("text", flat=True)) == ["hopeful"]
    assert "You sent: hopeful" in room(client, workshop)


def test_facilitator_hides_a_warm_up_answer_from_the_console(client_as, alice, workshop):
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.WARM_UP, title="Check-in")
    domain.start_activity(activity, actor=alice)
    june, _token = domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    answer = methods.answer_warm_up(activity, june, text="rude")
    client_as(alice).post(
        staff_url("workshop_control", workshop), {"action": "hide", "answer": answer.pk}
    )
    assert WarmUpAnswer.objects.get().hidden is True


def test_one_two_four_on_a_phone_from_note_to_best_idea(client, alice, workshop):
    activity = ActivityFactory(
        workshop=workshop,
        kind=Activity.Kind.ONE_TWO_FOUR,
        title="Next steps",
        question="What should we do next?",
    )
    domain.start_activity(activity, actor=alice)
    join_as(client, workshop, display_name="June")
    for _n in range(3):
        domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    act(client, workshop, t="note", text="Ramp first", rev="0")
    page = room(client, workshop)
    assert "Only you can see this" in page
    assert "Ramp first" in page
    for _step in range(3):
        methods.next_phase(workshop, actor=alice)
    page = room(client, workshop)
    assert "Your group: Four 1" in page
    act(client, workshop, t="best", text="A ramp by the back door")
    assert Idea.objects.get(activity=activity).group.phase == "fours"


def test_storyboard_on_a_phone_add_edit_reorder_and_feel(client, alice, workshop):
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.STORYBOARD, title="Journey")
    join_as(client, workshop)
    domain.start_activity(activity, actor=alice)
    act(client, workshop, t="step_add")
    act(client, workshop, t="step_add")
    first, second = StoryStep.objects.order_by("position")
    act(client, workshop, t="step_edit", step=first.pk, field="happening", text="Phone", base="")
    act(client, workshop, t="step_feel", step=first.pk, feeling="2")
    act(client, workshop, t="step_move", step=second.pk, up="on")
    assert list(StoryStep.objects.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    first.refresh_from_db()
    assert (first.happening, first.feeling) == ("Phone", 2)
    page = room(client, workshop)
    assert "Move up" in page
    assert "How the person feels" in page


def step_form(shown: StoryStep, **changes: object) -> dict[str, object]:
    """What "Save this step" posts without JavaScript: every box with what it started from."""
    data: dict[str, object] = {"t": "step_save", "step": shown.pk}
    for name in StoryStep.TEXT_FIELDS:
        data[name] = data[f"{name}_base"] = getattr(shown, name)
    data["feeling_base"] = shown.feeling or ""
    if shown.feeling:
        data["feeling"] = shown.feeling
    return {**data, **changes}


def test_save_this_step_without_javascript_saves_every_box_and_says_saved(client, alice, workshop):
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.STORYBOARD, title="Journey")
    join_as(client, workshop)
    domain.start_activity(activity, actor=alice)
    act(client, workshop, t="step_add")
    step = StoryStep.objects.get()
    response = act(
        client,
        workshop,
        **step_form(step, happening="Phoning the GP", barriers="Long wait", feeling="2"),
    )
    url = reverse("workshop_room", kwargs={"code": workshop.join_code})
    assert response.url == f"{url}?saved={step.pk}#step-{step.pk}"
    step.refresh_from_db()
    assert (step.happening, step.who, step.barriers, step.feeling) == (
        "Phoning the GP",
        "",
        "Long wait",
        2,
    )
    client.get(url)  # the top "Saved." of adding the step is shown once, here
    page = client.get(response.url).content.decode()
    assert page.count("Save this step") == 1
    assert re.findall(r"data-saved>\s*([^<]*?)\s*<", page) == ["Saved."]
    assert 'class="message' not in page  # beside the step's button, not at the top as well
    assert re.findall(r"data-saved>\s*([^<]*?)\s*<", client.get(url).content.decode()) == [""]


def test_save_this_step_keeps_words_another_phone_saved_meanwhile(client, alice, workshop):
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.STORYBOARD, title="Journey")
    join_as(client, workshop, display_name="June")
    cal = Client()
    join_as(cal, workshop, display_name="Cal")
    domain.start_activity(activity, actor=alice)
    act(client, workshop, t="step_add")
    step = StoryStep.objects.get()  # both phones show this, all empty
    act(cal, workshop, **step_form(step, who="The driver", barriers="Steps", feeling="4"))
    act(client, workshop, **step_form(step, happening="Waiting", barriers="No shelter"))
    step.refresh_from_db()
    assert (step.happening, step.who, step.barriers, step.feeling) == (
        "Waiting",
        "The driver",
        "Steps\nNo shelter",
        4,  # June did not choose a feeling: Cal's stays
    )


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"happening": "x" * 1001}, "That did not work"),
        ({"feeling": "9"}, "That did not work"),
        ({"step": "999999"}, "That step is not on this storyboard."),
    ],
)
def test_save_this_step_refuses_bad_input_without_saving(client, alice, workshop, changes, error):
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.STORYBOARD, title="Journey")
    join_as(client, workshop)
    domain.start_activity(activity, actor=alice)
    act(client, workshop, t="step_add")
    step = StoryStep.objects.get()
    response = act(client, workshop, **step_form(step, who="Me", **changes))
    assert response.url == reverse("workshop_room", kwargs={"code": workshop.join_code})
    assert error in client.get(response.url).content.decode()
    step.refresh_from_db()
    assert (step.who, step.revision) == ("", 0)


def test_the_record_and_csv_have_no_names_or_access_needs(client_as, alice, workshop):
    activity = ActivityFactory(workshop=workshop, title="Vote")
    IdeaFactory(activity=activity, text="More benches")
    june, _token = domain.join_workshop(
        workshop,
        capacity=Capacity.LIVED_CARE,
        display_name="June Secretname",
        needs=[AccessNeed.Need.LARGER_TEXT],
        consent=True,
    )
    domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    board_activity = ActivityFactory(
        workshop=workshop, kind=Activity.Kind.STORYBOARD, title="Journey"
    )
    domain.start_activity(board_activity, actor=alice)
    board = Group.objects.get(activity=board_activity)
    methods.add_step(board, participant=june, happening="=HYPERLINK(bad)", feeling=4)

    client = client_as(alice)
    page = client.get(staff_url("workshop_record", workshop)).content.decode()
    assert "More benches" in page
    assert "Secretname" not in page
    assert "Larger text" not in page

    response = client.get(staff_url("workshop_record_csv", workshop))
    text = response.content.decode("utf-8-sig")
    assert "Secretname" not in text
    assert "Larger text" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert ["attendance", "", str(Capacity.LIVED_CARE.label), "came", "1"] in rows
    assert ["attendance", "", str(Capacity.LEARNT.label), "came", "1"] in rows
    # A cell that a spreadsheet would run as a formula is made plain text.
    assert [
        "storyboard",
        "Journey",
        "Group 1's journey",
        "1. What is happening",
        "'=HYPERLINK(bad)",
    ] in rows
    gallery = client.get(staff_url("workshop_gallery", workshop)).content.decode()
    assert "=HYPERLINK(bad)" in gallery
    assert "Good (4 of 5)" in gallery


def test_console_swaps_two_people_in_pairs(client_as, alice, workshop):
    activity = ActivityFactory(
        workshop=workshop, kind=Activity.Kind.ONE_TWO_FOUR, question="What next?"
    )
    people = [domain.join_workshop(workshop, capacity=Capacity.LEARNT)[0] for _ in range(4)]
    domain.start_activity(activity, actor=alice)
    methods.next_phase(workshop, actor=alice)
    first = GroupMember.objects.get(participant=people[0]).group
    other = next(p for p in people if GroupMember.objects.get(participant=p).group != first)
    client = client_as(alice)
    assert "Swap them" in client.get(staff_url("workshop_console", workshop)).content.decode()
    client.post(
        staff_url("workshop_control", workshop),
        {"action": "swap", "first": people[0].pk, "second": other.pk},
    )
    assert GroupMember.objects.get(participant=other, phase="pairs").group == first


def test_dotmocracy_takes_in_ideas_from_earlier_activities(client_as, alice, workshop):
    earlier = ActivityFactory(workshop=workshop, order=0, title="Earlier vote")
    IdeaFactory(activity=earlier, text="Shade")
    later = ActivityFactory(workshop=workshop, order=1, title="Later vote")
    client_as(alice).post(staff_url("activity_take_in_ideas", workshop, activity_pk=later.pk))
    assert list(Idea.objects.filter(activity=later).values_list("text", flat=True)) == ["Shade"]


def test_charlie_cannot_see_the_record(client_as, charlie, workshop):
    assert client_as(charlie).get(staff_url("workshop_record", workshop)).status_code == 404


def test_anonymous_client_gets_redirected_from_the_gallery(workshop):
    assert Client().get(staff_url("workshop_gallery", workshop)).status_code == 302


def test_a_four_s_best_idea_is_entered_for_someone_on_paper(client_as, alice, workshop):
    activity = ActivityFactory(
        workshop=workshop, kind=Activity.Kind.ONE_TWO_FOUR, question="What next?"
    )
    client = client_as(alice)
    client.post(
        staff_url("workshop_paper_add", workshop), {"display_name": "Ron", "capacity": "lived_care"}
    )
    ron = workshop.participants.get(display_name="Ron")
    for _ in range(3):
        domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    domain.start_activity(activity, actor=alice)
    best = {"participant": ron.pk, "action": "best", "text": "  A  bench by the gate "}
    early = client.post(staff_url("workshop_proxy", workshop), best)
    assert "They are not in a four yet." in early.content.decode()
    methods.next_phase(workshop, actor=alice)  # pairs
    methods.next_phase(workshop, actor=alice)  # fours
    empty = client.post(staff_url("workshop_proxy", workshop), {**best, "text": " "})
    assert "Write what they said." in empty.content.decode()

    assert client.post(staff_url("workshop_proxy", workshop), best).status_code == 302
    idea = Idea.objects.get(activity=activity)
    four = GroupMember.objects.get(participant=ron, phase=Group.Phase.FOURS).group
    assert (idea.text, idea.group, idea.by_proxy, idea.entered_by) == (
        "A bench by the gate",
        four,
        True,
        alice,
    )
    record = client.get(staff_url("workshop_record", workshop)).content.decode()
    assert "Best idea of a four" in record
    assert "Ron</strong>: A bench by the gate" in record
    assert "Entered for them by Alice Okafor" in record


def test_a_paper_storyboard_step_is_entered_from_the_proxy_page(client_as, alice, workshop):
    activity = ActivityFactory(workshop=workshop, kind=Activity.Kind.STORYBOARD, title="Journey")
    client = client_as(alice)
    client.post(
        staff_url("workshop_paper_add", workshop), {"display_name": "Ron", "capacity": "lived_care"}
    )
    ron = workshop.participants.get(display_name="Ron")
    domain.start_activity(activity, actor=alice)
    board = Group.objects.get(activity=activity, phase=Group.Phase.BOARD)
    step = {
        "participant": ron.pk,
        "action": "step",
        "board": board.pk,
        "happening": "Waiting for the bus",
        "barriers": "A long wait",
        "feeling": "2",
    }
    assert client.post(staff_url("workshop_proxy", workshop), step).status_code == 302
    saved = StoryStep.objects.get(group=board)
    assert (saved.happening, saved.who, saved.barriers, saved.feeling, saved.by_proxy) == (
        "Waiting for the bus",
        "",
        "A long wait",
        2,
        True,
    )
    assert list(
        AuditEntry.objects.filter(action="workshops.step.added_by_proxy").values_list(
            "actor", "data"
        )
    ) == [(alice.pk, {"step": saved.pk})]


def test_the_record_sends_a_vote_s_top_ideas_on_to_you_said_we_did(client_as, alice, workshop):
    from coproduce.outcomes.models import Contribution

    activity = ActivityFactory(
        workshop=workshop, title="Vote", hide_tallies=False, dots_per_person=2, max_dots_per_idea=1
    )
    ideas = [IdeaFactory(activity=activity, text=text) for text in ("Shade", "Ramp", "Pond")]
    people = [domain.join_workshop(workshop, capacity=Capacity.LEARNT)[0] for _ in range(2)]
    domain.start_activity(activity, actor=alice)
    for person in people:
        domain.place_dot(activity, ideas[1], person)
    domain.place_dot(activity, ideas[0], people[0])
    client = client_as(alice)
    record = client.get(staff_url("workshop_record", workshop)).content.decode()
    assert "Send the top ideas from “Vote” on" in record

    form = {"action": "workshop", "activity": activity.pk, "which": "top", "top": "3"}
    url = reverse("outcomes_import", kwargs={"org": "riverside", "pk": workshop.initiative_id})
    assert f'action="{url}"' in record
    for _ in range(2):  # sending twice adds nothing new
        response = client.post(url, form)
        assert response.status_code == 302
    sent = Contribution.objects.filter(workshop_activity=activity).order_by("text")
    assert list(sent.values_list("text", flat=True)) == ["Ramp", "Shade"]  # Pond had no dots
