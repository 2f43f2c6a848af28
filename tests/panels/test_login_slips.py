"""A printed login slip for a member who does not use email: a short code and a link (with
its QR code) to choose a password, that works once and runs out. Never a password."""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError

from coproduce.accounts.domain import create_account_for_invitation
from coproduce.accounts.models import Invitation, User
from coproduce.core.models import AuditEntry, Membership
from coproduce.panels.domain.login_slips import print_login_slip
from coproduce.panels.models import PanelMember
from tests.factories import PanelMemberFactory, PersonFactory
from tests.markup import flat


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


def test_june_with_no_email_at_all_gets_a_login_from_her_slip_and_signs_in_again(
    client, alice, org, june_member
):
    client.force_login(alice)
    client.post(f"/o/riverside/panels/{june_member.panel_id}/members/{june_member.pk}/slip/")
    invitation = Invitation.objects.get(person=june_member.person)
    client.logout()
    url = f"/invitations/{invitation.token}/"
    assert "If you have no email address, leave this empty." in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "email": "",
            "name": "June Patel",
            "password1": "a long river walk",
            "password2": "a long river walk",
        },
        follow=True,
    )

    user = User.objects.get(name="June Patel")
    assert re.fullmatch(r"june[2-9]{4}@no-email\.invalid", user.email)
    assert user.sign_in_name == user.email.removesuffix("@no-email.invalid")
    page = response.content.decode()
    assert response.redirect_chain == [("/o/riverside/", 302)]
    assert "Hello, June Patel" in page
    assert f"Your sign-in name is {user.sign_in_name}. Write it on your slip." in page
    june_member.person.refresh_from_db()
    assert (june_member.person.user, june_member.person.email) == (user, "")
    assert mail.outbox == []  # nothing was sent to the made-up address

    client.logout()
    login = client.post(
        "/accounts/login/",
        {"login": f"  {user.sign_in_name.upper()} ", "password": "a long river walk"},
    )
    assert login["Location"] == "/"
    assert client.get("/")["Location"] == "/o/riverside/"
    assert "Hello, June Patel" in client.get("/o/riverside/").content.decode()
    assert mail.outbox == []  # no "confirm your email address" either
    account = flat(client.get("/accounts/email/").content.decode())
    assert (
        f'<div class="card account-address"><p>Your sign-in name:<strong>{user.sign_in_name}'
        "</strong></p><p>It is not an email address: nothing is sent to it. "
        "You log in with it and your password.</p></div>"
    ) in account


def test_staff_see_a_sign_in_name_not_a_made_up_address(client_as, dana, org):
    june = User.objects.create_user("june2345@no-email.invalid", "a long river walk", name="June")
    Membership.objects.create(organisation=org, user=june, role="member")
    members = client_as(dana).get("/o/riverside/members/").content.decode()
    assert "No email. Sign-in name: june2345" in members
    assert "june2345@no-email.invalid" not in members


def test_a_sign_in_name_address_cannot_be_typed_as_an_email(client, alice, june_member):
    invitation = print_login_slip(june_member, actor=alice)
    response = client.post(
        f"/invitations/{invitation.token}/",
        {
            "email": "june2345@no-email.invalid",
            "name": "June Patel",
            "password1": "a long river walk",
            "password2": "a long river walk",
        },
    )
    assert "Enter an email address like name@example.org." in response.content.decode()
    assert not User.objects.filter(name="June Patel").exists()


def test_an_emailed_invitation_still_needs_its_address(org, alice):
    invitation = Invitation.objects.create(organisation=org, invited_by=alice)
    with pytest.raises(ValidationError) as error:
        create_account_for_invitation(invitation, name="Sam", password="a long river walk")
    assert error.value.code == "no_email"
