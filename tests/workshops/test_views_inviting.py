"""The invitation page (staff), the sign-up page from the private link (no login), staff
recording an answer for someone, and the sign-ups on the workshop page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.people.models import Message
from coproduce.workshops.models import AccessNeed, Invitation, Workshop
from tests.factories import (
    InitiativeFactory,
    PanelFactory,
    PanelMemberFactory,
    PersonFactory,
    WorkshopFactory,
)
from tests.markup import flat
from tests.workshops.test_views import staff_url

pytestmark = pytest.mark.django_db

START = datetime.datetime(2027, 1, 14, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def workshop(initiative):
    return WorkshopFactory(initiative=initiative, title="Garden ideas morning", starts_at=START)


@pytest.fixture
def panel(org):
    panel = PanelFactory(organisation=org, name="Day Services Panel")
    PanelMemberFactory(panel=panel, person=PersonFactory(organisation=org, name="Zoe Quinn"))
    return panel


def sign_up_url(invitation):
    return reverse("workshop_sign_up", kwargs={"token": invitation.token})


def test_staff_see_the_initiatives_people_and_each_panels_members(
    client_as, alice, workshop, panel
):
    html = flat(client_as(alice).get(staff_url("workshop_invite", workshop)).content.decode())
    assert "People in this initiative" in html
    assert "Members of Day Services Panel" in html
    assert html.index("Alice Okafor") < html.index("Zoe Quinn")
    assert "Everyone here (2 people)" in html
    assert "Everyone here (1 person)" in html


def test_inviting_everyone_in_the_initiative_and_one_panel_member(
    client_as, alice, workshop, panel
):
    zoe = panel.members.get().person
    response = client_as(alice).post(
        staff_url("workshop_invite", workshop),
        {"everyone_in": ["initiative"], "people": [str(zoe.pk)]},
    )
    assert response.status_code == 302
    invited = sorted(Invitation.objects.values_list("person__name", flat=True))
    assert invited == ["Alice Okafor", "Bob Hughes", "Zoe Quinn"]
    assert Message.objects.filter(kind="workshop.invited").count() == 3
    page = flat(client_as(alice).get(response["Location"]).content.decode())
    assert "Invited 3 people. Each is told by the way they chose." in page
    assert "3 invited" in page
    assert "3 not answered yet" in page


def test_inviting_nobody_says_what_to_do(client_as, alice, workshop):
    response = client_as(alice).post(staff_url("workshop_invite", workshop), {})
    assert response.status_code == 200
    assert "Choose at least one person to invite." in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_member_cannot_invite(client_as, bob, workshop):
    response = client_as(bob).post(
        staff_url("workshop_invite", workshop), {"everyone_in": ["initiative"]}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def invite(workshop, person):
    return Invitation.objects.create(
        organisation=workshop.organisation, workshop=workshop, person=person
    )


def test_someone_signs_up_from_their_link_without_a_login(client, workshop, bob):
    invitation = invite(workshop, bob.people.get())
    page = client.get(sign_up_url(invitation)).content.decode()
    assert "Can you come to “Garden ideas morning”?" in page
    assert "Hello Bob Hughes." in page
    response = client.post(
        sign_up_url(invitation),
        {
            "answer": "yes",
            "capacity": "lived_care",
            "needs": ["easy_read"],
            "other_needs": "A quiet room",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.capacity, invitation.joins_from) == (
        "yes",
        "lived_care",
        "room",
    )
    assert AccessNeed.objects.get().invitation == invitation
    page = flat(client.get(sign_up_url(invitation)).content.decode())
    assert "Thank you. We have your answer." in page
    assert "Your answer: yes, you are coming. You will be in the room." in page


def test_in_a_hybrid_workshop_they_say_room_or_online(client, workshop, bob):
    Workshop.objects.filter(pk=workshop.pk).update(
        place=Workshop.Place.HYBRID, online_link="https://meet.example.org/garden"
    )
    invitation = invite(workshop, bob.people.get())
    response = client.post(sign_up_url(invitation), {"answer": "yes", "capacity": "learnt"})
    assert response.status_code == 200
    assert "Say if you are in the room or online." in response.content.decode()
    client.post(
        sign_up_url(invitation), {"answer": "yes", "capacity": "learnt", "joins_from": "online"}
    )
    page = client.get(sign_up_url(invitation)).content.decode()
    assert 'href="https://meet.example.org/garden"' in page  # online: their link to join


def test_saying_no_needs_nothing_else(client, workshop, bob):
    invitation = invite(workshop, bob.people.get())
    assert client.post(sign_up_url(invitation), {"answer": "no"}).status_code == 302
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.capacity) == ("no", "")


def test_a_wrong_link_is_not_found(client):
    response = client.get(reverse("workshop_sign_up", kwargs={"token": "not-a-real-token"}))
    assert response.status_code == 404


def test_the_calendar_file_downloads_from_the_link(client, workshop, bob):
    invitation = invite(workshop, bob.people.get())
    response = client.get(reverse("workshop_sign_up_calendar", kwargs={"token": invitation.token}))
    assert response["Content-Type"] == "text/calendar"
    body = response.content.decode()
    assert "DTSTART:20270114T100000Z" in body
    assert "SUMMARY:Garden ideas morning" in body


def test_staff_record_an_answer_and_the_workshop_page_counts_it(client_as, alice, workshop, org):
    ray = PersonFactory(organisation=org, name="Ray Patel")
    invitation = invite(workshop, ray)
    client = client_as(alice)
    response = client.post(
        staff_url("workshop_sign_up_record", workshop, invitation_pk=invitation.pk),
        {"answer": "yes", "capacity": "lived_carer", "how_told": "by phone"},
    )
    assert response.status_code == 302
    page = flat(client.get(staff_url("workshop_detail", workshop)).content.decode())
    assert "Saved the answer for Ray Patel." in page
    assert "1 invited" in page
    assert "1 coming" in page
    assert (
        "Of the people coming: lived experience 1, learnt experience 0; in the room 1, online 0."
    ) in page
    assert "Recorded by Alice Okafor on " in page
    assert ", by phone" in page
    # The planning checklist reads the sign-ups before the day.
    assert (
        "Signed up to come: 1 with lived experience and 0 with learnt experience: 100% lived "
        "experience (your target is 50%)."
    ) in page


def test_recording_needs_how_they_told_us(client_as, alice, workshop, org):
    invitation = invite(workshop, PersonFactory(organisation=org, name="Ray Patel"))
    response = client_as(alice).post(
        staff_url("workshop_sign_up_record", workshop, invitation_pk=invitation.pk),
        {"answer": "no"},
    )
    assert response.status_code == 200
    assert "Choose how they told you." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == ""


def test_a_member_logged_in_finds_their_invitation_on_their_home(client_as, bob, org):
    other = WorkshopFactory(
        initiative=InitiativeFactory(organisation=org, title="Day centre menus"),
        title="Menu tasting",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    invitation = invite(other, bob.people.get())
    html = client_as(bob).get(reverse("dashboard", kwargs={"org": org.slug})).content.decode()
    assert "Menu tasting" in html
    assert f'href="{sign_up_url(invitation)}">You are invited: say if you can come' in html


def test_the_answer_so_far_is_shown_again_so_changing_one_thing_keeps_the_rest(
    client, client_as, alice, workshop, bob
):
    invitation = invite(workshop, bob.people.get())
    client.post(
        sign_up_url(invitation),
        {"answer": "yes", "capacity": "lived_care", "needs": ["more_time"], "consent": "on"},
    )
    page = client.get(sign_up_url(invitation)).content.decode()
    assert 'value="lived_care" required id="id_capacity_0" checked' in page
    assert 'value="more_time" id="id_needs_2" checked' in page
    # Staff see it too when they record a change for Bob, and that is logged.
    staff = client_as(alice)
    staff.get(staff_url("workshop_sign_up_record", workshop, invitation_pk=invitation.pk))
    entry = AuditEntry.objects.get(action="workshops.access_needs.viewed")
    assert entry.data == {"count": 1}


def test_a_sign_ups_needs_are_on_the_private_page_and_can_be_marked_arranged(
    client, client_as, alice, workshop, bob
):
    invitation = invite(workshop, bob.people.get())
    client.post(
        sign_up_url(invitation),
        {"answer": "yes", "capacity": "lived_care", "other_needs": "A ramp", "consent": "on"},
    )
    need = AccessNeed.objects.get()
    staff = client_as(alice)
    page = flat(staff.get(staff_url("workshop_access_needs", workshop)).content.decode())
    assert "Bob Hughes" in page
    assert "A ramp" in page
    response = staff.post(
        staff_url("workshop_access_arranged", workshop), {"need": need.pk, "arranged": "yes"}
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.arranged
    assert AuditEntry.objects.filter(action="workshops.access_need.arranged").count() == 1


def join_url(workshop, invitation=None):
    url = reverse("workshop_join", kwargs={"code": workshop.join_code})
    return f"{url}?invited={invitation.token}" if invitation else url


def test_joining_from_a_sign_up_carries_it_into_the_room(client_as, client, alice, workshop, bob):
    Workshop.objects.filter(pk=workshop.pk).update(
        place=Workshop.Place.HYBRID, online_link="https://meet.example.org/garden"
    )
    workshop.refresh_from_db()
    invitation = invite(workshop, bob.people.get())
    client.post(
        sign_up_url(invitation),
        {
            "answer": "yes",
            "capacity": "lived_care",
            "joins_from": "online",
            "needs": ["larger_text", "easy_read"],
            "consent": "on",
        },
    )
    page = client.get(sign_up_url(invitation)).content.decode()
    assert f'href="{join_url(workshop, invitation)}" data-join-from-sign-up' in page

    html = flat(client.get(join_url(workshop, invitation)).content.decode())
    assert "You signed up for this workshop, so we have filled in what you told us." in html
    assert 'value="lived_care" required id="id_capacity_0" checked' in html
    assert 'value="online" required id="id_joins_from_1" checked' in html
    assert 'name="needs"' not in html  # asked once, at sign-up
    response = client.post(
        join_url(workshop),
        {
            "display_name": "",
            "capacity": "lived_care",
            "joins_from": "online",
            "invited": invitation.token,
        },
    )
    assert response.status_code == 302
    participant = workshop.participants.get()
    assert (participant.capacity, participant.joins_from, participant.person) == (
        "lived_care",
        "online",
        None,  # anonymous in the room: not linked to their name
    )
    invitation.refresh_from_db()
    assert invitation.came is True
    assert AccessNeed.objects.get().invitation == invitation  # not asked, not kept twice
    room = client.get(response["Location"]).content.decode()
    assert " text-large" in room  # larger text, chosen at sign-up, on their own page
    assert client.session["easy_read"] is True

    Workshop.objects.filter(pk=workshop.pk).update(state=Workshop.State.LIVE)
    staff = flat(client_as(alice).get(staff_url("workshop_detail", workshop)).content.decode())
    assert "1 came, from their sign-up link" in staff
    record = flat(client_as(alice).get(staff_url("workshop_record", workshop)).content.decode())
    assert (
        "Invited: 1. Said they would come: 1. Came in from their sign-up link: 1. "
        "Others may have joined with the code."
    ) in record


def test_a_sign_up_for_another_workshop_marks_nothing(client, initiative, workshop, bob):
    other = WorkshopFactory(initiative=initiative, title="Another morning", starts_at=START)
    invitation = invite(other, bob.people.get())
    Invitation.objects.filter(pk=invitation.pk).update(answer="yes", capacity="learnt")
    client.post(
        join_url(workshop),
        {"capacity": "lived_care", "invited": invitation.token},
    )
    invitation.refresh_from_db()
    assert (workshop.participants.count(), invitation.came) == (1, False)


def test_larger_text_chosen_when_joining_makes_their_own_page_larger(client, workshop):
    response = client.post(
        join_url(workshop), {"capacity": "learnt", "needs": ["larger_text"], "consent": "on"}
    )
    assert " text-large" in client.get(response["Location"]).content.decode()
