"""The console's buttons answered in place: htmx sends them, the view answers with only the live
part (and what the button did, out of band), so the console never loads a page."""

from __future__ import annotations

import re

import pytest

from coproduce.workshops import domain
from coproduce.workshops.models import Activity, Idea, Workshop
from tests.factories import ActivityFactory
from tests.markup import flat
from tests.workshops.test_views import staff_url

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_a_button_sent_by_htmx_gets_the_live_part_with_what_it_did(client_as, alice, workshop):
    staff = client_as(alice)
    staff.post(staff_url("workshop_control", workshop), {"action": "end"}, headers=HTMX)
    response = staff.post(
        staff_url("workshop_control", workshop), {"action": "reopen"}, headers=HTMX, follow=True
    )
    page = flat(response.content.decode())
    assert Workshop.objects.get(pk=workshop.pk).is_open
    assert "<html" not in page  # the part, not the page
    assert '<div id="console-messages" class="messages" role="status" hx-swap-oob="true">' in page
    assert "Undone. The workshop is open again." in page
    assert '<div id="live" data-live hx-boost="true"' in page


def test_a_redraw_after_a_change_in_the_room_gets_the_live_part_only(client_as, alice, workshop):
    page = (
        client_as(alice)
        .get(staff_url("workshop_console", workshop), headers={"X-Fragment": "live"})
        .content.decode()
    )
    assert flat(page).startswith('<div id="live" data-live')
    assert "console-messages" not in page  # a redraw never clears what a button said
    assert "data-balance" in page  # the balance is drawn again with the counts


def test_the_whole_console_without_javascript_is_a_page_of_plain_forms(client_as, alice, workshop):
    page = flat(client_as(alice).get(staff_url("workshop_console", workshop)).content.decode())
    assert "<html" in page
    assert 'type="module" src="/static/js/room/console.js"' in page
    assert '<div id="console-messages" role="status"></div>' in page
    assert 'method="post"' in page


def test_the_buttons_that_move_on_say_where_they_go(client_as, alice, workshop, dotmocracy):
    Activity.objects.filter(pk=dotmocracy.pk).update(order=3)
    ActivityFactory(workshop=workshop, order=0, title="Welcome")
    board = ActivityFactory(
        workshop=workshop, order=5, kind=Activity.Kind.STORYBOARD, title="Storyboarding"
    )
    staff = client_as(alice)

    def buttons() -> list[str]:
        page = staff.get(staff_url("workshop_console", workshop)).content.decode()
        return [
            " ".join(label.split())
            for label in re.findall(r'value="(?:back|next)"[^>]*>(.*?)</button>', page, re.S)
        ]

    assert buttons() == ["Start the first activity: Welcome"]  # no "Go back one" yet
    domain.start_activity(dotmocracy, actor=alice)
    assert buttons() == ["Go back one: Welcome", "Skip to next: Storyboarding"]
    domain.close_voting(workshop, actor=alice)
    assert buttons() == ["Go back one: Welcome", "Next: Storyboarding"]
    domain.start_activity(board, actor=alice)
    assert buttons() == ["Go back one: Which garden ideas matter most?"]  # the last one


def test_the_facilitator_adds_an_idea_from_the_console_in_place(
    client_as, alice, workshop, running
):
    staff = client_as(alice)
    control = staff_url("workshop_control", workshop)
    page = flat(staff.get(staff_url("workshop_console", workshop)).content.decode())
    assert '<label for="console-idea">Add an idea to vote on</label>' in page
    response = staff.post(
        control, {"action": "idea", "text": "  A   bench by the pond "}, headers=HTMX, follow=True
    )
    page = flat(response.content.decode())
    assert "<html" not in page
    assert "Added: “A bench by the pond”." in page
    idea = running.ideas.get(text="A bench by the pond")
    assert (idea.entered_by, idea.added_by, idea.from_facilitator) == (alice, None, True)
    response = staff.post(control, {"action": "idea", "text": " "}, headers=HTMX, follow=True)
    assert "Write your idea first." in response.content.decode()
    assert running.ideas.count() == 4

    staff.post(control, {"action": "finish"})
    page = flat(staff.get(staff_url("workshop_console", workshop)).content.decode())
    assert 'id="console-idea"' not in page  # the vote has closed


def test_the_facilitator_hides_an_idea_with_a_reason_in_place(
    client_as, alice, workshop, running, ideas
):
    staff = client_as(alice)
    control = staff_url("workshop_control", workshop)
    page = flat(staff.get(staff_url("workshop_console", workshop)).content.decode())
    assert f'<label for="reason-{ideas[0].pk}">Why hide it?</label>' in page
    assert "Dots already on it stay in the record but do not count" in page

    chosen = {"action": "hide_idea", "idea": ideas[0].pk, "reason": "repeat"}
    page = flat(staff.post(control, chosen, headers=HTMX, follow=True).content.decode())
    assert "<html" not in page
    assert "Hidden: It says the same as another idea" in page
    typed = {"action": "hide_idea", "idea": ideas[1].pk, "reason": "other", "other_reason": "Asked"}
    staff.post(control, typed, headers=HTMX)
    empty = {"action": "hide_idea", "idea": ideas[2].pk, "reason": "other", "other_reason": ""}
    page = staff.post(control, empty, headers=HTMX, follow=True).content.decode()
    assert "Say why you are hiding it." in page
    assert list(running.ideas.order_by("id").values_list("hidden", "hidden_reason")) == [
        (True, "It says the same as another idea"),
        (True, "Asked"),
        (False, ""),
    ]

    page = flat(
        staff.post(
            control, {"action": "show_idea", "idea": ideas[0].pk}, headers=HTMX, follow=True
        ).content.decode()
    )
    assert "Hidden: It says the same as another idea" not in page
    assert running.ideas.filter(hidden=True).count() == 1


def test_charlie_cannot_hide_another_organisations_idea(client_as, charlie, workshop, ideas):
    response = client_as(charlie).post(
        staff_url("workshop_control", workshop),
        {"action": "hide_idea", "idea": ideas[0].pk, "reason": "repeat"},
    )
    assert response.status_code == 404
    assert not Idea.objects.filter(hidden=True).exists()
