"""Staff set up panels, write role descriptions, handle applications and keep the members."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.panels import domain
from coproduce.panels.models import (
    Application,
    ApplicationStatusChange,
    ContactTask,
    Panel,
    PanelMember,
    Status,
)
from coproduce.people.messages import mark_sent_by_hand
from coproduce.people.models import Message, Person
from tests.factories import ApplicationFactory, PanelFactory, PanelMemberFactory, PersonFactory
from tests.markup import flat


def panel_form(org, initiative, **extra):
    alice = Person.objects.get(organisation=org, name="Alice Okafor")
    dana = Person.objects.get(organisation=org, name="Dana Price")
    return {
        "name": "Carers Voice",
        "purpose": "Make support for carers better.",
        "influences": "How the carers' service is designed.",
        "outside_control": "How much money the council has.",
        "decision_power": "decides_jointly",
        "initiatives": [initiative.pk],
        "meeting_frequency": "every 6 weeks",
        "hours_per_month": "3.5",
        "term_months": "12",
        "places": "10",
        "payment_offer": "£25 an hour.",
        "training_offered": "Chairing skills.",
        "support_offered": "A buddy.",
        "named_contact": alice.pk,
        "deputy_contact": dana.pk,
        "backed_by": dana.pk,
        "backed_by_role": "Director of Adult Social Care",
        **extra,
    }


def test_create_panel_makes_the_role_description_from_the_fields(
    client, alice, dana, org, initiative
):
    client.force_login(alice)
    response = client.post("/o/riverside/panels/new/", panel_form(org, initiative))
    panel = Panel.objects.get()
    assert response["Location"] == f"/o/riverside/panels/{panel.pk}/role/"
    assert panel.slug == "carers-voice"
    assert list(panel.initiatives.all()) == [initiative]
    assert "## About Carers Voice\nMake support for carers better." in panel.role_standard
    assert "The panel makes decisions together with staff." in panel.role_standard
    assert "- Time: about 3.5 hours a month" in panel.role_standard
    assert "Alice Okafor: email alice@example.org" in panel.role_standard
    assert "Dana Price (Director of Adult Social Care) backs the panel" in panel.role_standard
    assert "The panel decides together with staff." in panel.role_easy_read
    assert "It takes about 3.5 hours each month." in panel.role_easy_read
    assert panel.role_generated_at is not None
    assert panel.role_edited_at is None
    assert not panel.is_published
    assert AuditEntry.objects.filter(action="panels.panel.created").count() == 1


def test_create_panel_refuses_the_same_person_as_deputy(client, alice, dana, org, initiative):
    client.force_login(alice)
    form = panel_form(org, initiative)
    form["deputy_contact"] = form["named_contact"]
    response = client.post("/o/riverside/panels/new/", form)
    assert "Choose a different person from the named contact." in response.content.decode()
    assert 'value="Carers Voice"' in response.content.decode()


def test_create_panel_offers_only_own_organisations_people(client, alice, org, other_org):
    stranger = PersonFactory(organisation=other_org, name="Stranger Danger")
    client.force_login(alice)
    assert "Stranger Danger" not in client.get("/o/riverside/panels/new/").content.decode()
    assert stranger.pk


def test_regenerate_never_silently_replaces_edits(client, alice, panel):
    client.force_login(alice)
    domain.regenerate_role_description(panel, actor=alice)
    client.post(
        f"/o/riverside/panels/{panel.pk}/role/",
        {"standard": "## Ours\nHand written.", "easy_read": "## Ours\nEasy."},
    )
    panel.refresh_from_db()
    assert panel.role_has_edits
    response = client.post(f"/o/riverside/panels/{panel.pk}/role/regenerate/")
    assert response.status_code == 200
    assert "Replace your changes?" in response.content.decode()
    panel.refresh_from_db()
    assert panel.role_standard == "## Ours\nHand written."
    response = client.post(f"/o/riverside/panels/{panel.pk}/role/regenerate/", {"replace": "yes"})
    assert response.status_code == 302
    panel.refresh_from_db()
    assert panel.role_standard.startswith("## About Day Services Panel")
    assert not panel.role_has_edits


def test_role_is_out_of_date_after_fields_change(panel, alice):
    domain.regenerate_role_description(panel, actor=alice, replace_edits=True)
    assert not domain.role_is_out_of_date(panel)
    domain.update_panel(panel, actor=alice, term_months=24)
    assert domain.role_is_out_of_date(panel)
    assert AuditEntry.objects.get(action="panels.panel.updated").data == {"fields": ["term_months"]}


def test_publish_and_unpublish(client, alice, panel):
    client.force_login(alice)
    client.post(f"/o/riverside/panels/{panel.pk}/publish/", {"action": "unpublish"})
    assert client.get("/panels/riverside/day-services/").status_code == 404
    client.post(f"/o/riverside/panels/{panel.pk}/publish/", {"action": "publish"})
    assert client.get("/panels/riverside/day-services/").status_code == 200


def test_publish_refuses_an_empty_role_description(panel, alice):
    panel.role_standard = " "
    with pytest.raises(Exception, match="Write the role description"):
        domain.publish_panel(panel, actor=alice)


def test_member_sees_the_named_contact_on_their_panel_page(client, bob, panel):
    client.force_login(bob)
    html = client.get(f"/o/riverside/panels/{panel.pk}/").content.decode()
    assert "Your named contact" in html
    assert '<a href="mailto:alice@example.org">alice@example.org</a>' in html
    assert '<a href="tel:01632960111">01632 960111</a>' in html
    assert "If they are away:" in html
    assert "Dana Price" in html
    assert "Enter an application" not in html  # staff only
    assert "Bob Hughes" in html
    assert "Co-chair" in html
    lists = client.get("/o/riverside/panels/").content.decode()
    assert "Day Services Panel" in lists


def test_member_not_on_the_panel_gets_404(client, bob, panel, org):
    PanelMember.objects.filter(panel=panel).update(ended_on=datetime.date(2026, 5, 1))
    client.force_login(bob)
    assert client.get(f"/o/riverside/panels/{panel.pk}/").status_code == 404
    assert "Day Services Panel" not in client.get("/o/riverside/panels/").content.decode()


def test_staff_enter_a_paper_application_recorded_as_such(client, alice, panel):
    client.force_login(alice)
    response = client.post(
        f"/o/riverside/panels/{panel.pk}/applications/new/",
        {
            "route": "paper",
            "name": "June Adeyemi",
            "contact_channel": "post",
            "address": "1 River Street",
            "why_join": "To be heard.",
            "attachment": SimpleUploadedFile("form.png", b"\x89PNG\r\n", "image/png"),
        },
    )
    application = Application.objects.get()
    assert response["Location"] == (
        f"/o/riverside/panels/{panel.pk}/applications/{application.pk}/"
    )
    assert (application.route, application.entered_by, application.status) == (
        "paper",
        alice,
        "received",
    )
    letter = Message.objects.get()
    assert (letter.channel, letter.status, letter.person, letter.to_address) == (
        "letter",
        "by_hand",
        None,
        "1 River Street",
    )
    assert "Thank you for applying to join Day Services Panel." in letter.body
    assert not ContactTask.objects.exists()
    detail = client.get(response["Location"]).content.decode()
    assert "On paper" in detail
    assert "entered by Alice Okafor" in detail
    download = client.get(
        f"/o/riverside/panels/{panel.pk}/applications/{application.pk}/attachment/"
    )
    assert download.content == b"\x89PNG\r\n"
    assert 'filename="form.png"' in download["Content-Disposition"]


def test_staff_entered_application_needs_a_route(client, alice, panel):
    client.force_login(alice)
    response = client.post(
        f"/o/riverside/panels/{panel.pk}/applications/new/",
        {"name": "June", "contact_channel": "phone", "phone": "01632", "why_join": "x"},
    )
    assert "Choose how they applied." in response.content.decode()
    assert Application.objects.count() == 0


def test_status_change_by_email_sends_after_commit(
    panel, alice, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(panel=panel, name="Sam", email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        change = domain.change_application_status(
            application, Status.INVITED, actor=alice, note="Bring your carer if you like."
        )
    assert change.delivery == "message"
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "We would like to meet you for a friendly chat about Day Services Panel." in body
    assert "Bring your carer if you like." in body
    assert reverse("panel_application_done", args=[application.token]) in body
    change.refresh_from_db()
    assert (change.sent_message.status, change.sent_message.to_email) == (
        "sent",
        "sam@example.org",
    )
    assert not ContactTask.objects.exists()


@pytest.mark.parametrize(
    ("channel", "kind"), [("post", "letter"), ("phone", "call"), ("text", "text")]
)
def test_status_change_by_letter_or_phone_is_a_staff_to_do(
    panel, alice, mailoutbox, django_capture_on_commit_callbacks, channel, kind
):
    application = ApplicationFactory(
        panel=panel, contact_channel=channel, email="", phone="07700 900123", address="1 Road"
    )
    with django_capture_on_commit_callbacks(execute=True):
        domain.change_application_status(application, Status.WAITING_LIST, actor=alice)
    task = Message.objects.get()
    assert (task.channel, task.status) == (kind, "by_hand")
    assert task.body.startswith(f"Hello {application.name},\n\nWe have put you on the waiting")
    assert mailoutbox == []
    assert mark_sent_by_hand(task, actor=alice)
    assert (task.status, task.sent_by) == ("sent", alice)


def test_status_change_rolled_back_sends_nothing(panel, alice, mailoutbox):
    from django.db import transaction

    application = ApplicationFactory(panel=panel)

    @transaction.atomic
    def change_then_fail() -> None:
        domain.change_application_status(application, Status.OFFERED, actor=alice)
        raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert mailoutbox == []


def test_accepting_adds_a_person_and_a_member(panel, alice, org):
    application = ApplicationFactory(
        panel=panel, name="Sam Lee", email="sam@example.org", wants_easy_read=True
    )
    domain.change_application_status(application, Status.ACCEPTED, actor=alice)
    application.refresh_from_db()
    person = application.person
    assert (person.name, person.email, person.formats) == (
        "Sam Lee",
        "sam@example.org",
        ["easy_read"],
    )
    member = PanelMember.objects.get(panel=panel, person=person)
    assert (member.role, member.application) == ("member", application)


def test_status_page_records_history_and_refuses_the_same_step(client, alice, panel):
    application = ApplicationFactory(panel=panel)
    client.force_login(alice)
    url = f"/o/riverside/panels/{panel.pk}/applications/{application.pk}/status/"
    response = client.post(url, {"status": "contacted", "notify": "on"})
    assert response.status_code == 302
    response = client.post(url, {"status": "contacted", "notify": "on"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    response = client.post(url, {"status": "offered"})  # notify unticked: no message
    change = ApplicationStatusChange.objects.filter(application=application).last()
    assert (change.to_status, change.delivery, change.message) == ("offered", "none", "")


def test_applications_list_filters_by_status(client, alice, panel):
    ApplicationFactory(panel=panel, name="Waiting Wendy", status="waiting_list")
    ApplicationFactory(panel=panel, name="Received Rita")
    ApplicationFactory(panel=panel, name="Draft Dora", status="draft")
    client.force_login(alice)
    html = client.get(
        f"/o/riverside/panels/{panel.pk}/applications/?status=waiting_list"
    ).content.decode()
    assert "Waiting Wendy" in html
    assert "Received Rita" not in html
    html = client.get(f"/o/riverside/panels/{panel.pk}/applications/").content.decode()
    assert "Received Rita" in html
    assert "Draft Dora" not in html


def test_export_is_csv_without_formulas_or_equality(client, alice, panel):
    ApplicationFactory(panel=panel, name="=HYPERLINK(1)", email="x@example.org")
    client.force_login(alice)
    response = client.get(f"/o/riverside/panels/{panel.pk}/applications.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "Name,Email,Phone,Contact by,How they applied,Step,Sent"
    assert lines[1] == "'=HYPERLINK(1),x@example.org,,Email,Online form,Received,2026-03-02"


def test_add_and_end_a_member_with_date_checks(client, alice, panel, org):
    june = PersonFactory(organisation=org, name="June Adeyemi")
    client.force_login(alice)
    url = f"/o/riverside/panels/{panel.pk}/members/add/"
    response = client.post(url, {"person": june.pk, "role": "member", "started_on": "2026-02-31"})
    assert "Enter a real date, for example 2026-03-27." in response.content.decode()
    assert 'value="2026-02-31"' in response.content.decode()
    response = client.post(url, {"person": june.pk, "role": "co_chair", "started_on": "2026-03-01"})
    assert response.status_code == 302
    member = PanelMember.objects.get(person=june)
    assert member.role == "co_chair"
    response = client.post(url, {"person": june.pk, "role": "member", "started_on": "2026-03-01"})
    assert "June Adeyemi is already on this panel." in response.content.decode()
    end = f"/o/riverside/panels/{panel.pk}/members/{member.pk}/end/"
    response = client.post(end, {"ended_on": "2026-01-01"})
    assert "The end date must be on or after the start date." in response.content.decode()
    client.post(end, {"ended_on": "2026-09-30"})
    member.refresh_from_db()
    assert member.ended_on == datetime.date(2026, 9, 30)
    html = client.get(f"/o/riverside/panels/{panel.pk}/members/").content.decode()
    assert "Past members" in html


def test_other_organisations_panel_is_404(client, charlie, panel, other_org):
    theirs = PanelFactory(organisation=other_org)
    client.force_login(charlie)
    assert client.get(f"/o/hillside/panels/{panel.pk}/").status_code == 404
    assert client.get(f"/o/hillside/panels/{theirs.pk}/").status_code == 200
    member = PanelMemberFactory(panel=theirs)
    assert client.get(f"/o/hillside/panels/{panel.pk}/members/{member.pk}/end/").status_code == 404


def test_applications_list_counts_one_as_one(client, alice, panel):
    ApplicationFactory(panel=panel, name="Received Rita")
    client.force_login(alice)
    html = flat(client.get(f"/o/riverside/panels/{panel.pk}/applications/").content.decode())
    assert '<caption id="applications-caption">1 application</caption>' in html
