"""A printed login slip for a member who does not use email: a short code and a link (with
its QR code) to choose a password, that works once and runs out. Never a password."""

from __future__ import annotations

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError

from coproduce.accounts.models import Invitation, User
from coproduce.core.models import AuditEntry, Membership
from coproduce.panels.domain.login_slips import print_login_slip
from coproduce.panels.models import PanelMember
from tests.factories import PanelMemberFactory, PersonFactory


@pytest.fixture
def june_member(org, panel):
    person = PersonFactory(organisation=org, name="June Patel", email="")
    return PanelMemberFactory(panel=panel, person=person, started_on=datetime.date(2026, 4, 1))


def test_a_slip_makes_an_invitation_with_a_short_code_and_sends_nothing(alice, june_member):
    invitation = print_login_slip(june_member, actor=alice)
    assert (invitation.by_slip, invitation.email, invitation.person) == (
        True,
        "",
        june_member.person,
    )
    assert len(invitation.token) == 12
    assert set(invitation.token) <= set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    assert mail.outbox == []
    assert AuditEntry.objects.filter(action="accounts.invitation.printed").count() == 1


def test_a_new_slip_stops_the_old_one(alice, june_member):
    first = print_login_slip(june_member, actor=alice)
    print_login_slip(june_member, actor=alice)
    first.refresh_from_db()
    assert first.cancelled_at is not None


def test_no_slip_for_someone_who_can_log_in(alice, bob, panel):
    member = PanelMember.objects.get(panel=panel, person__user=bob)
    with pytest.raises(ValidationError) as error:
        print_login_slip(member, actor=alice)
    assert error.value.code == "has_login"


def test_staff_print_the_slip(client, alice, panel, june_member):
    client.force_login(alice)
    members = client.get(f"/o/riverside/panels/{panel.pk}/members/").content.decode()
    assert "Print a login slip" in members
    response = client.post(f"/o/riverside/panels/{panel.pk}/members/{june_member.pk}/slip/")
    invitation = Invitation.objects.get(person=june_member.person)
    assert response["Location"] == (
        f"/o/riverside/panels/{panel.pk}/members/{june_member.pk}/slip/{invitation.pk}/"
    )
    slip = client.get(response["Location"])
    page = slip.content.decode()
    assert slip["Cache-Control"] == "no-store"
    code = invitation.token
    assert f"http://testserver/invitations/{code[:4]}-{code[4:8]}-{code[8:]}/" in page
    assert "Need help? Call Alice Okafor on 01632 960111." in page
    assert "<svg" in page  # the QR code


def test_june_makes_her_login_from_the_typed_code(client, alice, org, june_member):
    invitation = print_login_slip(june_member, actor=alice)
    code = invitation.token
    typed = f"{code[:4]}-{code[4:8]}-{code[8:]}".lower()
    url = f"/invitations/{typed}/"
    page = client.get(url).content.decode()
    assert "Your email address" in page
    response = client.post(
        url,
        {
            "email": "June@Example.org",
            "name": "June Patel",
            "password1": "a long river walk",
            "password2": "a long river walk",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="june@example.org")
    june_member.person.refresh_from_db()
    assert june_member.person.user == user
    assert Membership.objects.get(organisation=org, user=user).role == "member"
    # The slip did not prove the address: it is checked by email at the next sign in.
    assert EmailAddress.objects.get(user=user).verified is False
    assert client.get(url).status_code == 410  # it works once


def test_a_slip_refuses_an_address_that_already_has_a_login(client, alice, june_member):
    invitation = print_login_slip(june_member, actor=alice)
    response = client.post(
        f"/invitations/{invitation.token}/",
        {
            "email": "bob@example.org",
            "name": "June Patel",
            "password1": "a long river walk",
            "password2": "a long river walk",
        },
    )
    assert "There is already a login for this email address." in response.content.decode()
    assert response.status_code == 200
