"""A person's claims (their own, or staff for someone who does not log in), one claim and
its steps, the payment preference and the year statement."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.core.forms import add_domain_error
from coproduce.core.models import Role
from coproduce.core.params import whole_number
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.panels.models import Panel, PanelMember
from coproduce.payments import attendance as meeting_facts
from coproduce.payments import domain, queries, rules
from coproduce.payments.forms import (
    ClaimChangeForm,
    ClaimForm,
    ExpenseForm,
    PayForm,
    PreferenceForm,
    QueryForm,
)
from coproduce.payments.models import Claim, ExpenseLine, Status
from coproduce.payments.views.common import (
    claim_for_viewer,
    claims_home,
    outcome_message,
    own_person,
    person_for,
    to_claim,
)
from coproduce.people import reading
from coproduce.people.models import Person

# A person's claims


def _claims_page(request: OrgRequest, person: Person, *, own: bool) -> HttpResponse:
    today = timezone.localdate()
    claims = list(queries.claims_for_person(person))
    claimed = {
        claim.source_attendance_id
        for claim in claims
        if claim.source_attendance_id and claim.status != Status.WITHDRAWN
    }
    unclaimed = [
        facts
        for facts in meeting_facts.attended_meetings(person, today=today)
        if facts.attendance_id not in claimed
    ]
    return render(
        request,
        "payments/claims.html",
        {
            "person": person,
            "own": own,
            "claims": claims,
            "unclaimed": unclaimed,
            "preference": queries.preference_for(person),
            "rates": queries.rates_in_force(request.organisation, today),
            "payment_settings": queries.settings_for(request.organisation),
            "tax_year": queries.tax_year_of(today),
            "can_check": rules.can_check_claims(request.membership),
        },
    )


@org_view()
def my_claims(request: OrgRequest) -> HttpResponse:
    person = queries.person_for_user(request.organisation, request.user)
    if person is None:
        return render(request, "payments/no_record.html")
    return _claims_page(request, person, own=True)


@org_view(Role.STAFF)
def person_claims(request: OrgRequest, person_pk: int) -> HttpResponse:
    person = person_for(request, person_pk)
    return _claims_page(request, person, own=person.user_id == request.user.pk)


def _panels_for(person: Person) -> list[Panel]:
    ids = PanelMember.objects.filter(person=person).values("panel_id")
    return list(Panel.objects.filter(organisation_id=person.organisation_id, pk__in=ids))


def _create_claim(request: OrgRequest, person: Person) -> HttpResponse:
    today = timezone.localdate()
    panels = _panels_for(person)
    form = ClaimForm(
        request.POST or None,
        meetings=meeting_facts.meetings_for_person(person, today=today),
        panels=panels,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim = domain.create_claim(
                person,
                actor=request.user,
                activity_type=data["activity_type"],
                activity_date=data["activity_date"],
                quantity=data["quantity"],
                panel=next((p for p in panels if p.pk == data.get("panel")), None),
                description=data["description"],
                meeting_id=data.get("meeting"),
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Claim %(ref)s is saved. Add any expenses, then send it.")
                % {"ref": claim.reference},
            )
            return to_claim(request, claim)
    return render(
        request,
        "payments/claim_form.html",
        {
            "form": form,
            "person": person,
            "own": person.user_id == request.user.pk,
            "rates": queries.rates_in_force(request.organisation, today),
        },
    )


@org_view()
@require_http_methods(["GET", "POST"])
def claim_create(request: OrgRequest) -> HttpResponse:
    return _create_claim(request, own_person(request))


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def person_claim_create(request: OrgRequest, person_pk: int) -> HttpResponse:
    return _create_claim(request, person_for(request, person_pk))


@org_view()
@require_http_methods(["POST"])
def claim_from_attendance(request: OrgRequest, attendance_pk: int) -> HttpResponse:
    facts = meeting_facts.facts_for_attendance(request.organisation, attendance_pk)
    if facts is None:
        raise Http404
    person = get_for_org_or_404(Person, request.organisation, pk=facts.person_id)
    if person.user_id != request.user.pk and not rules.can_check_claims(request.membership):
        raise Http404
    try:
        claim, created = domain.create_claim_from_attendance(
            request.organisation, attendance_pk, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return claims_home(request, person)
    if created:
        messages.success(
            request,
            _(
                "Claim %(ref)s is ready with the meeting's time and rate. Add any expenses, "
                "then send it."
            )
            % {"ref": claim.reference},
        )
    else:
        messages.info(
            request,
            _("There is already a claim for this meeting: %(ref)s.") % {"ref": claim.reference},
        )
    return to_claim(request, claim)


# One claim


@org_view()
def claim_detail(request: OrgRequest, claim_pk: int) -> HttpResponse:
    claim = claim_for_viewer(request, claim_pk)
    membership = request.membership
    preference = queries.preference_for(claim.person)
    return render(
        request,
        "payments/claim_detail.html",
        {
            "claim": claim,
            "expenses": list(claim.expenses.all()),
            "events": list(claim.events.select_related("actor")),
            "preference": preference,
            "limit_warning": queries.limit_warning(claim, preference)
            if claim.status in Status.editable()
            else None,
            "own": rules.is_claimant(membership, claim),
            "can_change": rules.can_change_claim(membership, claim),
            "can_send": rules.can_send_claim(membership, claim),
            "can_withdraw": rules.can_withdraw_claim(membership, claim),
            "can_approve": rules.can_approve_claim(membership, claim),
            "can_pay": rules.can_pay_claim(membership, claim),
            "can_check": rules.can_check_claims(membership),
            "payment_settings": queries.settings_for(request.organisation),
        },
    )


@org_view()
@require_http_methods(["GET", "POST"])
def claim_change(request: OrgRequest, claim_pk: int) -> HttpResponse:
    claim = claim_for_viewer(request, claim_pk)
    if not rules.can_change_claim(request.membership, claim):
        messages.info(request, _("This claim has been sent, so it cannot be changed now."))
        return to_claim(request, claim)
    form = ClaimChangeForm(
        request.POST or None,
        initial={"quantity": claim.quantity, "description": claim.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_claim(claim, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return to_claim(request, claim)
    return render(request, "payments/claim_change.html", {"claim": claim, "form": form})


@org_view()
@require_http_methods(["GET", "POST"])
def expense_add(request: OrgRequest, claim_pk: int) -> HttpResponse:
    claim = claim_for_viewer(request, claim_pk)
    if not rules.can_change_claim(request.membership, claim):
        messages.info(request, _("This claim has been sent, so you cannot add costs to it now."))
        return to_claim(request, claim)
    payment_settings = queries.settings_for(request.organisation)
    form = ExpenseForm(
        request.POST or None, request.FILES or None, payment_settings=payment_settings
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.add_expense(
                claim,
                actor=request.user,
                category=data["category"],
                amount_pence=data["amount"],
                miles=data["miles"],
                description=data["description"],
                receipt=data["receipt"],
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The cost is added to claim %(ref)s.") % {"ref": claim.reference}
            )
            return to_claim(request, claim)
    return render(
        request,
        "payments/expense_form.html",
        {"claim": claim, "form": form, "payment_settings": payment_settings},
    )


def _expense(claim: Claim, expense_pk: int) -> ExpenseLine:
    return get_object_or_404(ExpenseLine, claim=claim, pk=expense_pk)


@org_view()
@require_http_methods(["POST"])
def expense_remove(request: OrgRequest, claim_pk: int, expense_pk: int) -> HttpResponse:
    claim = claim_for_viewer(request, claim_pk)
    line = _expense(claim, expense_pk)
    if not rules.can_change_claim(request.membership, claim):
        raise PermissionDenied
    domain.remove_expense(line, actor=request.user)
    messages.success(request, _("The cost is taken off the claim."))
    return to_claim(request, claim)


@org_view()
def receipt(request: OrgRequest, claim_pk: int, expense_pk: int) -> HttpResponse:
    claim = claim_for_viewer(request, claim_pk)
    line = _expense(claim, expense_pk)
    if not line.receipt:
        raise Http404
    # Receipts are small (PAYMENTS_RECEIPT_MAX_MB) and never served from a public address.
    with line.receipt.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=line.receipt_name or "receipt"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@org_view()
@require_http_methods(["POST"])
def claim_submit(request: OrgRequest, claim_pk: int) -> HttpResponse:
    return _take_step(
        request,
        claim_pk,
        domain.submit_claim,
        done=_("Claim %(ref)s is sent. We will check it and tell you if we have a question."),
        again=_("Claim %(ref)s was already sent. Nothing has changed."),
    )


@org_view()
@require_http_methods(["POST"])
def claim_withdraw(request: OrgRequest, claim_pk: int) -> HttpResponse:
    return _take_step(
        request,
        claim_pk,
        domain.withdraw_claim,
        done=_("Claim %(ref)s is taken back. We will not pay it."),
        again=_("Claim %(ref)s was already taken back."),
    )


@org_view(Role.STAFF)
@require_http_methods(["POST"])
def claim_approve(request: OrgRequest, claim_pk: int) -> HttpResponse:
    return _take_step(
        request,
        claim_pk,
        domain.approve_claim,
        done=_("Claim %(ref)s is agreed. Finance can now pay it."),
        again=_("Claim %(ref)s was already agreed. Nothing has changed."),
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def claim_query(request: OrgRequest, claim_pk: int) -> HttpResponse:
    claim = claim_for_viewer(request, claim_pk)
    form = QueryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = domain.query_claim(
                claim, actor=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            outcome_message(
                request,
                outcome,
                _("Claim %(ref)s is sent back with your question."),
                _("Claim %(ref)s already has a question. Nothing has changed."),
            )
            return to_claim(request, claim)
    return render(request, "payments/claim_query.html", {"claim": claim, "form": form})


@org_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def claim_pay(request: OrgRequest, claim_pk: int) -> HttpResponse:
    claim = claim_for_viewer(request, claim_pk)
    form = PayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = domain.pay_claim(
                claim,
                actor=request.user,
                reference=form.cleaned_data["reference"],
                paid_on=form.cleaned_data["paid_on"],
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            outcome_message(
                request,
                outcome,
                _("Claim %(ref)s is marked as paid."),
                _("Claim %(ref)s was already marked as paid. Nothing has changed."),
            )
            return to_claim(request, claim)
    return render(request, "payments/claim_pay.html", {"claim": claim, "form": form})


@org_view()
def remittance(request: OrgRequest, claim_pk: int) -> HttpResponse:
    claim = claim_for_viewer(request, claim_pk)
    if claim.status != Status.PAID:
        messages.info(request, _("There is no payment letter yet: this claim is not paid."))
        return to_claim(request, claim)
    return render(
        request,
        "payments/remittance.html",
        {
            "claim": claim,
            "expenses": list(claim.expenses.all()),
            "payment_settings": queries.settings_for(request.organisation),
            # The person the letter is to: their easy read choice, as on every page for them.
            "easy_read": reading.wants_easy_read(request, claim.person),
        },
    )


# Preference and statement


def _preference(request: OrgRequest, person: Person) -> HttpResponse:
    current = queries.preference_for(person)
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {
            "choice": current.choice,
            "lower_amount": current.lower_amount_pence,
            "charity_name": current.charity_name,
            "finance_reference": current.finance_reference,
            "limit": current.limit_pence,
            "limit_period": current.limit_period,
        }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        domain.set_payment_preference(person, actor=request.user, **form.domain_fields())
        messages.success(request, _("The payment choice is saved. You can change it at any time."))
        return claims_home(request, person)
    return render(
        request,
        "payments/preference.html",
        {
            "form": form,
            "person": person,
            "own": person.user_id == request.user.pk,
            "current": current,
            "payment_settings": queries.settings_for(request.organisation),
        },
    )


@org_view()
@require_http_methods(["GET", "POST"])
def preference(request: OrgRequest) -> HttpResponse:
    return _preference(request, own_person(request))


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def person_preference(request: OrgRequest, person_pk: int) -> HttpResponse:
    return _preference(request, person_for(request, person_pk))


def _year(request: OrgRequest) -> int:
    """?year=2026 means the tax year from 6 April 2026; without it, the current one."""
    text = request.GET.get("year", "")
    if not text:
        return queries.tax_year_of(timezone.localdate())
    year = whole_number(text, low=queries.FIRST_YEAR, high=queries.LAST_YEAR)
    if year is None:
        raise Http404
    return year


def _statement(request: OrgRequest, person: Person) -> HttpResponse:
    year = _year(request)
    return render(
        request,
        "payments/statement.html",
        {
            "statement": queries.statement_for(person, year),
            "years": queries.years_beside(year),
            "own": person.user_id == request.user.pk,
            "payment_settings": queries.settings_for(request.organisation),
            "easy_read": reading.wants_easy_read(request, person),
        },
    )


@org_view()
def statement(request: OrgRequest) -> HttpResponse:
    return _statement(request, own_person(request))


@org_view(Role.STAFF)
def person_statement(request: OrgRequest, person_pk: int) -> HttpResponse:
    return _statement(request, person_for(request, person_pk))


def _take_step(
    request: OrgRequest, claim_pk: int, step: Callable[..., Any], *, done: str, again: str
) -> HttpResponse:
    """Move a claim on one step; say whether it changed or had already been done."""
    claim = claim_for_viewer(request, claim_pk)
    try:
        outcome = step(claim, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        outcome_message(request, outcome, done, again)
    return to_claim(request, claim)
