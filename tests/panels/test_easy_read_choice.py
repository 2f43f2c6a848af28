"""A person's easy read choice holds on every page meant for them (coproduce.people.reading):
one choice, kept on their record or for the visit, read by every app."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.core.plain import EASY_READ_AGE_MAX, EASY_READ_MAX, check_text
from coproduce.panels import domain
from coproduce.panels.domain.recruitment import STATUS_MESSAGES_EASY_READ
from coproduce.panels.models import Application, Status
from coproduce.people.models import Format
from tests.factories import ApplicationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def outcomes_url(initiative):
    return reverse("outcomes_initiative", kwargs={"org": "riverside", "pk": initiative.pk})


def test_a_member_who_chose_easy_read_sees_it_first_on_you_said_we_did(
    client_as, bob, org, initiative
):
    person = bob.people.get(organisation=org)
    person.formats = [Format.EASY_READ]
    person.save()
    html = client_as(bob).get(outcomes_url(initiative)).content.decode()
    assert 'class="easy-read"' in html
    assert '<a href="?version=standard">Show the standard version</a>' in html


def test_the_switch_on_one_page_holds_on_the_next(client, panel, bob, initiative):
    client.get("/panels/riverside/day-services/?version=easy-read")
    client.force_login(bob)
    html = client.get(outcomes_url(initiative)).content.decode()
    assert 'class="easy-read"' in html  # chosen on the panel's page, kept on another app's
    client.get(outcomes_url(initiative) + "?version=standard")
    assert (
        "<h2>What is this?</h2>"
        not in client.get("/panels/riverside/day-services/").content.decode()
    )


def test_asking_for_easy_read_on_the_application_shows_easy_read_from_then_on(client, panel):
    client.post("/panels/riverside/day-services/apply/")
    application = Application.objects.filter(status=Status.DRAFT).latest("id")
    client.post(
        f"/apply/{application.token}/",
        {"action": "save", "name": "Sam Lee", "wants_easy_read": "on"},
    )
    html = client.get("/panels/riverside/day-services/").content.decode()
    assert "<h2>What is this?</h2>" in html
    assert "Show the standard version" in html


def test_the_choice_on_an_application_is_kept_on_an_existing_record(alice, org, panel):
    existing = PersonFactory(organisation=org, email="sam@example.org", formats=[])
    application = ApplicationFactory(
        panel=panel, name="Sam Lee", email="sam@example.org", wants_easy_read=True
    )
    domain.change_application_status(application, Status.ACCEPTED, actor=alice)
    existing.refresh_from_db()
    assert existing.formats == [Format.EASY_READ]


@pytest.mark.parametrize("status", list(STATUS_MESSAGES_EASY_READ))
def test_status_messages_in_easy_read_pass_the_check(status, panel):
    application = ApplicationFactory(panel=panel, wants_easy_read=True)
    message = domain.status_message(application, status)
    report = check_text(message, easy_read=True)
    assert (report.longest <= EASY_READ_MAX, report.reading_age <= EASY_READ_AGE_MAX) == (
        True,
        True,
    )
    assert message == str(STATUS_MESSAGES_EASY_READ[status]) % {
        "panel": panel.name,
        "contact": panel.named_contact.display_name,
    }


def test_an_applicant_who_asked_for_easy_read_gets_the_email_in_easy_read(
    alice, panel, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        panel=panel, email="sam@example.org", wants_easy_read=True, contact_channel="email"
    )
    with django_capture_on_commit_callbacks(execute=True):
        domain.change_application_status(application, Status.WAITING_LIST, actor=alice)
    assert "You are on the waiting list for Day Services Panel.\n" in mailoutbox[-1].body
