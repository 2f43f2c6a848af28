"""Wellbeing pages about concerns and check-ins: asking for support, following it up, the
contact's inbox, check-ins, and the member's own support page. Thin: one form, one domain
call. Special category data: every page is `no-store`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from coproduce.core.forms import add_domain_error
from coproduce.core.limits import ANONYMOUS_WRITES, SLOW_DOWN, is_limited, note_attempt
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.panels.models import Meeting, Panel
from coproduce.people.models import Person
from coproduce.wellbeing import domain, queries, rules
from coproduce.wellbeing.forms import (
    CheckInForm,
    ConcernForm,
    ConcernUpdateForm,
)
from coproduce.wellbeing.models import (
    CheckIn,
    Concern,
)


def _private(response: HttpResponse) -> HttpResponse:
    """Special category data: never kept by a browser or a shared cache."""
    response["Cache-Control"] = "no-store"
    return response


def _panel(request: OrgRequest, panel_pk: int) -> Panel:
    """The panel, or 404: another organisation's, or one a member is not on."""
    panel = get_for_org_or_404(
        Panel.objects.select_related("named_contact", "deputy_contact"),
        request.organisation,
        pk=panel_pk,
    )
    if not rules.can_ask_for_support(request.membership, panel):
        raise Http404
    return panel


def _me(request: OrgRequest) -> Person:
    person = Person.objects.filter(organisation=request.organisation, user=request.user).first()
    if person is None:
        raise Http404
    return person


# Asking for support, and following it up


@org_view()
@sensitive_post_parameters("text", "how_to_reply", "send_to")
@require_http_methods(["GET", "POST"])
def support_ask(request: OrgRequest, panel_pk: int) -> HttpResponse:
    panel = _panel(request, panel_pk)
    leads = queries.safeguarding_leads_for(request.organisation)
    form = ConcernForm(request.POST or None, panel=panel, leads=leads)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not form.is_named and is_limited(request, ANONYMOUS_WRITES):
            form.add_error(None, SLOW_DOWN)
            status = 429
        else:
            if not form.is_named:
                note_attempt(request, ANONYMOUS_WRITES)
            return _send_concern(request, panel, form)
    return _support_ask_page(request, panel, form, status=status)


def _send_concern(request: OrgRequest, panel: Panel, form: ConcernForm) -> HttpResponse:
    try:
        _concern, token = domain.raise_concern(
            panel,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            person=_me(request) if form.is_named else None,
            how_to_reply=form.cleaned_data["how_to_reply"],
            leads_only=form.leads_only,
            actor=request.user,
        )
    except ValidationError as error:  # the last lead was removed since the form checked
        add_domain_error(form, error, field="send_to")
        return _support_ask_page(request, panel, form)
    return redirect(reverse("concern_follow", args=[token]) + "?sent=1")


def _support_ask_page(
    request: OrgRequest, panel: Panel, form: ConcernForm, *, status: int = 200
) -> HttpResponse:
    days = queries.support_settings_for(request.organisation).response_working_days
    return _private(
        render(
            request,
            "wellbeing/support_ask.html",
            {"panel": panel, "form": form, "days": days, "has_leads": bool(form.leads)},
            status=status,
        )
    )


def concern_follow(request: HttpRequest, follow_token: str) -> HttpResponse:
    """The private link: no login, the secret is the key. Shows what is happening, never the
    words sent (so a link left open on a shared screen gives nothing away)."""
    concern = domain.concern_for_token(follow_token)
    if concern is None:
        raise Http404
    return _private(
        render(
            request,
            "wellbeing/concern_follow.html",
            {
                "concern": concern,
                "panel": concern.panel,
                "updates": list(queries.shared_updates(concern)),
                "leads": queries.safeguarding_leads_for(concern.organisation)
                if concern.leads_only
                else [],
                "services": list(queries.signposts_for(concern.organisation)),
                "just_sent": request.GET.get("sent") == "1",
                "link": request.build_absolute_uri(request.path),
            },
        )
    )


