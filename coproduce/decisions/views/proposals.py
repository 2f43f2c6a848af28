"""Panel proposals: staff open one, members answer (staff record answers for members without a
login), staff close it and the outcome is recorded as a decision. Thin views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import add_domain_error
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.decisions import proposal_queries as queries
from coproduce.decisions import proposals as domain
from coproduce.decisions.models import Proposal
from coproduce.decisions.proposal_forms import AnswerForm, ProposalForm, RecordAnswerForm
from coproduce.panels.models import Panel
from coproduce.panels.rules import can_manage_panels, can_see_panel
from coproduce.people.models import Person


def _panel(request: OrgRequest, panel_pk: int) -> Panel:
    return get_for_org_or_404(Panel, request.organisation, pk=panel_pk)


def _proposal(request: OrgRequest, proposal_pk: int) -> Proposal:
    """The proposal, or 404: another organisation's, or a panel the reader is not on."""
    proposal = get_for_org_or_404(
        Proposal.objects.select_related("panel", "initiative", "decision"),
        request.organisation,
        pk=proposal_pk,
    )
    if not can_see_panel(request.membership, proposal.panel):
        raise Http404
    return proposal


def _member(request: OrgRequest, proposal: Proposal) -> Person | None:
    """The reader's person record when they are on the proposal's panel now."""
    person = queries.person_for(request.membership)
    return person if queries.is_current_member(proposal.panel, person) else None


def _closes(proposal: Proposal) -> str:
    return date_format(timezone.localtime(proposal.closes_at), "j F Y, H:i")


def _detail(
    request: OrgRequest, proposal: Proposal, *, form: AnswerForm | None = None
) -> HttpResponse:
    member = _member(request, proposal)
    can_manage = can_manage_panels(request.membership)
    mine = proposal.answers.filter(person=member).first() if member else None
    if member and form is None and proposal.is_open:
        initial = {"answer": mine.answer, "reason": mine.reason} if mine else None
        form = AnswerForm(initial=initial)
    context: dict[str, Any] = {
        "proposal": proposal,
        "panel": proposal.panel,
        # Closed: only a refused form's errors show (it closed while they were answering).
        "form": form if proposal.is_open or (form is not None and form.errors) else None,
        "mine": mine,
        "is_member": member is not None,
        "can_manage": can_manage,
        "closes": _closes(proposal),
        "tally": queries.tally_for(proposal) if can_manage or not proposal.is_open else None,
        "answers": list(queries.answers_for(proposal)) if can_manage else None,
    }
    return render(request, "decisions/proposal_detail.html", context)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def proposal_create(request: OrgRequest, panel_pk: int) -> HttpResponse:
    panel = _panel(request, panel_pk)
    form = ProposalForm(request.POST or None, initiatives=panel.initiatives.all())
    if request.method == "POST" and form.is_valid():
        try:
            proposal = domain.open_proposal(panel, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error, field="closes_at")
        else:
            messages.success(
                request,
                _("The proposal is open. Members see it on the panel page until it closes."),
            )
            return redirect(
                "proposal_detail", org=request.organisation.slug, proposal_pk=proposal.pk
            )
    return render(request, "decisions/proposal_form.html", {"form": form, "panel": panel})


@org_view()
def proposal_detail(request: OrgRequest, proposal_pk: int) -> HttpResponse:
    return _detail(request, _proposal(request, proposal_pk))


@org_view()
@require_http_methods(["GET", "POST"])
def proposal_answer(request: OrgRequest, proposal_pk: int) -> HttpResponse:
    """A member's own answer. Only members on the panel now (staff record theirs elsewhere)."""
    proposal = _proposal(request, proposal_pk)
    member = _member(request, proposal)
    if member is None:
        raise Http404
    if request.method != "POST":
        return _detail(request, proposal)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            domain.answer_proposal(proposal, member, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error)
            proposal.refresh_from_db()
            return _detail(request, proposal, form=form)
        messages.success(
            request,
            _("Thank you. Your answer is saved. You can change it until %(when)s.")
            % {"when": _closes(proposal)},
        )
        return redirect("proposal_detail", org=request.organisation.slug, proposal_pk=proposal.pk)
    return _detail(request, proposal, form=form)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def proposal_record(request: OrgRequest, proposal_pk: int) -> HttpResponse:
    """Staff record the answer of a member who told them (by phone, by letter...)."""
    proposal = _proposal(request, proposal_pk)
    form = RecordAnswerForm(request.POST or None, people=queries.current_members(proposal.panel))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.answer_proposal(
                proposal,
                data["person"],
                actor=request.user,
                answer=data["answer"],
                reason=data["reason"],
                how_told=data["how_told"],
            )
        except ValidationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s's answer is saved.") % {"name": data["person"].display_name},
            )
            return redirect(
                "proposal_detail", org=request.organisation.slug, proposal_pk=proposal.pk
            )
    return render(
        request,
        "decisions/proposal_record.html",
        {"form": form, "proposal": proposal, "panel": proposal.panel, "closes": _closes(proposal)},
    )


@org_view(Role.STAFF)
@require_POST
def proposal_close(request: OrgRequest, proposal_pk: int) -> HttpResponse:
    proposal = _proposal(request, proposal_pk)
    domain.close_proposal(proposal, actor=request.user)
    messages.success(
        request, _("The proposal is closed and its outcome is recorded as a decision.")
    )
    return redirect("proposal_detail", org=request.organisation.slug, proposal_pk=proposal.pk)
