"""Strengths and relationships: what a member brings (their own page, or staff recording it
for someone without a login) and each new member's induction checklist (staff)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import add_domain_error
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.panels import induction
from coproduce.panels.domain import strengths as domain
from coproduce.panels.forms.strengths import (
    InductionTickForm,
    RecordStrengthsForm,
    StrengthsForm,
    WithdrawStrengthsForm,
)
from coproduce.panels.models import PanelMember, Strengths
from coproduce.panels.views.common import get_panel
from coproduce.panels.views.member import my_person

ANSWERS = ("skills", "experience", "interests", "to_learn")


def _initial(strengths: Strengths | None) -> dict[str, object]:
    if strengths is None:
        return {}
    return {
        **{name: getattr(strengths, name) for name in ANSWERS},
        "consent": strengths.is_shown,
        "share": strengths.shared_at is not None,
    }


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@org_view()
@require_http_methods(["GET", "POST"])
def panel_me_strengths(request: OrgRequest, pk: int) -> HttpResponse:
    """The member's own answers: what they bring and want to learn, and who may see it."""
    panel = get_panel(request, pk, staff=False)
    person = my_person(request, panel)
    strengths = induction.own_strengths(person)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        domain.withdraw_strengths(person, actor=request.user)
        messages.success(request, _("Done. Nobody but you can see what you told us now."))
        return redirect("panel_me", org=request.organisation.slug, pk=pk)
    form = StrengthsForm(request.POST or None, initial=_initial(strengths))
    if request.method == "POST" and form.is_valid():
        try:
            domain.save_strengths(
                person,
                actor=request.user,
                share=form.cleaned_data["share"],
                **{name: form.cleaned_data[name] for name in ANSWERS},
            )
        except ValidationError as error:
            add_domain_error(form, error, field="skills")
        else:
            messages.success(request, _("Thank you. It is saved."))
            return redirect("panel_me", org=request.organisation.slug, pk=pk)
    return _private(
        render(
            request,
            "panels/strengths/mine.html",
            {"panel": panel, "form": form, "strengths": strengths},
        )
    )


def _member(panel_pk: int, member_pk: int) -> PanelMember:
    return get_object_or_404(
        PanelMember.objects.select_related("person", "panel"),
        panel_id=panel_pk,
        pk=member_pk,
        ended_on__isnull=True,
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_member_strengths(request: OrgRequest, pk: int, member_pk: int) -> HttpResponse:
    """What a member brings, for staff: recorded for someone without a login, or hidden when
    the person asks."""
    panel = get_panel(request, pk)
    member = _member(panel.pk, member_pk)
    person = member.person
    strengths = induction.own_strengths(person)
    action = request.POST.get("action") if request.method == "POST" else None
    withdraw_form = WithdrawStrengthsForm(request.POST if action == "withdraw" else None)
    form = None
    if person.user_id is None:
        form = RecordStrengthsForm(
            request.POST if action == "record" else None,
            initial=_initial(strengths),
            name=person.display_name,
        )
    if action == "withdraw" and withdraw_form.is_valid():
        domain.withdraw_strengths(
            person, actor=request.user, how_told=withdraw_form.cleaned_data["how_told"]
        )
        messages.success(request, _("Done. It is hidden now."))
        return redirect(
            "panel_member_strengths", org=request.organisation.slug, pk=pk, member_pk=member_pk
        )
    if action == "record" and form is not None and form.is_valid():
        try:
            domain.save_strengths(
                person,
                actor=request.user,
                share=form.cleaned_data["share"],
                how_told=form.cleaned_data["how_told"],
                **{name: form.cleaned_data[name] for name in ANSWERS},
            )
        except ValidationError as error:
            add_domain_error(form, error, field="skills")
        else:
            messages.success(request, _("Saved for %(name)s.") % {"name": person.display_name})
            return redirect("panel_induction", org=request.organisation.slug, pk=pk)
    return _private(
        render(
            request,
            "panels/strengths/member.html",
            {
                "panel": panel,
                "member": member,
                "person": person,
                "strengths": strengths if strengths and strengths.is_shown else None,
                "form": form,
                "withdraw_form": withdraw_form,
            },
        )
    )


@org_view(Role.STAFF)
def panel_induction(request: OrgRequest, pk: int) -> HttpResponse:
    """Each member's induction: what is done, how we know, and what is still missing."""
    panel = get_panel(request, pk)
    inductions = induction.inductions_for(panel)
    return render(
        request,
        "panels/strengths/induction.html",
        {
            "panel": panel,
            "still": [i for i in inductions if not i.is_complete],
            "done": [i for i in inductions if i.is_complete],
            "form": InductionTickForm(initial={"done_on": timezone.localdate()}),
            "getting_to_know": induction.next_getting_to_know(panel),
            "brings": {
                b.person.pk for b in induction.strengths_on_panel(panel, request.membership)
            },
        },
    )


@org_view(Role.STAFF)
@require_POST
def panel_induction_tick(request: OrgRequest, pk: int, member_pk: int) -> HttpResponse:
    panel = get_panel(request, pk)
    member = _member(panel.pk, member_pk)
    name = member.person.display_name
    if request.POST.get("action") == "untick":
        step = request.POST.get("step", "")
        if domain.untick_induction_step(member, step, actor=request.user):
            messages.success(request, _("The tick is taken away for %(name)s.") % {"name": name})
        return redirect("panel_induction", org=request.organisation.slug, pk=pk)
    form = InductionTickForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
    else:
        try:
            domain.tick_induction_step(
                member,
                form.cleaned_data["step"],
                done_on=form.cleaned_data["done_on"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Ticked for %(name)s.") % {"name": name})
    return redirect("panel_induction", org=request.organisation.slug, pk=pk)
