"""Access needs: the AIS steps, who reads the detail, the flag for everyone else, the log."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from django.core import mail

from coproduce.core.models import AuditEntry, Role
from coproduce.panels.domain import access, meetings, messages
from coproduce.panels.models import AccessNeed, AdjustmentCheck
from tests.factories import MeetingFactory, MembershipFactory, PersonFactory, UserFactory

SECRET_DETAIL = "Uses a wheelchair; needs the lift"


@pytest.fixture
def erin(org):
    """Another member of staff: not the panel's contact, not running the meeting."""
    user = UserFactory(email="erin@example.org", name="Erin Walsh")
    MembershipFactory(organisation=org, user=user, role=Role.STAFF)
    PersonFactory(organisation=org, user=user, name="Erin Walsh", email=user.email)
    return user


@pytest.fixture
def bob_person(org, bob):
    return bob.people.get(organisation=org)


@pytest.fixture
def need(panel, alice, bob_person):
    need = access.record_access_need(
        panel,
        bob_person,
        actor=alice,
        kind="mobility",
        options=["step_free", "not_an_option"],
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


def url(panel, rest=""):
    return f"/o/riverside/panels/{panel.pk}/{rest}"


def test_record_need_keeps_only_known_options_and_logs_no_detail(need, panel):
    assert need.options == ["step_free"]
    assert str(need) == f"Access need {need.pk}"
    entries = AuditEntry.objects.filter(action__startswith="people.access_need")
    assert [(e.action, e.target_id, e.data) for e in entries] == [
        (
            "people.access_need.recorded",
            str(need.pk),
            {"person": need.person_id, "consent_via": "conversation"},
        )
    ]
    assert SECRET_DETAIL not in str(list(AuditEntry.objects.values_list("data", "target_repr")))


def test_named_contact_reads_detail_and_each_look_is_logged(client, alice, panel, need):
    client.force_login(alice)
    response = client.get(url(panel, f"access/people/{need.person_id}/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert SECRET_DETAIL in html
    assert "Book the ground floor room" in html
    assert response["Cache-Control"] == "no-store"
    client.get(url(panel, f"access/people/{need.person_id}/"))
    views = AuditEntry.objects.filter(action="panels.access_needs.viewed")
    assert [(v.actor, v.data) for v in views] == [
        (alice, {"person": need.person_id, "count": 1}),
        (alice, {"person": need.person_id, "count": 1}),
    ]


def test_person_page_headings_step_down_one_level_at_a_time(client, alice, panel, need):
    """Each need sits under its own section heading, and no level is skipped (h1 then h3)."""
    client.force_login(alice)
    html = client.get(url(panel, f"access/people/{need.person_id}/")).content.decode()
    headings = [(int(level), text) for level, text in re.findall(r"<h([1-6])[^>]*>([^<]*)", html)]
    at = headings.index((2, "What we have recorded"))
    assert headings[at + 1] == (3, "Getting there and moving around")
    levels = [level for level, _text in headings]
    assert levels[0] == 1
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels))


def test_deputy_reads_detail(client, dana, panel, need):
    client.force_login(dana)
    assert (
        SECRET_DETAIL in client.get(url(panel, f"access/people/{need.person_id}/")).content.decode()
    )


def test_other_staff_see_only_the_flag(client, erin, panel, need):
    client.force_login(erin)
    assert client.get(url(panel, f"access/people/{need.person_id}/")).status_code == 403
    assert client.get(url(panel, f"access/needs/{need.pk}/")).status_code == 403
    listing = client.get(url(panel, "access/")).content.decode()
    assert "Has an adjustment" in listing
    assert SECRET_DETAIL not in listing
    assert "Step-free" not in listing
    assert not AuditEntry.objects.filter(action="panels.access_needs.viewed").exists()


def test_facilitator_reads_only_what_the_member_agreed_to_share(
    client, erin, panel, need, bob_person, alice
):
    meeting = MeetingFactory(panel=panel)
    meeting.facilitators.set([erin.people.get()])
    shared = access.record_access_need(
        panel,
        bob_person,
        actor=alice,
        kind="dietary",
        options=["vegan"],
        detail="",
        identified_on=datetime.date(2026, 4, 1),
        identified_how="asked",
        share_with_facilitators=True,
        consent_via="conversation",
    )
    client.force_login(erin)
    html = client.get(url(panel, f"meetings/{meeting.pk}/run/")).content.decode()
    assert "Vegan" in html
    assert SECRET_DETAIL not in html
    assert "Has an adjustment" in html
    [view] = AuditEntry.objects.filter(action="panels.access_needs.viewed")
    assert view.data == {"meeting": meeting.pk, "count": 1}
    assert shared.pk


def test_staff_not_running_the_meeting_see_flags_only_on_facilitator_view(
    client, erin, panel, need
):
    meeting = MeetingFactory(panel=panel)
    client.force_login(erin)
    html = client.get(url(panel, f"meetings/{meeting.pk}/run/")).content.decode()
    assert "Has an adjustment" in html
    assert SECRET_DETAIL not in html
    assert client.post(url(panel, f"meetings/{meeting.pk}/run/"), {}).status_code == 403


def test_meeting_page_and_attendance_flag_without_detail(client, alice, panel, need):
    meeting = MeetingFactory(panel=panel)
    client.force_login(alice)
    for page in (f"meetings/{meeting.pk}/", f"meetings/{meeting.pk}/attendance/"):
        html = client.get(url(panel, page)).content.decode()
        assert html.count("Has an adjustment") == 1, page
        assert SECRET_DETAIL not in html


def test_member_sees_own_needs_on_their_page(client, bob, panel, need):
    client.force_login(bob)
    html = client.get(url(panel, "me/")).content.decode()
    assert SECRET_DETAIL in html
    assert "Book the ground floor room" in html


def test_contact_records_whether_adjustment_was_met(client, alice, panel, need):
    meeting = MeetingFactory(panel=panel)
    adjustment = need.adjustments.get()
    client.force_login(alice)
    response = client.post(
        url(panel, f"meetings/{meeting.pk}/run/"),
        {f"result_{adjustment.pk}": "not_met", f"note_{adjustment.pk}": "The lift was broken."},
    )
    assert response.status_code == 302
    check = AdjustmentCheck.objects.get()
    assert (check.result, check.note, check.meeting) == ("not_met", "The lift was broken.", meeting)
    assert access.adjustments_met_summary(meeting) == {"met": 0, "partly": 0, "not_met": 1}


def test_review_keeps_or_ends_an_adjustment(client, alice, panel, need):
    adjustment = need.adjustments.get()
    client.force_login(alice)
    response = client.post(
        url(panel, f"access/adjustments/{adjustment.pk}/review/"),
        {"outcome": "continue", "reviewed_on": "2026-07-01", "next_review_on": "2026-06-01"},
    )
    assert "The next review must be after this one." in response.content.decode()
    client.post(
        url(panel, f"access/adjustments/{adjustment.pk}/review/"),
        {"outcome": "end", "reviewed_on": "2026-07-01", "next_review_on": ""},
    )
    adjustment.refresh_from_db()
    assert (adjustment.reviewed_on, adjustment.ended_on) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 7, 1),
    )


