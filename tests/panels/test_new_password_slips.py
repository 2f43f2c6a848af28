"""A "new password" slip for a member whose login has a sign-in name (no email) and who has
forgotten their password: the same short code, link and QR code as a login slip, working
once and running out, to choose a new password. Never a stored or printed password."""

from __future__ import annotations

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from coproduce.accounts.domain import reset_password_by_slip
from coproduce.accounts.models import Invitation, User
from coproduce.core.models import AuditEntry, Membership
from coproduce.panels.domain.login_slips import print_login_slip, print_new_password_slip
from coproduce.panels.models import PanelMember
from tests.factories import PanelMemberFactory, PersonFactory
from tests.markup import flat

OLD = "a long river walk"
NEW = "purple kettle morning"


@pytest.fixture
def june(org, panel):
    """June signs in with a sign-in name: she has no email address."""
    user = User.objects.create_user("june2345@no-email.invalid", OLD, name="June Patel")
    Membership.objects.create(organisation=org, user=user, role="member")
    # as her first slip left it: nothing to confirm for a sign-in name
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    person = PersonFactory(organisation=org, name="June Patel", email="", user=user)
    return PanelMemberFactory(panel=panel, person=person, started_on=datetime.date(2026, 4, 1))


def _signs_in(client, login: str, password: str) -> bool:
    client.logout()
    response = client.post("/accounts/login/", {"login": login, "password": password})
    return response.status_code == 302 and response["Location"] == "/"


def test_a_new_password_slip_has_a_short_code_sends_nothing_and_is_logged(alice, june):
    invitation = print_new_password_slip(june, actor=alice)
    assert (invitation.by_slip, invitation.resets_password, invitation.email) == (True, True, "")
    assert invitation.person == june.person
    assert len(invitation.token) == 12
    assert set(invitation.token) <= set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    assert mail.outbox == []
    entry = AuditEntry.objects.get(action="accounts.invitation.printed")
    assert (entry.actor, entry.data) == (alice, {"new_password": True})


def test_a_new_slip_stops_the_older_one(alice, june):
    first = print_new_password_slip(june, actor=alice)
    second = print_new_password_slip(june, actor=alice)
    first.refresh_from_db()
    assert first.cancelled_at is not None
    with pytest.raises(ValidationError) as error:
        reset_password_by_slip(first, password=NEW)
    assert error.value.code == "cancelled"
    reset_password_by_slip(second, password=NEW)
    june.person.user.refresh_from_db()
    assert june.person.user.check_password(NEW)


def test_no_new_password_slip_for_an_email_login_or_no_login(alice, bob, panel, org):
    bob_member = PanelMember.objects.get(panel=panel, person__user=bob)
    with pytest.raises(ValidationError) as error:
        print_new_password_slip(bob_member, actor=alice)
    assert error.value.code == "has_email"
    assert "I forgot my password" in error.value.messages[0]
    nobody = PanelMemberFactory(panel=panel, person=PersonFactory(organisation=org, email=""))
    with pytest.raises(ValidationError) as error:
        print_new_password_slip(nobody, actor=alice)
    assert error.value.code == "no_login"
    assert not Invitation.objects.exists()


def test_a_login_slip_is_still_refused_for_june(alice, june):
    with pytest.raises(ValidationError) as error:
        print_login_slip(june, actor=alice)
    assert error.value.code == "has_login"


def test_an_expired_slip_does_not_work(client, alice, june):
    invitation = print_new_password_slip(june, actor=alice)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    response = client.get(f"/invitations/{invitation.token}/")
    assert response.status_code == 410
    assert "This invitation has run out of time." in response.content.decode()
    with pytest.raises(ValidationError):
        reset_password_by_slip(invitation, password=NEW)


