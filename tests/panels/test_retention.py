"""Retention: equality records and unsent drafts are deleted when their time is up, counted
but never described, safely run twice, by command and through the task worker."""

from __future__ import annotations

import datetime
import io
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.panels import domain
from coproduce.panels.domain import equality, retention
from coproduce.panels.models import Application, EqualityRecord, PanelMember
from coproduce.people.models import Message
from tests.factories import ApplicationFactory, PanelFactory, PersonFactory
from tests.panels.test_equality import RARE

NOW = datetime.datetime(2027, 6, 15, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def answered(panel, status="received", changed=None):
    application = ApplicationFactory(panel=panel, status=status, status_changed_at=changed)
    equality.record_equality_answers(application, RARE, selection_consent=False)
    return application


def left(panel):
    """Application ids whose equality record is still kept."""
    return set(EqualityRecord.objects.filter(panel=panel).values_list("application_id", flat=True))


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert retention.months_before(NOW, 12) == NOW.replace(year=2026)
    march = datetime.datetime(2027, 3, 31, 9, 0, tzinfo=datetime.UTC)
    assert retention.months_before(march, 1) == march.replace(month=2, day=28)
    assert retention.months_before(march, 15).date() == datetime.date(2025, 12, 31)


def test_declined_answers_go_twelve_months_after_the_decision(panel, settings):
    settings.PANELS_EQUALITY_RETENTION_MONTHS = 12
    old = answered(panel, "declined", NOW - datetime.timedelta(days=366))
    recent = answered(panel, "declined", NOW - datetime.timedelta(days=300))
    result = retention.apply_retention(NOW)
    assert (result.equality_records, result.drafts) == (1, 0)
    assert left(panel) == {recent.pk}
    assert Application.objects.filter(pk=old.pk).exists()  # only the answers go


def test_members_answers_stay_until_twelve_months_after_they_leave(panel, org, settings):
    settings.PANELS_EQUALITY_RETENTION_MONTHS = 12
    current = answered(panel, "accepted", NOW - datetime.timedelta(days=900))
    gone = answered(panel, "accepted", NOW - datetime.timedelta(days=900))
    lately = answered(panel, "accepted", NOW - datetime.timedelta(days=900))
    for application, ended in [
        (current, None),
        (gone, datetime.date(2026, 6, 1)),
        (lately, datetime.date(2027, 1, 1)),
    ]:
        PanelMember.objects.create(
            organisation=org,
            panel=panel,
            person=PersonFactory(organisation=org),
            role="member",
            started_on=datetime.date(2025, 1, 1),
            ended_on=ended,
            application=application,
        )
    retention.apply_retention(NOW)
    assert left(panel) == {current.pk, lately.pk}


def test_waiting_applicants_answers_go_after_recruitment_has_been_closed(panel, alice, settings):
    settings.PANELS_EQUALITY_RETENTION_MONTHS = 6
    waiting = answered(panel, "waiting_list", NOW - datetime.timedelta(days=400))
    offered = answered(panel, "offered", NOW - datetime.timedelta(days=400))
    retention.apply_retention(NOW)
    assert left(panel) == {waiting.pk, offered.pk}  # still recruiting: published
    domain.unpublish_panel(panel, actor=alice)
    panel.refresh_from_db()
    closed = panel.recruitment_closed_at
    assert closed is not None
    retention.apply_retention(closed + datetime.timedelta(days=180))
    assert left(panel) == {waiting.pk, offered.pk}  # closed for under six months
    retention.apply_retention(closed + datetime.timedelta(days=186))
    assert left(panel) == set()


def test_publishing_again_stops_the_clock(panel, alice):
    waiting = answered(panel, "received")
    domain.unpublish_panel(panel, actor=alice)
    domain.publish_panel(panel, actor=alice)
    panel.refresh_from_db()
    assert panel.recruitment_closed_at is None
    retention.apply_retention(timezone.now() + datetime.timedelta(days=800))
    assert left(panel) == {waiting.pk}


def test_unsent_drafts_and_their_files_go_after_thirty_days(panel, settings, tmp_path):
    settings.PANELS_DRAFT_RETENTION_DAYS = 30
    old = domain.start_application(panel)
    domain.save_application_draft(
        old,
        name="Half done",
        attachment=SimpleUploadedFile("letter.pdf", b"%PDF-1.4 hi", "application/pdf"),
    )
    assert (tmp_path / old.attachment.name).exists()
    recent = domain.start_application(panel)
    sent = ApplicationFactory(panel=panel)
    Application.objects.filter(pk__in=[old.pk, sent.pk]).update(updated_at=NOW - 31 * DAY)
    Application.objects.filter(pk=recent.pk).update(updated_at=NOW - 29 * DAY)
    result = retention.apply_retention(NOW)
    assert (result.drafts, result.files) == (1, 1)
    assert set(Application.objects.values_list("pk", flat=True)) == {recent.pk, sent.pk}


def test_files_are_removed_after_commit(panel, tmp_path, django_capture_on_commit_callbacks):
    draft = domain.start_application(panel)
    domain.save_application_draft(
        draft, attachment=SimpleUploadedFile("a.pdf", b"%PDF-1.4 hi", "application/pdf")
    )
    path = tmp_path / draft.attachment.name
    Application.objects.filter(pk=draft.pk).update(updated_at=NOW - 40 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        retention.apply_retention(NOW)
    assert not path.exists()


def test_the_log_says_how_many_and_nothing_else(panel, org, caplog):
    answered(panel, "declined", NOW - datetime.timedelta(days=400))
    draft = domain.start_application(panel)
    domain.save_application_draft(draft, name="Robin Rare", email="robin@example.org")
    Application.objects.filter(pk=draft.pk).update(updated_at=NOW - 40 * DAY)
    other = PanelFactory()  # another organisation: its own entry
    answered(other, "declined", NOW - datetime.timedelta(days=400))
    caplog.set_level(logging.INFO, logger="coproduce.panels.domain.retention")
    retention.apply_retention(NOW)
    entries = AuditEntry.objects.filter(action="panels.retention.applied").order_by("id")
    assert {(e.organisation_id, e.actor_id, e.target_id) for e in entries} == {
        (org.pk, None, ""),
        (other.organisation_id, None, ""),
    }
    assert {e.organisation_id: e.data for e in entries}[org.pk] == {
        "equality_records": 1,
        "drafts": 1,
        "messages": 0,
    }
    [line] = [
        r.getMessage() for r in caplog.records if r.name == "coproduce.panels.domain.retention"
    ]
    assert line == "Panels retention: deleted 2 equality records and 1 unsent drafts (0 files)."
    text = " ".join(f"{e.data} {e.target_repr}" for e in entries) + line
    for secret in ("Robin", "robin@example.org", "white_roma", "Roma"):
        assert secret not in text


def test_running_twice_deletes_nothing_more(panel):
    answered(panel, "declined", NOW - datetime.timedelta(days=400))
    assert retention.apply_retention(NOW).equality_records == 1
    again = retention.apply_retention(NOW)
    assert (again.equality_records, again.drafts) == (0, 0)
    assert AuditEntry.objects.filter(action="panels.retention.applied").count() == 1


def test_command_dry_run_counts_and_deletes_nothing(panel, monkeypatch):
    answered(panel, "declined", NOW - datetime.timedelta(days=400))
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    out = io.StringIO()
    call_command("apply_panel_retention", "--dry-run", stdout=out)
    assert out.getvalue() == (
        "Dry run (equality answers after 12 months, drafts after 30 days): would delete "
        "1 equality records and 0 unsent drafts.\n"
    )
    assert EqualityRecord.objects.count() == 1


def test_command_deletes_and_is_safe_to_run_again(panel, monkeypatch):
    answered(panel, "declined", NOW - datetime.timedelta(days=400))
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    outputs = []
    for _run in range(2):
        out = io.StringIO()
        call_command("apply_panel_retention", stdout=out)
        outputs.append(out.getvalue())
    assert outputs == [
        "Deleted 1 equality records and 0 unsent drafts "
        "(equality answers after 12 months, drafts after 30 days).\n",
        "Deleted 0 equality records and 0 unsent drafts "
        "(equality answers after 12 months, drafts after 30 days).\n",
    ]
    assert not EqualityRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_retention_task_runs_in_the_database_worker(settings, org):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    panel = PanelFactory(organisation=org)
    gone = answered(panel, "declined", timezone.now() - datetime.timedelta(days=400))
    kept = answered(panel, "declined", timezone.now() - datetime.timedelta(days=10))
    out = io.StringIO()
    call_command("apply_panel_retention", "--enqueue", stdout=out)
    assert out.getvalue().startswith("Queued the retention job (")
    assert left(panel) == {gone.pk, kept.pk}  # stored for the worker, not run yet
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    assert left(panel) == {kept.pk}
    from django_tasks_db.models import DBTaskResult

    [result] = DBTaskResult.objects.all()
    assert result.return_value == {"equality_records": 1, "drafts": 0}


def test_messages_about_an_ended_application_go_with_it(panel, alice, settings):
    settings.PANELS_EQUALITY_RETENTION_MONTHS = 12
    robin, sam = (
        ApplicationFactory(panel=panel, status="received", name=name, email=email)
        for name, email in [("Robin Rare", "robin@example.org"), ("Sam Soon", "sam@example.org")]
    )
    for application in (robin, sam):
        domain.change_application_status(application, "offered", actor=alice)  # news, with link
        domain.answer_offer(application, accept=False, actor=None)  # a note to the contact
    made = Message.objects.values_list("kind", flat=True)
    assert sorted(made) == ["application.status"] * 2 + ["offer.declined"] * 2
    Application.objects.filter(pk=robin.pk).update(status_changed_at=NOW - 400 * DAY)
    Application.objects.filter(pk=sam.pk).update(status_changed_at=NOW - 300 * DAY)

    assert retention.due_for_retention(NOW).messages == 2
    assert retention.apply_retention(NOW).messages == 2
    left_over = " ".join(
        f"{m.to_name} {m.subject} {m.body} {m.link}" for m in Message.objects.all()
    )
    assert "Robin" not in left_over
    assert robin.token not in left_over
    assert "Sam Soon" in left_over  # Sam's decision was 300 days ago: kept for now
    assert Message.objects.count() == 2
    entry = AuditEntry.objects.get(action="panels.retention.applied")
    assert entry.data == {"equality_records": 0, "drafts": 0, "messages": 2}
    assert retention.apply_retention(NOW).messages == 0  # safe to run again
