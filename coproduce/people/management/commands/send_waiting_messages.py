"""Try again every message still waiting to be sent. Run every few minutes from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coproduce.people.messages import retry_waiting


class Command(BaseCommand):
    help = "Queue again each message that is still waiting a minute after it was made."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many are waiting; queue nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = retry_waiting(dry_run=options["dry_run"])
        verb = "Would queue" if options["dry_run"] else "Queued"
        self.stdout.write(f"{verb} {count} message(s) again.")
