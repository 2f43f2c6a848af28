"""Checking claims and finance: the queue, the overview, the streamed export, panel budgets,
rates and settings. Staff see; admins (finance) pay, export and change settings."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.core.forms import add_domain_error
from coproduce.core.models import Role
from coproduce.core.params import whole_number
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.panels.models import Panel
from coproduce.payments import domain, queries, rules
from coproduce.payments.forms import (
    BudgetForm,
    PaymentSettingsForm,
    RateForm,
    RunPayForm,
)
from coproduce.payments.models import PaymentRun, Rate, Status
from coproduce.people.models import Person

# Checking and finance (staff; paying and settings: admins)

QUEUES = {
    "submitted": Status.SUBMITTED,
    "queried": Status.QUERIED,
    "approved": Status.APPROVED,
    "paid": Status.PAID,
}


@org_view(Role.STAFF)
def queue(request: OrgRequest) -> HttpResponse:
    today = timezone.localdate()
    which = request.GET.get("status", "submitted")
    if which == "overdue":
        claims = queries.overdue_claims(request.organisation, today=today)
    elif which in QUEUES:
        claims = queries.claims_in_queue(request.organisation, QUEUES[which])
    else:
        raise Http404
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "payments/queue.html",
        {
            "page": page,
            "which": which,
            "cutoff": queries.overdue_cutoff(
                today, queries.settings_for(request.organisation).target_working_days
            ),
            "summary": queries.finance_summary(request.organisation, today=today),
        },
    )


@org_view(Role.STAFF)
def finance(request: OrgRequest) -> HttpResponse:
    if request.GET.get("person", "").strip():
        person_pk = whole_number(request.GET["person"])
        if person_pk is None:
            raise Http404
        person = get_for_org_or_404(Person, request.organisation, pk=person_pk)
        return redirect("payments_person", org=request.organisation.slug, person_pk=person.pk)
    today = timezone.localdate()
    return render(
        request,
        "payments/finance.html",
        {
            "summary": queries.finance_summary(request.organisation, today=today),
            "people": Person.objects.for_organisation(request.organisation).only("pk", "name"),
            "can_run_finance": rules.can_run_finance(request.membership),
            "runs": queries.payment_runs(request.organisation),
        },
    )


def _csv_lines(rows: Iterator[list[str]], *, rows_per_chunk: int = 500) -> Iterator[str]:
    """CSV text in chunks of a few hundred rows: memory stays flat however many claims."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(queries.EXPORT_HEADER)
    for count, row in enumerate(rows, start=1):
        # A cell that starts with = + - @ could run as a formula in a spreadsheet.
        writer.writerow(["'" + cell if cell[:1] in ("=", "+", "-", "@") else cell for cell in row])
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_download(
    request: OrgRequest, filename: str, run: PaymentRun | None = None
) -> HttpResponse:
    domain.log_export(request.organisation, actor=request.user)
    response = StreamingHttpResponse(
        _csv_lines(queries.export_rows(request.organisation, run=run)), content_type="text/csv"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response  # type: ignore[return-value]  # org_view is typed for HttpResponse


@org_view(Role.ADMIN)
def export(request: OrgRequest) -> HttpResponse:
    return _csv_download(request, f"claims-to-pay-{timezone.localdate():%Y-%m-%d}.csv")


# Payment runs (admins): a batch of agreed claims, downloaded, paid and marked paid together


@org_view(Role.ADMIN)
@require_http_methods(["POST"])
def run_start(request: OrgRequest) -> HttpResponse:
    run = domain.start_payment_run(request.organisation, actor=request.user)
    if run is None:
        messages.info(request, _("There are no agreed claims waiting for a payment run."))
        return redirect("payments_finance", org=request.organisation.slug)
    messages.success(request, _("Payment run %(ref)s is ready.") % {"ref": run.reference})
    return redirect("payments_run", org=request.organisation.slug, run_pk=run.pk)


@org_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def run_detail(request: OrgRequest, run_pk: int) -> HttpResponse:
    run = get_for_org_or_404(PaymentRun, request.organisation, pk=run_pk)
    form = RunPayForm(request.POST or None, initial={"reference": run.reference})
    if request.method == "POST" and form.is_valid():
        try:
            result = domain.pay_payment_run(
                run,
                actor=request.user,
                reference=form.cleaned_data["reference"],
                paid_on=form.cleaned_data["paid_on"],
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            for claim, reason in result.left:
                messages.error(request, f"{claim.reference}: {reason}")
            messages.success(
                request,
                _("%(paid)s claims marked paid now. %(already)s were already paid.")
                % {"paid": result.paid, "already": result.already},
            )
            return redirect(request.path)
    claims = run.claims.select_related("person", "panel").order_by("activity_date", "id")
    return render(request, "payments/run.html", {"run": run, "claims": claims, "form": form})


@org_view(Role.ADMIN)
def run_export(request: OrgRequest, run_pk: int) -> HttpResponse:
    run = get_for_org_or_404(PaymentRun, request.organisation, pk=run_pk)
    return _csv_download(request, f"payment-run-{run.reference}.csv", run=run)


@org_view(Role.STAFF)
def budgets(request: OrgRequest) -> HttpResponse:
    today = timezone.localdate()
    year = queries.financial_year_start(today).year
    if "year" in request.GET:
        chosen = whole_number(request.GET["year"], low=queries.FIRST_YEAR, high=queries.LAST_YEAR)
        if chosen is None:
            raise Http404
        year = chosen
    starts_on = datetime.date(year, 4, 1)
    return render(
        request,
        "payments/budgets.html",
        {
            "lines": queries.budget_lines(request.organisation, starts_on),
            "starts_on": starts_on,
            "ends_on": datetime.date(year + 1, 3, 31),
            "year": year,
            "years": queries.years_beside(year),
            "can_run_finance": rules.can_run_finance(request.membership),
        },
    )


@org_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def budget_set(request: OrgRequest, panel_pk: int) -> HttpResponse:
    panel = get_for_org_or_404(Panel, request.organisation, pk=panel_pk)
    starts_on = queries.financial_year_start(timezone.localdate())
    form = BudgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        domain.set_panel_budget(
            panel,
            actor=request.user,
            year_starts_on=starts_on,
            amount_pence=form.cleaned_data["amount"],
            cost_code=form.cleaned_data["cost_code"],
        )
        messages.success(request, _("The budget is saved."))
        return redirect(reverse("payments_budgets", kwargs={"org": request.organisation.slug}))
    return render(
        request, "payments/budget_form.html", {"panel": panel, "form": form, "starts_on": starts_on}
    )


@org_view(Role.STAFF)
def rates(request: OrgRequest) -> HttpResponse:
    return render(
        request,
        "payments/rates.html",
        {
            "rates": Rate.objects.for_organisation(request.organisation).order_by(
                "activity_type", "-valid_from", "-id"
            ),
            "today": timezone.localdate(),
            "can_run_finance": rules.can_run_finance(request.membership),
        },
    )


@org_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def rate_add(request: OrgRequest) -> HttpResponse:
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.add_rate(
                request.organisation,
                actor=request.user,
                activity_type=data["activity_type"],
                unit=data["unit"],
                amount_pence=data["amount"],
                valid_from=data["valid_from"],
                source=data["source"],
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The new rate is saved. Claims already made keep their old rate.")
            )
            return redirect("payments_rates", org=request.organisation.slug)
    return render(request, "payments/rate_form.html", {"form": form})


@org_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def payment_settings(request: OrgRequest) -> HttpResponse:
    current = queries.settings_for(request.organisation)
    form = PaymentSettingsForm.for_settings(request.POST or None, current)
    if request.method == "POST" and form.is_valid():
        domain.update_payment_settings(current, actor=request.user, **form.domain_fields())
        messages.success(request, _("The payment settings are saved."))
        return redirect("payments_finance", org=request.organisation.slug)
    return render(request, "payments/settings.html", {"form": form})
