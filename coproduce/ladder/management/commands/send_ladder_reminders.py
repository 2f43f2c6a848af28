"""Remind people who have not sent their Ladder answers, and withdraw link messages not sent
yet whose link has run out. Run it once a day (cron)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from coproduce.ladder import delivery


class Command(BaseCommand):
    help = (
        "Email a reminder to each person in an open Ladder round who has not sent their "
        "answers (safe to run often: at most one per person every LADDER_REMINDER_GAP_DAYS). "
        "First, withdraw each link message not sent yet whose link has run out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent, and send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        # Links run out by time, not by anyone's action, so this daily run is what takes a
        # call or letter with a dead link off the staff to-do list.
        withdrawn = delivery.withdraw_expired_links(dry_run=dry_run)
        if withdrawn:
            verb = "Would withdraw" if dry_run else "Withdrew"
            noun = "message" if withdrawn == 1 else "messages"
            self.stdout.write(f"{verb} {withdrawn} {noun} whose link has run out")
        due = delivery.remind_open_rounds(dry_run=dry_run)
        rounds = sorted({response.round_id for response in due})
        for round_id in rounds:
            count = sum(1 for response in due if response.round_id == round_id)
            verb = "Would remind" if dry_run else "Reminded"
            self.stdout.write(f"{verb} {count} people in round {round_id}")
        gap = settings.LADDER_REMINDER_GAP_DAYS
        if dry_run:
            self.stdout.write(f"Dry run: {len(due)} reminders due (gap {gap} days).")
        else:
            self.stdout.write(f"Sent {len(due)} reminders (gap {gap} days).")
