"""A member with no email address at all gets a login, in a real browser with axe on every
page: Alice prints June's login slip on a big screen; June opens the slip's address on a small
phone, chooses a password by keyboard alone, is given a sign-in name, and later signs in with
it and reaches her home. Later, having forgotten her password, she chooses a new one from a
"new password" slip."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.accounts.models import Invitation, User
from coproduce.core.models import Membership
from tests.browser.conftest import (
    has_no_sideways_scroll,
    log_in,
    panel_path,
    press_and_load,
    tab_to,
    type_into,
    visit,
)
from tests.factories import PanelMemberFactory, PersonFactory, day_services_panel

PHONE = {"viewport": {"width": 320, "height": 568}, "has_touch": True}
BIG = {"viewport": {"width": 1280, "height": 720}}
PASSWORD = "a long river walk"


@pytest.fixture
def june(org, alice, bob, dana):
    panel = day_services_panel(org, alice, dana, bob, published_at=timezone.now())
    person = PersonFactory(organisation=org, name="June Patel", email="")
    return PanelMemberFactory(panel=panel, person=person)


def test_june_with_no_email_signs_in_with_her_slip_on_a_phone(new_page, alice, june):
    staff = new_page(**BIG)
    log_in(staff, "alice@example.org")
    visit(staff, panel_path(june.panel, "members/"))
    tab_to(staff, tag="button", text="Print a login slip: June Patel")
    press_and_load(staff)
    expect(staff.get_by_role("heading", level=1)).to_have_text("Login slip for June Patel")
    typed = staff.locator(".login-slip-link").inner_text().strip()
    code = Invitation.objects.get(person=june.person).token
    path = f"/invitations/{code[:4]}-{code[4:8]}-{code[8:]}/"
    assert typed.endswith(path)

    member = new_page(**PHONE)
    visit(member, path)  # as typed from the slip (the square opens the same address)
    assert has_no_sideways_scroll(member)
    tab_to(member, label="Your email address (optional)")  # she has none: left empty
    type_into(member, "Your name", "June Patel")
    type_into(member, "Choose a password", PASSWORD)
    type_into(member, "Type the password again", PASSWORD)
    tab_to(member, tag="button", text="Make my account and join")
    press_and_load(member)

    expect(member.get_by_role("heading", level=1)).to_have_text("Hello, June Patel")
    said = member.get_by_text(re.compile(r"^Your sign-in name is june[2-9]{4}\."))
    expect(said).to_be_visible()
    sign_in_name = re.search(r"june[2-9]{4}", said.inner_text()).group(0)
    expect(member.get_by_role("heading", name="Getting started")).to_be_visible()
    assert has_no_sideways_scroll(member)

    later = new_page(**PHONE)  # another day, signed out
    visit(later, "/accounts/login/")
    type_into(later, "Email address or sign-in name", sign_in_name)
    type_into(later, "Password", PASSWORD)
    tab_to(later, tag="button", type="submit")
    press_and_load(later)
    assert later.url.endswith("/o/riverside/")
    expect(later.get_by_role("heading", level=1)).to_have_text("Hello, June Patel")
    assert has_no_sideways_scroll(later)


NEW_PASSWORD = "purple kettle morning"


def test_june_forgot_her_password_and_chooses_a_new_one_from_a_slip(new_page, alice, org, june):
    user = User.objects.create_user("june2345@no-email.invalid", PASSWORD, name="June Patel")
    Membership.objects.create(organisation=org, user=user, role="member")
    # as her first slip left it: nothing to confirm for a sign-in name
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    june.person.user = user
    june.person.save(update_fields=["user"])

    staff = new_page(**BIG)
    log_in(staff, "alice@example.org")
    visit(staff, panel_path(june.panel, "members/"))
    tab_to(staff, tag="button", text="Print a new password slip: June Patel")
    press_and_load(staff)
    expect(staff.get_by_role("heading", level=1)).to_have_text("New password slip for June Patel")
    expect(staff.locator("strong.login-slip-link")).to_have_text("june2345")
    code = Invitation.objects.get(person=june.person, resets_password=True).token
    path = f"/invitations/{code[:4]}-{code[4:8]}-{code[8:]}/"

    member = new_page(**PHONE)
    visit(member, path)
    assert has_no_sideways_scroll(member)
    expect(member.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    type_into(member, "Choose a new password", NEW_PASSWORD)
    type_into(member, "Type the new password again", NEW_PASSWORD)
    tab_to(member, tag="button", text="Save my new password")
    press_and_load(member)
    expect(member.get_by_role("heading", level=1)).to_have_text("Hello, June Patel")
    expect(member.get_by_text("Your sign-in name is june2345.")).to_be_visible()
    assert has_no_sideways_scroll(member)

    later = new_page(**PHONE)  # another day, signed out
    visit(later, "/accounts/login/")
    type_into(later, "Email address or sign-in name", "june2345")
    type_into(later, "Password", NEW_PASSWORD)
    tab_to(later, tag="button", type="submit")
    press_and_load(later)
    expect(later.get_by_role("heading", level=1)).to_have_text("Hello, June Patel")
