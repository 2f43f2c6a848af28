"""Work out a seeded selection again and compare it with what was recorded.

    manage.py repeat_selection 42

Prints whether the lottery (every panel and its chance) and the draw came out the same.
Exits with an error when they did not. Reads only: nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coproduce.selection.domain import repeat_selection
from coproduce.selection.models import SelectionRun


class Command(BaseCommand):
    help = "Work out a seeded selection again and compare it with what was recorded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("run", type=int, help="the selection run's number")

    def handle(self, *args: Any, **options: Any) -> None:
        run = SelectionRun.objects.filter(pk=options["run"]).select_related("panel").first()
        if run is None:
            raise CommandError(f"There is no selection run {options['run']}.")
        try:
            repeat = repeat_selection(run)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from error
        for note in repeat.notes:
            self.stdout.write(note)
        if repeat.same_lottery:
            self.stdout.write("The lottery is the same: every panel, with the same chance.")
        else:
            self.stdout.write(
                "The lottery is DIFFERENT (largest difference in a panel's chance: "
                f"{repeat.largest_difference:.1e})."
            )
        if repeat.same_draw is True:
            self.stdout.write("The draw is the same.")
        elif repeat.same_draw is False:
            self.stdout.write("The draw is DIFFERENT.")
        else:
            self.stdout.write("Nothing was drawn yet.")
        if not repeat.same_lottery or repeat.same_draw is False:
            raise CommandError("The repeat did not match what was recorded.")
