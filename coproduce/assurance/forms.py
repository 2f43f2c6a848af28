"""The period of the assurance report, read from the query string (`start`, `end`)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.assurance.report import Period, default_period

EARLIEST = datetime.date(2000, 1, 1)
SHOWN = "%d/%m/%Y"
DATE_FORMATS = [SHOWN, "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y"]


def _date_field(label: Any, example: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("For example, %s.") % example,
        error_messages={"invalid": _("Enter a real date, for example %s.") % example},
        # Typed as text, as elsewhere (payments.forms.TextDateField): the same in every
        # browser, and a date that does not exist stays on screen to be put right.
        widget=forms.DateInput(format=SHOWN, attrs={"autocomplete": "off", "class": "date"}),
    )


class PeriodForm(forms.Form):
    """From and to dates, both included. Empty means the last 12 months, ending today."""

    start = _date_field(_("From"), "1/4/2026")
    end = _date_field(_("To"), "31/3/2027")

    def __init__(self, data: Any = None, *, today: datetime.date | None = None) -> None:
        self.today = today or timezone.localdate()
        fallback = default_period(self.today)
        given = {k: data.get(k, "") for k in ("start", "end")} if data else {}
        bound = {
            "start": given.get("start") or fallback.starts_on.strftime(SHOWN),
            "end": given.get("end") or fallback.ends_on.strftime(SHOWN),
        }
        super().__init__(bound)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        latest = self.today + datetime.timedelta(days=366)
        if start and start < EARLIEST:
            self.add_error("start", _("Choose a date from 1 January 2000 on."))
        if end and end > latest:
            self.add_error("end", _("Choose a date no more than a year from today."))
        if start and end and start > end and not self.errors:
            self.add_error("end", _("The end date must be on or after the start date."))
        return cleaned

    @property
    def period(self) -> Period:
        """The chosen period. Only once the form is valid."""
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
