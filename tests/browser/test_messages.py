"""Messages in a real browser, with axe on every page: staff send a text and print a letter
from the to-do list by keyboard; a member reads what was sent to them on a small phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from coproduce.payments.domain import statuses
from coproduce.people.models import ContactMethod, Message
from tests.browser.conftest import has_no_sideways_scroll, log_in, press_and_load, tab_to, visit
from tests.factories import ClaimFactory

PHONE = {"viewport": {"width": 320, "height": 568}, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 720}}


def claim_agreed(bob, dana, *methods: str, **fields: str) -> Message:
    person = bob.people.get()
    person.contact_methods = list(methods)
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    claim = ClaimFactory(person=person)
    statuses.submit_claim(claim, actor=bob)
    statuses.approve_claim(claim, actor=dana)
    return Message.objects.get(person=person, kind="claim.approved")


def test_staff_send_a_text_from_the_to_do_list_by_keyboard(new_page, alice, bob, dana):
    text = claim_agreed(bob, dana, ContactMethod.TEXT, phone="07700 900123")
    assert text.status == "by_hand"
    staff = new_page(**LAPTOP)
    log_in(staff, "alice@example.org")
    tab_to(staff, tag="a", text="1 text message to send")
    press_and_load(staff)
    assert staff.url.endswith("/o/riverside/people/messages/")
    expect(staff.get_by_text("Hello Bob Hughes. We have agreed your claim")).to_be_visible()
    tab_to(staff, tag="button", text="Mark as sent to Bob Hughes")
    press_and_load(staff)
    expect(staff.get_by_text("Marked as sent to Bob Hughes.")).to_be_visible()
    expect(staff.get_by_text("There is nothing to send. Well done.")).to_be_visible()
    text.refresh_from_db()
    assert (text.status, text.sent_via) == ("sent", "staff")


def test_a_printed_letter_has_the_address_and_fits_a_phone(new_page, alice, bob, dana):
    letter = claim_agreed(bob, dana, ContactMethod.POST, address="1 High Street\nRiverton\nRV1 2AB")
    staff = new_page(**PHONE)
    log_in(staff, "alice@example.org")
    visit(staff, f"/o/riverside/people/messages/{letter.pk}/letter/")
    # One line each, as the envelope's window shows it (the spaces between are not drawn).
    expect(staff.locator("address")).to_have_text(
        re.compile(r"^\s*Bob Hughes\s*1 High Street\s*Riverton\s*RV1 2AB\s*$")
    )
    expect(staff.get_by_role("button", name="Print")).to_be_visible()  # shown by the script
    assert has_no_sideways_scroll(staff)


def test_a_member_reads_what_was_sent_to_them_on_a_phone(new_page, bob, dana):
    claim_agreed(bob, dana, ContactMethod.EMAIL)
    member = new_page(**PHONE)
    log_in(member, "bob@example.org")
    visit(member, "/o/riverside/people/messages/mine/")
    expect(member.get_by_role("heading", name="Your claim is agreed")).to_be_visible()
    assert has_no_sideways_scroll(member)
