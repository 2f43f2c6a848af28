"""Rounds of asking: open, follow, remind, print slips, close; and the answers export."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coproduce.core.links import absolute_url
from coproduce.core.models import Role
from coproduce.core.params import whole_number
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.initiatives.models import Initiative
from coproduce.ladder import delivery, domain
from coproduce.ladder.export import HEADER, export_rows_for
from coproduce.ladder.models import LinkMessage, Round
from coproduce.ladder.queries import not_asked_in
from coproduce.people.contact import prefers_email
from coproduce.people.models import Person


def _round(request: OrgRequest, pk: int, round_pk: int) -> Round:
    return get_for_org_or_404(
        Round.objects.select_related("initiative", "organisation"),
        request.organisation,
        pk=round_pk,
        initiative_id=pk,
    )


@org_view(Role.STAFF)
@require_POST
def round_open(request: OrgRequest, pk: int) -> HttpResponse:
    initiative = get_for_org_or_404(Initiative, request.organisation, pk=pk)
    try:
        round_ = domain.open_round(initiative, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("ladder_results", org=request.organisation.slug, pk=pk)
    messages.success(
        request, _("The round is open. We are emailing each person who uses email their link.")
    )
    return redirect("ladder_round_detail", org=request.organisation.slug, pk=pk, round_pk=round_.pk)


@org_view(Role.STAFF)
def round_detail(request: OrgRequest, pk: int, round_pk: int) -> HttpResponse:
    round_ = _round(request, pk, round_pk)
    responses = list(
        round_.responses.select_related("person", "entered_by")
        .prefetch_related(
            Prefetch(
                "link_messages",
                queryset=LinkMessage.objects.select_related("message").order_by("created_at", "id"),
            )
        )
        .order_by("person__name", "id")
    )
    waiting = [r for r in responses if not r.is_submitted and r.person is not None]
    checked = list(round_.checked_actions.select_related("owner"))
    return render(
        request,
        "ladder/round_detail.html",
        {
            "initiative": round_.initiative,
            "round": round_,
            "responses": responses,
            "sent": sum(1 for r in responses if r.is_submitted),
            "by_hand": sum(1 for r in waiting if r.person and not prefers_email(r.person)),
            "waiting": len(waiting),
            "gap_days": settings.LADDER_REMINDER_GAP_DAYS,
            "most_reminders": settings.LADDER_REMINDERS_MAX,
            "checked_actions": checked,
            "not_asked": not_asked_in(round_) if round_.is_open else [],
            "site_url": absolute_url("/", request).rstrip("/"),
            "code_url": delivery.code_page(request),
        },
    )


@org_view(Role.STAFF)
def round_slips(request: OrgRequest, pk: int, round_pk: int) -> HttpResponse:
    """Slips to print and hand out: by default for the people who have no email."""
    round_ = _round(request, pk, round_pk)
    everyone = request.GET.get("everyone") == "1"
    return render(
        request,
        "ladder/round_slips.html",
        {
            "initiative": round_.initiative,
            "round": round_,
            "everyone": everyone,
            "slips": delivery.slips_for(round_, everyone=everyone, request=request),
            "code_url": delivery.code_page(request),
            "minutes": delivery.MINUTES_TO_ANSWER,
            "contact": delivery.contact_for(round_),
        },
    )


@org_view(Role.STAFF)
@require_POST
def round_remind(request: OrgRequest, pk: int, round_pk: int) -> HttpResponse:
    round_ = _round(request, pk, round_pk)
    reminded = delivery.remind_round(round_, actor=request.user)
    if reminded:
        messages.success(
            request,
            ngettext(
                "A reminder is on its way to %(n)d person.",
                "Reminders are on their way to %(n)d people.",
                len(reminded),
            )
            % {"n": len(reminded)},
        )
    else:
        messages.info(
            request,
            _(
                "Nobody needs a reminder now. Each person gets one at most every %(days)d days, "
                "and no more than %(most)d in all."
            )
            % {
                "days": settings.LADDER_REMINDER_GAP_DAYS,
                "most": settings.LADDER_REMINDERS_MAX,
            },
        )
    return redirect("ladder_round_detail", org=request.organisation.slug, pk=pk, round_pk=round_.pk)


@org_view(Role.STAFF)
@require_POST
def round_close(request: OrgRequest, pk: int, round_pk: int) -> HttpResponse:
    round_ = get_for_org_or_404(Round, request.organisation, pk=round_pk, initiative_id=pk)
    if domain.close_round(round_, actor=request.user):
        messages.success(request, _("The round is closed. Answers that were not sent are kept."))
    else:
        messages.info(request, _("This round was already closed."))
    return redirect("ladder_results", org=request.organisation.slug, pk=pk)


@org_view(Role.STAFF)
@require_POST
def round_add(request: OrgRequest, pk: int, round_pk: int) -> HttpResponse:
    """Ask someone who joined after the round opened, so they get a link and code too."""
    round_ = _round(request, pk, round_pk)
    person_pk = whole_number(request.POST.get("person")) or 0  # a hidden field: 0 is a 404
    person = get_for_org_or_404(Person, request.organisation, pk=person_pk)
    try:
        domain.add_to_round(round_, person, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s can now answer in this round. Their link and code are below.")
            % {"name": person.display_name},
        )
    return redirect("ladder_round_detail", org=request.organisation.slug, pk=pk, round_pk=round_.pk)


@org_view(Role.STAFF)
def export(request: OrgRequest, pk: int) -> HttpResponse:
    """The answers of closed rounds, with nobody picked out (see ladder.export)."""
    initiative = get_for_org_or_404(Initiative, request.organisation, pk=pk)
    rows = export_rows_for(initiative)
    if not rows:
        messages.info(
            request,
            _(
                "There are no answers to download yet. You can download them when a round is "
                "closed and at least 3 people in a group have sent answers."
            ),
        )
        return redirect("ladder_results", org=request.organisation.slug, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ladder-answers-{initiative.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return response
