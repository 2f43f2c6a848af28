"""Panel records for the tenancy matrix (tests/core/test_tenancy_matrix.py)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coproduce.accounts.models import Invitation
from coproduce.panels import domain
from coproduce.panels.domain import access, agreement, meetings
from coproduce.panels.domain import glossary as glossary_domain
from coproduce.panels.models import Application, ContactTask, MeetingMessage, PanelMember
from tests.factories import PanelFactory, PanelMemberFactory

PANEL_PARAMS = {
    "application_pk",
    "task_pk",
    "member_pk",
    "application_token",
    "slug",
    "meeting_pk",
    "item_pk",
    "paper_pk",
    "version",
    "message_pk",
    "person_pk",
    "need_pk",
    "adjustment_pk",
    "point_pk",
    "term_pk",
    "invitation_pk",
}


def panel_records(org, cast) -> dict[str, object]:
    """A published panel with bob on it, a sent application (with a file) and a letter task."""
    alice, bob = (
        cast["alice"].people.get(organisation=org),
        cast["bob"].people.get(organisation=org),
    )
    panel = PanelFactory(
        organisation=org,
        slug="day-services",
        named_contact=alice,
        deputy_contact=cast["dana"].people.get(organisation=org),
        backed_by=alice,
        published_at=timezone.now(),
    )
    member = PanelMemberFactory(panel=panel, person=bob)
    application = domain.enter_application(
        panel,
        actor=cast["alice"],
        route="paper",
        name="June Adeyemi",
        address="1 River Street",
        contact_channel="post",
        why_join="To be heard.",
        attachment=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 hello", "application/pdf"),
    )
    application = Application.objects.get(pk=application.pk)
    # A letter task from before status news went through people.messages (still shown).
    panel_task = ContactTask.objects.create(
        organisation=org,
        panel=panel,
        application=application,
        status_change=application.status_changes.get(),
        kind=ContactTask.Kind.LETTER,
    )
    assert PanelMember.objects.filter(panel=panel).count() == 1
    return {
        "panel": panel,
        "panel_member": member,
        "panel_application": application,
        "panel_task": panel_task,
        # A login slip's invitation for bob's record (the page prints it for staff).
        "panel_invitation": Invitation.objects.create(
            organisation=org,
            person=bob,
            by_slip=True,
            token="ABCDEFGHJKMN",
            invited_by=cast["alice"],
        ),
        **part_two_records(panel, cast, bob),
    }


def part_two_records(panel, cast, bob) -> dict[str, object]:
    """A dated meeting with an agenda item, a paper and a letter to post; bob's access need
    and adjustment; a group agreement point; a glossary word."""
    alice = cast["alice"]
    meeting = meetings.create_meeting(
        panel,
        actor=alice,
        title="May meeting",
        format="hybrid",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        date_options=[timezone.now() + datetime.timedelta(days=21)],
    )
    item = meetings.add_agenda_item(meeting, actor=alice, title="Transport")
    paper = meetings.add_paper(
        meeting,
        actor=alice,
        title="Transport options",
        standard=SimpleUploadedFile("options.pdf", b"%PDF-1.4 hello", "application/pdf"),
    )
    message = MeetingMessage.objects.create(
        organisation=panel.organisation,
        meeting=meeting,
        person=bob,
        kind="invitation",
        key="matrix",
        channel="staff",
    )
    need = access.record_access_need(
        panel,
        bob,
        actor=alice,
        kind="mobility",
        options=["step_free"],
        detail="",
        identified_on=datetime.date(2026, 4, 1),
        identified_how="told_us",
        share_with_facilitators=False,
        consent_via="conversation",
    )
    adjustment = access.agree_adjustment(
        panel,
        need,
        actor=alice,
        description="Book a room on the ground floor.",
        agreed_on=datetime.date(2026, 4, 1),
        review_on=datetime.date(2026, 10, 1),
    )
    point = agreement.raise_agreement_point(panel, person=bob, text="Breaks.", actor=alice)
    term = glossary_domain.add_glossary_term(
        panel.organisation, actor=alice, term="reablement", definition="Help to do things again."
    )
    return {
        "panel_meeting": meeting,
        "panel_item": item,
        "panel_paper": paper,
        "panel_message": message,
        "panel_person": bob,
        "panel_need": need,
        "panel_adjustment": adjustment,
        "panel_point": point,
        "panel_term": term,
    }


def panel_kwarg(param: str, data: dict) -> object:
    return {
        "application_pk": lambda: data["panel_application"].pk,
        "task_pk": lambda: data["panel_task"].pk,
        "member_pk": lambda: data["panel_member"].pk,
        "application_token": lambda: data["panel_application"].token,
        "slug": lambda: data["panel"].slug,
        "version": lambda: "standard",
        **{
            f"{name}_pk": (lambda name=name: data[f"panel_{name}"].pk)
            for name in (
                "meeting",
                "item",
                "paper",
                "message",
                "person",
                "need",
                "adjustment",
                "point",
                "term",
                "invitation",
            )
        },
    }[param]()