def test_bad_date_gives_a_clear_message_and_keeps_what_was_typed(client, alice, panel, need):
    client.force_login(alice)
    response = client.post(
        url(panel, f"access/people/{need.person_id}/?kind=sensory"),
        {
            "kind": "sensory",
            "options": ["quiet"],
            "detail": "Loud rooms are hard",
            "identified_how": "asked",
            "identified_on": "31/02/2026",
        },
    )
    html = response.content.decode()
    assert "Enter a real date, for example 2026-03-27." in html
    assert "Loud rooms are hard" in html
    assert AccessNeed.objects.filter(kind="sensory").count() == 0


def test_emails_and_exports_never_carry_access_needs(
    client, alice, panel, need, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(panel=panel)
    with django_capture_on_commit_callbacks(execute=True):
        messages.send_meeting_invitations(meeting, actor=alice)
    assert mail.outbox
    for email in mail.outbox:
        text = email.body + "".join(str(a[1]) for a in email.attachments)
        assert SECRET_DETAIL not in text
        assert "Step-free access" not in text
    client.force_login(alice)
    export = client.get(url(panel, "applications.csv")).content.decode()
    assert SECRET_DETAIL not in export
    assert meetings.expected_people(meeting)


def test_need_for_someone_not_on_the_panel_is_refused(panel, alice, org):
    stranger = PersonFactory(organisation=org)
    with pytest.raises(Exception, match="is not on this panel"):
        access.record_access_need(
            panel,
            stranger,
            actor=alice,
            kind="dietary",
            options=[],
            detail="Halal",
            identified_on=datetime.date(2026, 4, 1),
            identified_how="asked",
            share_with_facilitators=False,
            consent_via="conversation",
        )
