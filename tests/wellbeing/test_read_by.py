"""The person who raised a concern is told who read it by role (named contact, deputy or a
safeguarding lead), never by the name of a lead."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.wellbeing import domain
from coproduce.wellbeing.models import Concern


def raise_one(panel, bob, *, leads_only=False):
    return domain.raise_concern(
        panel,
        kind="concern",
        text="Something is wrong.",
        person=bob.people.get(),
        leads_only=leads_only,
        actor=bob,
    )


def read_as(client_as, user, concern):
    url = reverse("concern_detail", kwargs={"org": "riverside", "concern_pk": concern.pk})
    assert client_as(user).get(url).status_code == 200


def follow_page(client, token) -> str:
    client.logout()
    return client.get(reverse("concern_follow", args=[token])).content.decode()


@pytest.mark.parametrize(
    ("reader", "label"),
    [
        ("alice", "Read by your named contact"),
        ("dana", "Read by your deputy contact"),
        ("erin", "Read by a safeguarding lead"),
    ],
)
def test_follow_page_says_who_read_it_by_role(
    client_as, client, request, erin, bob, panel, reader, label
):
    concern, token = raise_one(panel, bob)
    read_as(client_as, request.getfixturevalue(reader), concern)
    concern.refresh_from_db()
    assert concern.read_by == {"alice": "contact", "dana": "deputy", "erin": "lead"}[reader]
    html = follow_page(client, token)
    assert f"<strong>{label}</strong>" in html
    assert f"</time> {label}</li>" in html  # and on the timeline
    assert "Read by your contact" not in html
    assert "Erin Shaw" not in html  # a lead of a usual concern is never named here


def test_the_first_reader_is_the_one_shown(client_as, client, alice, bob, erin, panel):
    concern, token = raise_one(panel, bob)
    read_as(client_as, erin, concern)
    read_as(client_as, alice, concern)
    assert "<strong>Read by a safeguarding lead</strong>" in follow_page(client, token)


def test_a_contact_who_is_also_a_lead_reads_their_panels_concern_as_the_contact(
    client_as, org, alice, bob, dana, erin, panel
):
    domain.appoint_safeguarding_lead(org, alice, actor=dana)
    concern, _token = raise_one(panel, bob)
    read_as(client_as, alice, concern)
    concern.refresh_from_db()
    assert concern.read_label == "Read by your named contact"


def test_a_leads_only_concern_is_always_read_by_a_lead(
    client_as, client, org, alice, bob, dana, erin, panel
):
    domain.appoint_safeguarding_lead(org, alice, actor=dana)  # alice is contact and lead
    concern, token = raise_one(panel, bob, leads_only=True)
    read_as(client_as, alice, concern)
    assert "<strong>Read by a safeguarding lead</strong>" in follow_page(client, token)


def test_the_members_own_page_says_who_read_it(client_as, bob, erin, panel):
    concern, _token = raise_one(panel, bob)
    read_as(client_as, erin, concern)
    mine = client_as(bob).get(reverse("support_mine", kwargs={"org": "riverside"}))
    assert "<strong>Read by a safeguarding lead</strong>" in mine.content.decode()


def test_moving_it_on_without_a_look_still_records_the_role(bob, erin, panel):
    concern, _token = raise_one(panel, bob)
    domain.update_concern(concern, actor=erin, status="in_progress")
    concern.refresh_from_db()
    assert (concern.status, concern.read_by) == ("in_progress", "lead")
    assert [label for label, _when in concern.steps()] == [
        "Received",
        "Read by a safeguarding lead",
        "Being dealt with",
    ]


def test_a_concern_read_before_we_kept_who_just_says_read(bob, panel):
    concern, _token = raise_one(panel, bob)
    Concern.objects.filter(pk=concern.pk).update(status="acknowledged", read_by="")
    concern.refresh_from_db()
    assert concern.status_label == "Read"


def test_staff_see_the_plain_status(client_as, alice, bob, erin, panel):
    concern, _token = raise_one(panel, bob)
    read_as(client_as, erin, concern)
    inbox = client_as(alice).get(reverse("concern_inbox", kwargs={"org": "riverside"}))
    html = inbox.content.decode()
    assert "<td>Read</td>" in html
    assert "Read by your" not in html
