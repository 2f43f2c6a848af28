"""Try again every message still waiting to be sent. Run every few minutes from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.people.messages import retry_waiting


class Command(BaseCommand):
    help = "Queue again each message that is still waiting a minute after it was made."

    def handle(self, *args: Any, **options: Any) -> None:
        count = retry_waiting()
        self.stdout.write(f"Queued {count} message(s) again.")
