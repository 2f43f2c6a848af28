"""Every staff page that shows an access need logs the look; consent to keep a need is
recorded with its time and route, and shown to the people who may read the need."""

from __future__ import annotations

import datetime

import pytest

from coproduce.core.models import AuditEntry, Role
from coproduce.panels.domain import access
from coproduce.panels.models import AccessNeed
from coproduce.people import access as person_access
from tests.factories import MembershipFactory, PersonFactory, UserFactory
from tests.panels.test_access import SECRET_DETAIL, url


@pytest.fixture
def erin(org):
    """Another member of staff: not the panel's contact."""
    user = UserFactory(email="erin@example.org", name="Erin Walsh")
    MembershipFactory(organisation=org, user=user, role=Role.STAFF)
    PersonFactory(organisation=org, user=user, name="Erin Walsh", email=user.email)
    return user


@pytest.fixture
def need(panel, alice, bob):
    need = access.record_access_need(
        panel,
        bob.people.get(),
        actor=alice,
        kind="mobility",
        options=["step_free"],
        detail=SECRET_DETAIL,
        identified_on=datetime.date(2026, 4, 1),
        identified_how="told_us",
        share_with_facilitators=False,
        consent_via="conversation",
    )
    access.agree_adjustment(
        panel,
        need,
        actor=alice,
        description="Book the ground floor room",
        agreed_on=datetime.date(2026, 4, 1),
        review_on=datetime.date(2026, 7, 1),
    )
    return need


def views():
    return list(
        AuditEntry.objects.filter(action="panels.access_needs.viewed")
        .order_by("id")
        .values_list("actor__email", "data")
    )


@pytest.mark.parametrize(
    ("page", "shows"),
    [
        ("access/needs/{need}/", SECRET_DETAIL),
        ("access/needs/{need}/adjustments/new/", "Getting there and moving around"),
        ("access/adjustments/{adjustment}/review/", "Book the ground floor room"),
    ],
)
def test_each_staff_page_showing_a_need_logs_the_look(client, alice, panel, need, page, shows):
    adjustment = need.adjustments.get()
    client.force_login(alice)
    response = client.get(url(panel, page.format(need=need.pk, adjustment=adjustment.pk)))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert shows in response.content.decode()
    assert views() == [("alice@example.org", {"person": need.person_id, "count": 1})]


def test_saving_a_change_logs_the_look_too(client, alice, panel, need):
    client.force_login(alice)
    client.post(
        url(panel, f"access/needs/{need.pk}/"),
        {
            "options": ["step_free"],
            "detail": "Needs the lift",
            "identified_how": "told_us",
            "identified_on": "2026-04-01",
        },
    )
    assert AccessNeed.objects.get().detail == "Needs the lift"
    assert len(views()) == 1


def test_other_staff_are_refused_and_nothing_is_logged(client, erin, panel, need):
    client.force_login(erin)
    adjustment = need.adjustments.get()
    for page in (
        f"access/needs/{need.pk}/",
        f"access/needs/{need.pk}/adjustments/new/",
        f"access/adjustments/{adjustment.pk}/review/",
    ):
        assert client.get(url(panel, page)).status_code == 403
    assert views() == []


def test_an_ended_need_is_not_found_and_not_logged(client, alice, panel, need):
    person_access.update_access_need(need, actor=alice, ended=True)
    client.force_login(alice)
    assert client.get(url(panel, f"access/needs/{need.pk}/")).status_code == 404
    assert views() == []


STAFF_NEED = {
    "kind": "dietary",
    "options": ["halal"],
    "detail": "",
    "identified_how": "told_us",
    "identified_on": "2026-05-01",
}


def test_staff_record_the_members_agreement_and_how_they_gave_it(client, alice, panel, bob):
    person = bob.people.get()
    client.force_login(alice)
    page = url(panel, f"access/people/{person.pk}/?kind=dietary")
    response = client.post(page, {**STAFF_NEED, "consent": "on", "consent_via": "phone"})
    assert response.status_code == 302
    need = AccessNeed.objects.get()
    assert (need.consent_via, need.recorded_by) == ("phone", alice)
    assert need.consent_given_at is not None
    html = client.get(url(panel, f"access/people/{person.pk}/")).content.decode()
    when = need.consent_given_at.astimezone().strftime("%-d %B %Y")
    assert f"Agreed that we keep this on {when} (by phone)." in html


def test_without_their_agreement_staff_cannot_keep_a_need(client, alice, panel, bob):
    person = bob.people.get()
    client.force_login(alice)
    response = client.post(
        url(panel, f"access/people/{person.pk}/?kind=dietary"),
        {**STAFF_NEED, "detail": "No nuts at all", "consent_via": "phone"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tick this box if they agreed. If they did not agree, we cannot keep it" in html
    assert "No nuts at all" in html  # nothing typed is lost
    assert not AccessNeed.objects.exists()


def test_member_sees_when_they_agreed(client, bob, panel):
    client.force_login(bob)
    client.post(
        "/o/riverside/people/me/access/new/?kind=energy",
        {"kind": "energy", "options": ["breaks"], "consent": "on"},
    )
    need = AccessNeed.objects.get()
    html = client.get(f"/o/riverside/panels/{panel.pk}/me/").content.decode()
    when = need.consent_given_at.astimezone().strftime("%-d %B %Y")
    assert f"Agreed that we keep this on {when} (online form)." in html


def test_needs_from_before_consent_was_kept_say_so(client, alice, panel, need):
    AccessNeed.objects.filter(pk=need.pk).update(consent_given_at=None, consent_via="")
    client.force_login(alice)
    html = client.get(url(panel, f"access/people/{need.person_id}/")).content.decode()
    assert "We did not record when they agreed that we keep this." in html


def test_recording_needs_a_known_consent_route(panel, alice, bob):
    with pytest.raises(ValueError, match="unknown consent route"):
        access.record_access_need(
            panel,
            bob.people.get(),
            actor=alice,
            kind="energy",
            options=[],
            detail="More breaks",
            identified_on=datetime.date(2026, 5, 1),
            identified_how="told_us",
            share_with_facilitators=False,
            consent_via="",
        )


def test_a_need_staff_recorded_says_who_recorded_it(client, alice, panel, need):
    client.force_login(alice)
    html = client.get(url(panel, f"access/people/{need.person_id}/")).content.decode()
    assert "Recorded for them by Alice Okafor." in html


def test_a_need_the_member_added_does_not_say_recorded_for_them(client, bob, panel):
    client.force_login(bob)
    client.post(
        "/o/riverside/people/me/access/new/?kind=energy",
        {"kind": "energy", "options": ["breaks"], "consent": "on"},
    )
    html = client.get(f"/o/riverside/panels/{panel.pk}/me/").content.decode()
    assert "More breaks" in html
    assert "Recorded for them by" not in html