# The contact's side


@org_view()
def concern_inbox(request: OrgRequest) -> HttpResponse:
    if not rules.receives_concerns(request.membership):
        raise PermissionDenied
    concerns = list(queries.concerns_for(request.membership))
    return _private(
        render(
            request,
            "wellbeing/concern_inbox.html",
            {
                "open_concerns": [c for c in concerns if c.status != Concern.Status.CLOSED],
                "closed_concerns": [c for c in concerns if c.status == Concern.Status.CLOSED],
                "is_lead": rules.is_safeguarding_lead(request.membership),
            },
        )
    )


@org_view()
@sensitive_post_parameters("note")
@require_http_methods(["GET", "POST"])
def concern_detail(request: OrgRequest, concern_pk: int) -> HttpResponse:
    concern = get_for_org_or_404(
        Concern.objects.select_related(
            "panel__named_contact", "panel__deputy_contact", "raised_by"
        ),
        request.organisation,
        pk=concern_pk,
    )
    if not rules.can_read_concern(request.membership, concern):
        raise Http404  # not even "it exists"
    form = ConcernUpdateForm(request.POST or None, initial={"status": concern.status})
    if request.method == "POST" and form.is_valid():
        domain.update_concern(
            concern,
            actor=request.user,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            share_with_raiser=form.cleaned_data["share_with_raiser"],
        )
        messages.success(request, _("Saved."))
        return redirect("concern_detail", org=request.organisation.slug, concern_pk=concern.pk)
    domain.read_concern(concern, actor=request.user)
    return _private(
        render(
            request,
            "wellbeing/concern_detail.html",
            {
                "concern": concern,
                "panel": concern.panel,
                "updates": list(concern.updates.select_related("author")),
                "form": form,
            },
        )
    )


# Check-ins and debriefs


@org_view()
@sensitive_post_parameters("note")
@require_http_methods(["GET", "POST"])
def check_in(request: OrgRequest, panel_pk: int) -> HttpResponse:
    panel = _panel(request, panel_pk)
    person = _me(request)
    meetings: QuerySet[Meeting] = queries.recent_meetings(panel)
    initial = {
        "moment": request.GET.get("moment", ""),
        "meeting": request.GET.get("meeting", ""),
    }
    form = CheckInForm(request.POST or None, meetings=meetings, initial=initial)
    if request.method == "POST" and form.is_valid():
        domain.record_check_in(panel, person, actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Thank you. Your check-in is saved.")
            + (
                " " + _("Your contact will get in touch.")
                if form.cleaned_data["wants_contact"]
                else ""
            ),
        )
        return redirect("support_mine", org=request.organisation.slug)
    return _private(render(request, "wellbeing/check_in.html", {"panel": panel, "form": form}))


@org_view()
def check_in_list(request: OrgRequest, panel_pk: int) -> HttpResponse:
    panel = _panel(request, panel_pk)
    if not rules.can_read_check_ins(request.membership, panel):
        raise Http404
    domain.read_check_ins(panel, actor=request.user)
    check_ins: list[CheckIn] = list(queries.check_ins_for(panel)[:200])
    return _private(
        render(
            request,
            "wellbeing/check_in_list.html",
            {"panel": panel, "check_ins": check_ins},
        )
    )


# The member's own page


@org_view()
def support_mine(request: OrgRequest) -> HttpResponse:
    person = _me(request)
    return _private(
        render(
            request,
            "wellbeing/support_mine.html",
            {
                "person": person,
                "concerns": list(queries.concerns_raised_by(person)),
                "prompts": queries.debrief_prompts_for(person),
                "panels": list(queries.panels_of(person)),
                "check_ins": list(queries.check_ins_by(person)[:10]),
                "records": list(queries.training_records_for(person)),
                "credits": list(queries.credits_for(person)),
                "receives_concerns": rules.receives_concerns(request.membership),
            },
        )
    )
