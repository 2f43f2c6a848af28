"""The assurance report for leaders: the page (printable) and the same figures as CSV."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from coproduce.assurance.forms import PeriodForm
from coproduce.assurance.report import (
    LEVEL_COLUMNS,
    assurance_report_for,
    report_rows,
    whole_days,
)
from coproduce.assurance.statements import STATEMENTS
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.payments.money import pounds


@org_view(Role.STAFF)
def report(request: OrgRequest) -> HttpResponse:
    form = PeriodForm(request.GET)
    context: dict[str, Any] = {
        "form": form,
        "report": None,
        "level_columns": [label for _key, label in LEVEL_COLUMNS],
        "statements": STATEMENTS,
    }
    if form.is_valid():
        found = assurance_report_for(request.organisation, form.period)
        context.update(
            report=found,
            total_paid=pounds(found.payments.total_pence),
            days_to_response=whole_days(found.loops.median_days_to_response),
            days_to_feedback=whole_days(found.loops.median_days_to_feedback),
        )
    return render(request, "assurance/report.html", context)


@org_view(Role.STAFF)
def report_csv(request: OrgRequest) -> HttpResponse:
    form = PeriodForm(request.GET)
    if not form.is_valid():
        message = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponse(
            _("The dates are not right: %(why)s Go back and choose them again.") % {"why": message},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    found = assurance_report_for(request.organisation, form.period)
    period = form.period
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="assurance-{period.starts_on}-to-{period.ends_on}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["Section", "Figure", "Value", "Regulator statements"])
    writer.writerows([[_safe(cell) for cell in row] for row in report_rows(found)])
    return response


def _safe(cell: str) -> str:
    """Stop a spreadsheet from running a title someone typed as a formula (CSV injection)."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
