"""Make the workshop reminders that are due now. Run it every 15 minutes (cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coproduce.workshops.domain import inviting


class Command(BaseCommand):
    help = "Send the one reminder before each workshop to everyone invited who has not said no."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent, and send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            due = inviting.due_workshop_reminders()
            self.stdout.write(f"Dry run: {len(due)} workshop reminders due.")
            return
        made = inviting.send_workshop_reminders()
        by_hand = sum(1 for m in made if m.status == "by_hand")
        self.stdout.write(
            f"Made {len(made)} workshop reminders: {len(made) - by_hand} to send, "
            f"{by_hand} for staff."
        )
