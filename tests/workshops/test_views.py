from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.core.limits import ANONYMOUS_WRITES, WRONG_CODES
from coproduce.core.models import AuditEntry
from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.models import AccessNeed, Activity, Dot, Participant, Workshop
from coproduce.workshops.rules import cookie_name
from tests.markup import flat

pytestmark = pytest.mark.django_db


def staff_url(name, workshop, **extra):
    return reverse(
        name,
        kwargs={
            "org": workshop.organisation.slug,
            "pk": workshop.initiative_id,
            "workshop_pk": workshop.pk,
            **extra,
        },
    )


def join_as(client, workshop, **data):
    response = client.post(
        reverse("workshop_join", kwargs={"code": workshop.join_code}),
        {"capacity": Capacity.LIVED_CARE, **data},
    )
    assert response.status_code == 302, response.content.decode()
    return response


# Planning


def test_alice_plans_a_workshop_and_builds_the_agenda(client_as, alice, initiative):
    client = client_as(alice)
    response = client.post(
        reverse("workshop_create", kwargs={"org": "riverside", "pk": initiative.pk}),
        {
            "title": "Garden ideas morning",
            "starts_at": "2026-11-04T10:00",
            "place": "hybrid",
            "venue": "Willow Court lounge",
            "online_link": "",
            "lived_target_percent": "50",
            "length_minutes": "90",
        },
    )
    workshop = Workshop.objects.get()
    assert response.url == staff_url("workshop_detail", workshop)
    for title in ("Welcome", "Dotmocracy"):
        kind = "dotmocracy" if title == "Dotmocracy" else "plain"
        client.post(
            staff_url("activity_create", workshop) + f"?kind={kind}",
            {
                "title": title,
                "planned_minutes": "10",
                "mode": "dots",
                "max_dots_per_idea": "1",
                "hide_tallies": "on",
            },
        )
    _welcome, dots = workshop.activities.order_by("order")
    client.post(staff_url("activity_move", workshop, activity_pk=dots.pk), {"direction": "up"})
    assert list(workshop.activities.order_by("order").values_list("title", flat=True)) == [
        "Dotmocracy",
        "Welcome",
    ]
    client.post(
        staff_url("idea_create", workshop, activity_pk=dots.pk), {"text": "A ramp by the door"}
    )
    assert list(dots.ideas.values_list("text", "by_proxy")) == [("A ramp by the door", True)]
    page = client.get(staff_url("workshop_detail", workshop)).content.decode()
    assert workshop.display_code in page
    assert "Move down" in page


