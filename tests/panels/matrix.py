"""Panel records for the tenancy matrix (tests/core/test_tenancy_matrix.py)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coproduce.panels import domain
from coproduce.panels.models import Application, PanelMember
from tests.factories import PanelFactory, PanelMemberFactory


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
    assert PanelMember.objects.filter(panel=panel).count() == 1
    return {
        "panel": panel,
        "panel_member": member,
        "panel_application": application,
        "panel_task": application.contact_tasks.get(),
    }


def panel_kwarg(param: str, data: dict) -> object:
    return {
        "application_pk": lambda: data["panel_application"].pk,
        "task_pk": lambda: data["panel_task"].pk,
        "member_pk": lambda: data["panel_member"].pk,
        "application_token": lambda: data["panel_application"].token,
        "slug": lambda: data["panel"].slug,
    }[param]()
