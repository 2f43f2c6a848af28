"""A member's own page, and the named contact on every page of their panel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.panels.models import Paper
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.panels.test_query_counts import grow, queries_for


@pytest.fixture
def meeting(panel):
    meeting = MeetingFactory(panel=panel, title="June meeting")
    AgendaItemFactory(meeting=meeting, title="Transport")
    return meeting


def test_member_page_shows_next_meetings_agreement_and_contact(client, bob, panel, meeting):
    client.force_login(bob)
    html = client.get(f"/o/riverside/panels/{panel.pk}/me/").content.decode()
    assert "June meeting" in html
    assert "The group is still writing it." in html
    assert 'href="mailto:alice@example.org"' in html
    assert 'href="tel:01632960111"' in html


@pytest.mark.parametrize(
    "name",
    [
        "panel_me",
        "panel_meetings",
        "panel_meeting_detail",
        "panel_meeting_poll",
        "panel_agreement",
    ],
)
def test_named_contact_is_on_every_member_page(client, bob, panel, meeting, name):
    kwargs = {"org": "riverside", "pk": panel.pk}
    if name.startswith("panel_meeting_"):
        kwargs["meeting_pk"] = meeting.pk
    client.force_login(bob)
    html = client.get(reverse(name, kwargs=kwargs)).content.decode()
    assert "Your named contact" in html
    assert "Alice Okafor" in html


def test_member_page_runs_a_fixed_number_of_queries(client, bob, alice, panel, meeting):
    from coproduce.panels.domain import meetings

    client.force_login(bob)
    url = f"/o/riverside/panels/{panel.pk}/me/"
    before = queries_for(client, url)
    grow(panel, applicants=50, members=30)
    for n in range(3):
        other = MeetingFactory(panel=panel)
        meetings.add_agenda_item(other, actor=alice, title=f"Item {n}")
    assert Paper.objects.count() == 0
    assert queries_for(client, url) == before