def test_bad_workshop_form_shows_the_error_summary(client_as, alice, initiative):
    response = client_as(alice).post(
        reverse("workshop_create", kwargs={"org": "riverside", "pk": initiative.pk}), {}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


# Running it


def test_console_buttons_work_as_plain_forms(client_as, alice, workshop, dotmocracy):
    client = client_as(alice)
    control = staff_url("workshop_control", workshop)
    client.post(control, {"action": "next"})
    dotmocracy.refresh_from_db()
    assert dotmocracy.state == Activity.State.RUNNING
    client.post(control, {"action": "pause"})
    client.post(control, {"action": "extend", "minutes": "5"})
    dotmocracy.refresh_from_db()
    assert dotmocracy.state == Activity.State.PAUSED
    assert dotmocracy.remaining_seconds in (899, 900)
    response = client.post(control, {"action": "next"}, follow=True)
    assert "This is the last activity." in response.content.decode()
    client.post(control, {"action": "finish"})
    client.post(control, {"action": "end"})
    workshop.refresh_from_db()
    assert workshop.state == Workshop.State.ENDED


def test_console_shows_balance_warning_and_private_counts(client_as, alice, workshop, running):
    domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    page = client_as(alice).get(staff_url("workshop_console", workshop)).content.decode()
    assert "Warning: fewer people with lived experience than you planned." in page
    assert "Only you can see these." in page
    assert 'data-ws-url="/ws/w/' + workshop.join_code + '/?role=facilitator"' in page


def test_room_screen_shows_code_link_and_qr(client_as, alice, workshop, running):
    client = client_as(alice)
    page = client.get(staff_url("workshop_screen", workshop)).content.decode()
    assert workshop.display_code in page
    assert f"/w/{workshop.join_code}/" in page
    assert "Counts show when voting closes." in page
    qr = client.get(staff_url("workshop_qr", workshop))
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<svg")
    assert b"<script" not in qr.content


def test_access_needs_page_is_logged_every_time(client_as, alice, workshop):
    domain.join_workshop(
        workshop,
        capacity=Capacity.LIVED_CARE,
        display_name="Tom",
        needs=["easy_read"],
        consent=True,
    )
    client = client_as(alice)
    for _ in range(2):
        page = client.get(staff_url("workshop_access_needs", workshop))
        assert "Easy read" in page.content.decode()
        assert "no-store" in page["Cache-Control"]
    assert AuditEntry.objects.filter(action="workshops.access_needs.viewed").count() == 2


def test_proxy_entry_for_a_paper_participant(client_as, alice, workshop, running, ideas):
    client = client_as(alice)
    client.post(
        staff_url("workshop_paper_add", workshop), {"display_name": "", "capacity": "lived_care"}
    )
    paper = Participant.objects.get(workshop=workshop)
    assert paper.on_paper
    assert paper.display_name == ""
    response = client.post(
        staff_url("workshop_proxy", workshop),
        {"participant": paper.pk, "action": "dot", "idea": ideas[0].pk},
    )
    assert response.status_code == 302
    dot = Dot.objects.get(participant=paper)
    assert (dot.by_proxy, dot.entered_by) == (True, alice)
    client.post(
        staff_url("workshop_proxy", workshop),
        {"participant": paper.pk, "action": "dot", "idea": ideas[1].pk},
    )
    over = client.post(
        staff_url("workshop_proxy", workshop),
        {"participant": paper.pk, "action": "dot", "idea": ideas[2].pk},
    )
    assert "You have used all your dots." in over.content.decode()


# Joining and taking part


def test_join_with_a_code_then_vote_without_javascript(client, workshop, running, ideas):
    response = client.post(reverse("workshop_join_code"), {"code": workshop.display_code.lower()})
    assert response.url == reverse("workshop_join", kwargs={"code": workshop.join_code})
    join_as(client, workshop, display_name="")
    participant = Participant.objects.get()
    assert participant.display_name == ""
    assert client.cookies[cookie_name(workshop)]["httponly"]

    room = reverse("workshop_room", kwargs={"code": workshop.join_code})
    page = client.get(room).content.decode()
    assert "Which garden ideas matter most?" in page
    assert "Leave quietly" in page

    act = reverse("workshop_act", kwargs={"code": workshop.join_code})
    client.post(act, {"t": "dot", "idea": ideas[0].pk})
    client.post(act, {"t": "dot", "idea": ideas[1].pk})
    over = client.post(act, {"t": "dot", "idea": ideas[2].pk}, follow=True)
    assert "You have used all your dots." in over.content.decode()
    assert Dot.objects.filter(participant=participant).count() == 2
    fragment = client.get(room, headers={"X-Fragment": "live"}).content.decode()
    assert flat(fragment).startswith('<div id="live"')


def test_join_with_access_needs_needs_consent(client, workshop):
    url = reverse("workshop_join", kwargs={"code": workshop.join_code})
    response = client.post(url, {"capacity": "lived_care", "needs": ["easy_read"]})
    assert response.status_code == 200
    assert "Tick this box so we may keep what you need." in response.content.decode()
    join_as(client, workshop, needs=["easy_read"], consent="on")
    assert AccessNeed.objects.get().needs == ["easy_read"]


def test_named_join_by_bob_links_his_person_only_when_named(client_as, bob, workshop):
    client = client_as(bob)
    join_as(client, workshop, display_name="Bob")
    assert Participant.objects.get().person == bob.people.get()


def test_leave_quietly_clears_the_cookie(client, workshop):
    join_as(client, workshop)
    response = client.post(
        reverse("workshop_act", kwargs={"code": workshop.join_code}), {"t": "leave"}
    )
    assert response.url == reverse("workshop_left", kwargs={"code": workshop.join_code})
    assert Participant.objects.get().left_at is not None
    assert client.cookies[cookie_name(workshop)].value == ""


def test_wrong_codes_are_rate_limited(client, workshop):
    for _ in range(WRONG_CODES.per_client):
        response = client.post(reverse("workshop_join_code"), {"code": "ZZZ-ZZZ"})
        assert "We cannot find a workshop with that code." in response.content.decode()
    assert (
        client.post(reverse("workshop_join_code"), {"code": workshop.join_code}).status_code == 429
    )
    assert (
        client.get(reverse("workshop_join", kwargs={"code": workshop.join_code})).status_code == 404
    )


def test_a_guesser_on_the_venue_wifi_slows_only_themself(client, workshop):
    """Every test client comes from 127.0.0.1: three phones on one wifi."""
    in_the_room = Client()
    join_as(in_the_room, workshop)
    room_url = reverse("workshop_room", kwargs={"code": workshop.join_code})
    for _ in range(WRONG_CODES.per_client + 5):
        client.post(reverse("workshop_join_code"), {"code": "ZZZ-ZZZ"})
        client.get(reverse("workshop_join", kwargs={"code": "ZZZZZZ"}))
    guessed = client.post(reverse("workshop_join_code"), {"code": workshop.join_code})
    assert guessed.status_code == 429

    arriving = Client()
    response = arriving.post(reverse("workshop_join_code"), {"code": workshop.join_code})
    assert response["Location"] == reverse("workshop_join", kwargs={"code": workshop.join_code})
    join_as(arriving, workshop)
    assert arriving.get(room_url).status_code == 200
    assert in_the_room.get(room_url).status_code == 200


def test_a_flood_from_one_address_never_stops_people_in_the_room(client, workshop, settings):
    settings.WRONG_CODES_PER_ADDRESS = 5
    in_the_room = Client()
    join_as(in_the_room, workshop)
    for _ in range(5):  # a guesser who throws the cookie away each time
        Client().post(reverse("workshop_join_code"), {"code": "ZZZ-ZZZ"})
    stranger = Client()
    assert stranger.post(reverse("workshop_join_code"), {"code": "ZZZ-ZZZ"}).status_code == 429
    room_url = reverse("workshop_room", kwargs={"code": workshop.join_code})
    assert in_the_room.get(room_url).status_code == 200
    act_url = reverse("workshop_act", kwargs={"code": workshop.join_code})
    assert in_the_room.post(act_url, {"t": "leave"}).status_code == 302


def test_joining_again_and_again_asks_that_browser_to_wait(client, workshop):
    url = reverse("workshop_join", kwargs={"code": workshop.join_code})
    for _ in range(ANONYMOUS_WRITES.per_client):
        join_as(client, workshop, display_name="Sam")
        client.cookies.pop(cookie_name(workshop))  # as if a new person on the same phone
    response = client.post(url, {"capacity": Capacity.LIVED_CARE, "display_name": "Sam"})
    assert response.status_code == 429
    assert "You have sent a lot in a short time." in response.content.decode()
    assert 'value="Sam"' in response.content.decode()
    assert Participant.objects.count() == ANONYMOUS_WRITES.per_client
    join_as(Client(), workshop)  # the next phone on the same wifi joins


def test_late_joiner_is_told_the_workshop_has_ended(client, workshop, alice):
    domain.end_workshop(workshop, actor=alice)
    response = client.post(reverse("workshop_join_code"), {"code": workshop.join_code})
    page = response.content.decode()
    assert "That workshop has ended, so you cannot join it now." in page
    assert "We cannot find a workshop with that code." not in page
    joining = client.get(reverse("workshop_join", kwargs={"code": workshop.join_code}))
    assert joining.status_code == 410
    assert "This workshop has ended" in joining.content.decode()
    assert "Your experience" not in joining.content.decode()  # no join form


def test_initiative_page_lists_its_workshops(client_as, alice, workshop):
    page = client_as(alice).get(
        reverse("initiative_detail", kwargs={"org": "riverside", "pk": workshop.initiative_id})
    )
    assert "Garden ideas morning" in page.content.decode()


def test_visible_tallies_show_under_the_voting_buttons(client, workshop, dotmocracy, alice, ideas):
    dotmocracy.hide_tallies = False
    dotmocracy.save(update_fields=["hide_tallies"])
    domain.start_activity(dotmocracy, actor=alice)
    join_as(client, workshop, display_name="")
    act = reverse("workshop_act", kwargs={"code": workshop.join_code})
    client.post(act, {"t": "dot", "idea": ideas[0].pk})
    room = reverse("workshop_room", kwargs={"code": workshop.join_code})
    page = client.get(room, headers={"X-Fragment": "live"}).content.decode()
    assert "Add a dot" in page  # people can still vote while the counts are shown
    assert "Results, most support first" in page


def test_room_counts_read_right_for_one_and_the_connection_is_a_status(
    client, workshop, running, ideas
):
    join_as(client, workshop)
    act = reverse("workshop_act", kwargs={"code": workshop.join_code})
    client.post(act, {"t": "dot", "idea": ideas[0].pk})
    page = client.get(reverse("workshop_room", kwargs={"code": workshop.join_code}))
    html = page.content.decode()
    # "Label: number" reads right for any number, also when the room's script changes it.
    assert '<p class="ws-budget">Dots left to place: <strong data-dots-left>1</strong>' in html
    assert 'data-dots-left-word="Dots left:"' in html
    assert '<p class="ws-connection" data-connection role="status">' in html
    assert "aria-hidden" not in html.split("data-connection", 1)[1].split(">", 1)[0]


def test_console_and_screen_counts_read_right_for_one(client_as, alice, workshop, running, june):
    client = client_as(alice)
    console = client.get(staff_url("workshop_console", workshop)).content.decode()
    assert "People in the room: <span data-people>1</span>" in console
    assert '<p class="ws-connection" data-connection role="status"></p>' in console
    screen = client.get(staff_url("workshop_screen", workshop)).content.decode()
    assert "People here: <strong data-people>1</strong>" in screen
    assert "People who have voted: <strong data-voters>0</strong>" in screen
