"""Nothing stays in standard wording where an easy read version exists: the member's meeting
page and the easy read "you said, we did" page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ContributionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(panel):
    return MeetingFactory(
        panel=panel,
        title="Quarterly review of the day services commissioning plan",
        title_easy_read="Day services: what is next",
        venue="Committee Room 2, Civic Centre, first floor (lift available)",
        venue_easy_read="The Civic Centre.\nRoom 2 is upstairs.\nThere is a lift.",
        papers_due_days=7,
    )


def _meeting_page(client, bob, panel, meeting, version):
    client.force_login(bob)
    path = f"/o/riverside/panels/{panel.pk}/meetings/{meeting.pk}/?version={version}"
    return client.get(path).content.decode()


def test_the_easy_read_meeting_page_has_easy_read_name_place_and_papers(
    client, bob, panel, meeting
):
    html = _meeting_page(client, bob, panel, meeting, "easy-read")
    assert "<h1>Day services: what is next" in html
    assert "The Civic Centre.<br>Room 2 is upstairs.<br>There is a lift." in html
    assert "Then you have time to read them." in html
    assert "commissioning" not in html
    assert "Committee Room 2" not in html
    assert "so you have time to read them" not in html


def test_the_standard_meeting_page_keeps_the_standard_words(client, bob, panel, meeting):
    html = _meeting_page(client, bob, panel, meeting, "standard")
    assert "<h1>Quarterly review of the day services commissioning plan" in html
    assert "Committee Room 2" in html


def test_the_easy_read_you_said_we_did_page_has_sentences_not_tables(client_as, bob, initiative):
    ContributionFactory(initiative=initiative, organisation=initiative.organisation)
    url = reverse("outcomes_initiative", kwargs={"org": "riverside", "pk": initiative.pk})
    html = client_as(bob).get(url + "?version=easy-read").content.decode()
    assert "<table" not in html
    assert "<svg" not in html
    assert "<p>People told us 1 thing.</p>" in html
    assert "<p>We gave an answer to 0 of them.</p>" in html
    standard = client_as(bob).get(url + "?version=standard").content.decode()
    assert "<table" in standard
