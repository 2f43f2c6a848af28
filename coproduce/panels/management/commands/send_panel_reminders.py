"""Make the panel meeting reminders that are due now. Run it every 15 minutes (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coproduce.panels.domain import messages


class Command(BaseCommand):
    help = "Send the panel meeting and papers reminders that are due now (safe to run often)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent, and send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            due = messages.due_reminders()
            for item in due:
                self.stdout.write(
                    f"Would send {item.kind} for meeting {item.meeting.pk} "
                    f"({item.key}) to {len(item.people)} people"
                )
            self.stdout.write(f"Dry run: {sum(len(d.people) for d in due)} reminders due.")
            return
        made = messages.make_due_reminders()
        by_email = sum(1 for m in made if m.channel == "email")
        self.stdout.write(
            f"Made {len(made)} reminders: {by_email} by email, {len(made) - by_email} for staff."
        )
