"""Delete the panels' equality records and unsent drafts whose time is up. Run it daily (cron).

Safe to run twice: a second run finds nothing more to delete. See `panels.domain.retention`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from coproduce.panels import tasks
from coproduce.panels.domain import retention


class Command(BaseCommand):
    help = (
        "Delete equality answers and unsent application drafts kept longer than the panels' "
        "retention periods (safe to run often)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many would go, and delete nothing."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the job for the task worker (manage.py db_worker) instead of running it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        periods = (
            f"equality answers after {settings.PANELS_EQUALITY_RETENTION_MONTHS} months, "
            f"drafts after {settings.PANELS_DRAFT_RETENTION_DAYS} days"
        )
        if options["dry_run"]:
            due = retention.due_for_retention()
            self.stdout.write(
                f"Dry run ({periods}): would delete {due.equality_records} equality records "
                f"and {due.drafts} unsent drafts."
            )
            return
        if options["enqueue"]:
            result = tasks.apply_panel_retention_task.enqueue()
            self.stdout.write(f"Queued the retention job ({result.id}).")
            return
        done = retention.apply_retention()
        self.stdout.write(
            f"Deleted {done.equality_records} equality records and {done.drafts} unsent "
            f"drafts ({periods})."
        )
