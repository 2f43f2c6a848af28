"""Equality answers given on paper or by phone, in a real browser: an admin types them in
(only with the applicant's agreement), and any staff member deletes them when the applicant
asks. Axe checks every page.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.core.models import AuditEntry
from coproduce.panels.models import EqualityRecord
from tests.browser.conftest import log_in, navigates, totp_secret_of, visit
from tests.factories import ApplicationFactory, day_services_panel


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def application(org, alice, dana):
    """Pat Jones's application to the published Day Services Panel, sent on paper."""
    panel = day_services_panel(org, alice, dana, published_at=timezone.now())
    return ApplicationFactory(panel=panel, name="Pat Jones", route="paper", email="")


def test_admin_types_in_paper_answers_and_staff_delete_them_when_asked(
    new_page, application, alice, dana
):
    detail = f"/o/riverside/panels/{application.panel_id}/applications/{application.pk}/"
    signed_on = timezone.localdate() - datetime.timedelta(days=2)
    admin = new_page()
    log_in(admin, "dana@example.org", totp_secret=totp_secret_of(dana))
    visit(admin, detail)
    with navigates(admin):
        admin.get_by_role("link", name="Type in answers from paper or a phone call").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Type in equality answers")
    admin.get_by_label("On a paper form").check()
    admin.get_by_label("When did they agree?").fill(signed_on.isoformat())
    admin.get_by_label("Female", exact=True).check()
    with navigates(admin):  # no box ticked for their agreement: refused, answers kept
        admin.get_by_role("button", name="Save their answers").click()
    expect(admin.locator(".error-summary")).to_contain_text("Tick this box only if they agreed.")
    expect(admin.get_by_label("Female", exact=True)).to_be_checked()
    assert not EqualityRecord.objects.exists()
    admin.get_by_label(re.compile(r"^They agreed to us keeping their answers")).check()
    with navigates(admin):
        admin.get_by_role("button", name="Save their answers").click()
    expect(admin.get_by_role("status")).to_have_text(
        "Their answers are saved, apart from their application."
    )
    record = EqualityRecord.objects.get()
    assert (record.application_id, record.answers, record.collected_via) == (
        application.pk,
        {"sex": "female"},
        "paper",
    )
    assert (record.entered_by, timezone.localdate(record.consent_given_at)) == (dana, signed_on)
    expect(admin.locator(".summary-list")).to_contain_text(
        "Answered (only counts are shown to staff)"
    )

    staff = new_page()
    log_in(staff, "alice@example.org")
    visit(staff, detail)
    expect(staff.get_by_role("link", name="Open their answers (this is logged)")).to_have_count(0)
    with navigates(staff):
        staff.get_by_role("link", name="Delete them (they asked us to)").click()
    with navigates(staff):
        staff.get_by_role("button", name="Delete their answers").click()
    expect(staff.get_by_role("status")).to_have_text("Their equality answers are deleted.")
    assert not EqualityRecord.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="panels.equality.")
        .order_by("id")
        .values_list("action", "actor")
    ) == [("panels.equality.entered", dana.pk), ("panels.equality.withdrawn", alice.pk)]
    visit(staff, detail + "equality/delete/")
    expect(staff.locator("main")).to_contain_text("They have no equality answers to delete.")
