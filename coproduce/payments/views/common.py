"""Fetching records for the viewer, and the messages the payment pages share."""

from __future__ import annotations

from django.contrib import messages
from django.http import (
    Http404,
    HttpResponse,
)
from django.shortcuts import redirect

from coproduce.core.tenancy import OrgRequest, get_for_org_or_404
from coproduce.payments import domain, queries, rules
from coproduce.payments.models import Claim
from coproduce.people.models import Person

# Fetching records for this viewer


def own_person(request: OrgRequest) -> Person:
    person = queries.person_for_user(request.organisation, request.user)
    if person is None:
        raise Http404
    return person


def person_for(request: OrgRequest, person_pk: int | None) -> Person:
    """The viewer's own record, or (staff only, checked by the URL's role) someone else's."""
    if person_pk is None:
        return own_person(request)
    return get_for_org_or_404(Person, request.organisation, pk=person_pk)


def claim_for_viewer(request: OrgRequest, claim_pk: int) -> Claim:
    """A claim the viewer may see: their own, or any in the organisation for staff."""
    claim = get_for_org_or_404(
        Claim.objects.select_related("person", "panel", "approved_by", "paid_by"),
        request.organisation,
        pk=claim_pk,
    )
    if not rules.can_see_claim(request.membership, claim):
        raise Http404
    return claim


def to_claim(request: OrgRequest, claim: Claim) -> HttpResponse:
    return redirect("payments_claim_detail", org=request.organisation.slug, claim_pk=claim.pk)


def claims_home(request: OrgRequest, person: Person) -> HttpResponse:
    if person.user_id == request.user.pk:
        return redirect("payments_my_claims", org=request.organisation.slug)
    return redirect("payments_person", org=request.organisation.slug, person_pk=person.pk)


def outcome_message(request: OrgRequest, outcome: domain.Outcome, done: str, again: str) -> None:
    if outcome.changed:
        messages.success(request, done % {"ref": outcome.claim.reference})
    else:
        messages.info(request, again % {"ref": outcome.claim.reference})
