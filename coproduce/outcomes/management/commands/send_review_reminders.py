"""Remind owners of "you said, we did" responses whose review date has come. Run daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from coproduce.outcomes.domain import remind_due_reviews


class Command(BaseCommand):
    help = "Email the owner of each response whose review date has come (once per date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would be reminded; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        due = remind_due_reviews(today=timezone.localdate(), dry_run=dry_run)
        verb = "Would remind" if dry_run else "Reminded"
        for response in due:
            self.stdout.write(
                f"{verb} owner of response {response.pk} (review date {response.review_on})"
            )
        self.stdout.write(f"{verb} {len(due)} owner(s).")
