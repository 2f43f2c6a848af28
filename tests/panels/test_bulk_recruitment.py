"""Recruitment in bulk: tick many applications, then shortlist, offer, wait-list or decline
them in one step. Each applicant gets their usual message by the channel they chose."""

from __future__ import annotations

import datetime

import pytest
import segno
from django.core.exceptions import ValidationError

from coproduce.accounts.models import Invitation
from coproduce.core.models import AuditEntry
from coproduce.panels import domain
from coproduce.panels.models import Application, ContactTask
from coproduce.people.models import Message
from tests.factories import (
    ApplicationFactory,
    PanelFactory,
    PanelMemberFactory,
    PersonFactory,
)
from tests.markup import flat


def url(panel, rest=""):
    return f"/o/riverside/panels/{panel.pk}/applications/{rest}"


def test_staff_shortlist_many_at_once_and_each_is_told(
    client, alice, panel, mailoutbox, django_capture_on_commit_callbacks
):
    amy = ApplicationFactory(panel=panel, name="Amy Brook", email="amy@example.org")
    ben = ApplicationFactory(panel=panel, name="Ben Carr", contact_channel="post", email="")
    cat = ApplicationFactory(panel=panel, name="Cat Dunn", status="invited")
    client.force_login(alice)
    page = client.get(url(panel)).content.decode()
    assert 'name="bulk-applications"' in page
    assert "Shortlist: invite them to a chat" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(panel, "bulk/"),
            {"bulk-applications": [amy.pk, ben.pk, cat.pk], "bulk-status": "invited"},
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 applications are now: Invited to a chat." in html
    assert "Cat Dunn</a>: It is already at that step." in html
    assert {a.name: a.status for a in Application.objects.all()} == {
        "Amy Brook": "invited",
        "Ben Carr": "invited",
        "Cat Dunn": "invited",
    }
    assert [m.to for m in mailoutbox] == [["amy@example.org"]]
    assert "We would like to meet you for a friendly chat" in mailoutbox[0].body
    # a letter for Ben, on the staff to-do list
    assert Message.objects.get(status="by_hand").to_name == ben.name
    assert not ContactTask.objects.exists()
    entry = AuditEntry.objects.get(action="panels.application.bulk_changed")
    assert (entry.data["changed"], entry.data["skipped"]) == (2, 1)


def test_declining_many_skips_those_who_joined(alice, panel):
    joined = ApplicationFactory(panel=panel, name="Jo Joined", status="offered")
    domain.answer_offer(joined, accept=True, actor=None)
    waiting = ApplicationFactory(panel=panel, name="Wes Waiting")
    outcome = domain.change_many_statuses([joined, waiting], "declined", actor=alice)
    assert [a.name for a in outcome.changed] == ["Wes Waiting"]
    assert [(a.name, why) for a, why in outcome.skipped] == [
        ("Jo Joined", "They have already joined the panel. Change this one on its own page.")
    ]


def test_a_step_not_offered_in_bulk_is_refused(alice, panel):
    application = ApplicationFactory(panel=panel)
    with pytest.raises(ValidationError):
        domain.change_many_statuses([application], "accepted", actor=alice)
    application.refresh_from_db()
    assert application.status == "received"


def test_nothing_ticked_keeps_the_choice_and_says_what_to_do(client, alice, panel):
    ApplicationFactory(panel=panel, name="Amy Brook")
    client.force_login(alice)
    response = client.post(url(panel, "bulk/"), {"bulk-status": "declined", "bulk-note": "Sorry"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tick at least one application." in html
    assert 'value="declined" checked' in html or ('value="declined"' in html and "checked" in html)
    assert "Sorry</textarea>" in html
    assert Application.objects.get().status == "received"


def test_ticked_boxes_stay_ticked_when_the_step_is_missing(client, alice, panel):
    amy = ApplicationFactory(panel=panel, name="Amy Brook")
    client.force_login(alice)
    response = client.post(url(panel, "bulk/"), {"bulk-applications": [amy.pk]})
    html = response.content.decode()
    assert "Choose what to do with them." in html
    assert f'value="{amy.pk}" id="id_bulk-applications_0" checked' in flat(html)


def test_applications_of_another_panel_cannot_be_ticked(client, alice, org, panel):
    other = ApplicationFactory(
        panel=PanelFactory(organisation=org, named_contact=panel.named_contact,
                           deputy_contact=panel.deputy_contact, backed_by=panel.backed_by)
    )  # fmt: skip
    client.force_login(alice)
    response = client.post(
        url(panel, "bulk/"), {"bulk-applications": [other.pk], "bulk-status": "declined"}
    )
    assert response.status_code == 400
    assert "Tick applications from this list." in response.content.decode()
    other.refresh_from_db()
    assert other.status == "received"


def test_members_cannot_change_applications_in_bulk(client, bob, panel):
    application = ApplicationFactory(panel=panel)
    client.force_login(bob)
    response = client.post(
        url(panel, "bulk/"), {"bulk-applications": [application.pk], "bulk-status": "declined"}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == "received"


def test_public_page_prints_as_a_flyer_with_a_qr_code(client, panel):
    html = client.get("/panels/riverside/day-services/").content.decode()
    link = "http://testserver/panels/riverside/day-services/"
    assert 'class="flyer-qr print-only"' in html  # on paper only, unless asked
    assert f'<strong class="flyer-link">{link}</strong>' in html
    qr = segno.make(link, error="m").svg_inline(
        scale=5, border=2, svgclass="flyer-qr-code", lineclass=None, omitsize=True
    )
    assert qr in html
    flyer = client.get("/panels/riverside/day-services/?print=flyer").content.decode()
    assert 'class="flyer-qr"' in flyer


# Inviting a member who has no login to make one


def test_staff_invite_a_member_with_an_email_to_log_in(
    client, alice, org, panel, mailoutbox, django_capture_on_commit_callbacks
):
    june = PersonFactory(organisation=org, name="June Patel", email="june@example.org")
    member = PanelMemberFactory(panel=panel, person=june, started_on=datetime.date(2026, 4, 1))
    client.force_login(alice)
    page = client.get(f"/o/riverside/panels/{panel.pk}/members/").content.decode()
    assert 'Invite to log in<span class="visually-hidden">: June Patel</span>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/o/riverside/panels/{panel.pk}/members/{member.pk}/invite/", follow=True
        )
    assert "We have emailed June Patel a link to make their login." in response.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.person, invitation.role) == (
        "june@example.org",
        june,
        "member",
    )
    assert [m.to for m in mailoutbox] == [["june@example.org"]]
    assert f"/invitations/{invitation.token}/" in mailoutbox[0].body


def test_a_member_with_no_email_or_a_login_is_not_invited(client, alice, bob, org, panel):
    tom = PersonFactory(organisation=org, name="Tom Reed", email="")
    no_email = PanelMemberFactory(panel=panel, person=tom, started_on=datetime.date(2026, 4, 1))
    client.force_login(alice)
    base = f"/o/riverside/panels/{panel.pk}/members/"
    html = client.post(f"{base}{no_email.pk}/invite/", follow=True).content.decode()
    assert "Tom Reed has no email address." in html
    bob_member = panel.members.get(person__user=bob)
    html = client.post(f"{base}{bob_member.pk}/invite/", follow=True).content.decode()
    assert "Bob Hughes can already log in." in html
    assert not Invitation.objects.exists()