def test_staff_see_the_button_only_for_a_sign_in_name_login(client_as, alice, panel, june):
    page = flat(client_as(alice).get(f"/o/riverside/panels/{panel.pk}/members/").content.decode())
    assert page.count("Print a new password slip") == 1
    assert f"/members/{june.pk}/new-password-slip/" in page
    # bob logs in with email: staff are pointed at the emailed reset instead
    assert "they choose “I forgot my password” and we email them a link" in page


def test_staff_with_an_email_login_member_are_pointed_at_forgot_password(
    client_as, alice, bob, panel
):
    member = PanelMember.objects.get(panel=panel, person__user=bob)
    client = client_as(alice)
    response = client.post(
        f"/o/riverside/panels/{panel.pk}/members/{member.pk}/new-password-slip/", follow=True
    )
    assert response.redirect_chain == [(f"/o/riverside/panels/{panel.pk}/members/", 302)]
    assert "on the login page, they choose “I forgot my password”" in response.content.decode()
    assert not Invitation.objects.exists()


def test_staff_print_the_slip_and_june_chooses_a_new_password(client_as, alice, panel, june):
    staff = client_as(alice)
    client = Client()  # June, on her own phone
    response = staff.post(f"/o/riverside/panels/{panel.pk}/members/{june.pk}/new-password-slip/")
    invitation = Invitation.objects.get(person=june.person)
    assert response["Location"] == (
        f"/o/riverside/panels/{panel.pk}/members/{june.pk}/slip/{invitation.pk}/"
    )
    slip = staff.get(response["Location"])
    page = flat(slip.content.decode())
    assert slip["Cache-Control"] == "no-store"
    code = invitation.token
    assert f"http://testserver/invitations/{code[:4]}-{code[4:8]}-{code[8:]}/" in page
    assert "<h1>New password slip for June Patel</h1>" in page
    assert '<p>Your sign-in name:<strong class="login-slip-link">june2345</strong></p>' in page
    assert "<svg" in page  # the QR code
    assert OLD not in page
    assert NEW not in page

    # June types the code from the paper
    typed = f"/invitations/{code[:4]}-{code[4:8]}-{code[8:]}/".lower()
    form = client.get(typed)
    assert form["Cache-Control"] == "no-store"
    assert "Your sign-in name is <strong>june2345</strong>." in form.content.decode()
    mismatch = client.post(typed, {"password1": NEW, "password2": "something else"})
    assert "The two passwords are different." in mismatch.content.decode()
    assert _signs_in(client, "june2345", OLD)  # nothing changed yet

    done = client.post(typed, {"password1": NEW, "password2": NEW}, follow=True)
    assert done.redirect_chain == [("/o/riverside/", 302)]
    page = done.content.decode()
    assert "Hello, June Patel" in page
    assert "Your sign-in name is june2345. You log in with it and your new password." in page
    assert AuditEntry.objects.filter(action="accounts.password.reset_by_slip").count() == 1
    assert mail.outbox == []

    assert client.get(typed).status_code == 410  # it works once
    assert not _signs_in(client, "june2345", OLD)
    assert _signs_in(client, "june2345", NEW)
    assert Membership.objects.filter(user=june.person.user).count() == 1  # no second login
    assert User.objects.filter(name="June Patel").count() == 1


def test_the_slip_stops_working_if_her_login_leaves_the_organisation(client, alice, org, june):
    invitation = print_new_password_slip(june, actor=alice)
    Membership.objects.filter(organisation=org, user=june.person.user).delete()
    response = client.post(
        f"/invitations/{invitation.token}/", {"password1": NEW, "password2": NEW}
    )
    assert response.status_code == 410
    june.person.user.refresh_from_db()
    assert june.person.user.check_password(OLD)


def test_admins_see_the_waiting_slip_by_name_and_can_cancel_it(client_as, alice, dana, june):
    invitation = print_new_password_slip(june, actor=alice)
    client = client_as(dana)
    page = flat(client.get("/o/riverside/members/").content.decode())
    assert "<strong>June Patel</strong>· new password slip · Member ·" in page
    client.post(f"/o/riverside/members/invitations/{invitation.pk}/cancel/")
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
