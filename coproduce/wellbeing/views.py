"""Wellbeing pages: asking for support, following it up, the contact's inbox, check-ins,
the signposting list, training and credit. Thin: one form, one domain call."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.panels.models import Meeting, Panel
from coproduce.people.models import Person
from coproduce.wellbeing import domain, queries, rules
from coproduce.wellbeing.forms import (
    CheckInForm,
    ConcernForm,
    ConcernUpdateForm,
    CreditForm,
    LeadForm,
    SettingsForm,
    SignpostForm,
    TrainingForm,
    TrainingRecordForm,
)
from coproduce.wellbeing.models import (
    CheckIn,
    Concern,
    SafeguardingLead,
    SignpostService,
    Training,
    TrainingRecord,
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
    if request.method == "POST" and form.is_valid():
        person = _me(request) if form.is_named else None
        try:
            _concern, token = domain.raise_concern(
                panel,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                person=person,
                how_to_reply=form.cleaned_data["how_to_reply"],
                leads_only=form.leads_only,
                actor=request.user,
            )
        except ValidationError as error:  # the last lead was removed since the form checked
            form.add_error("send_to", error)
        else:
            return redirect(reverse("concern_follow", args=[token]) + "?sent=1")
    days = queries.support_settings_for(request.organisation).response_working_days
    return _private(
        render(
            request,
            "wellbeing/support_ask.html",
            {"panel": panel, "form": form, "days": days},
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


# The signposting list


@org_view()
def signpost_list(request: OrgRequest) -> HttpResponse:
    return render(
        request,
        "wellbeing/signpost_list.html",
        {
            "services": list(queries.signposts_for(request.organisation)),
            "can_manage": rules.can_manage_support(request.membership),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def signpost_create(request: OrgRequest) -> HttpResponse:
    return _signpost_form(request, None)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def signpost_edit(request: OrgRequest, service_pk: int) -> HttpResponse:
    service = get_for_org_or_404(SignpostService, request.organisation, pk=service_pk)
    return _signpost_form(request, service)


def _signpost_form(request: OrgRequest, service: SignpostService | None) -> HttpResponse:
    form = SignpostForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SignpostForm.Meta.fields}
        domain.save_signpost(request.organisation, actor=request.user, service=service, **fields)
        messages.success(request, _("The list of support services is saved."))
        return redirect("signpost_list", org=request.organisation.slug)
    return render(request, "wellbeing/signpost_form.html", {"form": form, "service": service})


@org_view(Role.STAFF)
@require_POST
def signpost_remove(request: OrgRequest, service_pk: int) -> HttpResponse:
    service = get_for_org_or_404(SignpostService, request.organisation, pk=service_pk)
    domain.remove_signpost(service, actor=request.user)
    messages.success(request, _("Removed from the list."))
    return redirect("signpost_list", org=request.organisation.slug)


# Settings: the response target and safeguarding leads


@org_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def support_settings(request: OrgRequest) -> HttpResponse:
    current = queries.support_settings_for(request.organisation)
    action = request.POST.get("action")
    days_form = SettingsForm(
        request.POST if action == "days" else None,
        initial={"response_working_days": current.response_working_days},
    )
    lead_form = LeadForm(
        request.POST if action == "lead" else None, organisation=request.organisation
    )
    if action == "days" and days_form.is_valid():
        domain.set_response_days(
            request.organisation,
            days_form.cleaned_data["response_working_days"],
            actor=request.user,
        )
        messages.success(request, _("Saved."))
        return redirect("support_settings", org=request.organisation.slug)
    if action == "lead" and lead_form.is_valid():
        domain.appoint_safeguarding_lead(
            request.organisation, lead_form.cleaned_data["user"].user, actor=request.user
        )
        messages.success(request, _("Saved. They can now read every concern."))
        return redirect("support_settings", org=request.organisation.slug)
    leads = SafeguardingLead.objects.for_organisation(request.organisation).select_related("user")
    return render(
        request,
        "wellbeing/settings.html",
        {"days_form": days_form, "lead_form": lead_form, "leads": list(leads)},
    )


@org_view(Role.ADMIN)
@require_POST
def safeguarding_lead_remove(request: OrgRequest, lead_pk: int) -> HttpResponse:
    lead = get_for_org_or_404(SafeguardingLead, request.organisation, pk=lead_pk)
    domain.remove_safeguarding_lead(lead, actor=request.user)
    messages.success(request, _("Removed. They can no longer read every concern."))
    return redirect("support_settings", org=request.organisation.slug)


# Training and credit


@org_view(Role.STAFF)
def training_list(request: OrgRequest) -> HttpResponse:
    trainings = Training.objects.for_organisation(request.organisation).prefetch_related(
        "records__person"
    )
    return render(request, "wellbeing/training_list.html", {"trainings": list(trainings)})


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def training_create(request: OrgRequest) -> HttpResponse:
    form = TrainingForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        domain.add_training(request.organisation, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The training is saved."))
        return redirect("training_list", org=request.organisation.slug)
    return render(request, "wellbeing/training_form.html", {"form": form})


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def training_record(request: OrgRequest, training_pk: int) -> HttpResponse:
    training = get_for_org_or_404(Training, request.organisation, pk=training_pk)
    form = TrainingRecordForm(
        request.POST or None, request.FILES or None, organisation=request.organisation
    )
    if request.method == "POST" and form.is_valid():
        domain.record_training(training, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("training_list", org=request.organisation.slug)
    return render(
        request, "wellbeing/training_record_form.html", {"form": form, "training": training}
    )


@org_view()
def training_certificate(request: OrgRequest, record_pk: int) -> HttpResponse:
    record = get_for_org_or_404(
        TrainingRecord.objects.select_related("person"), request.organisation, pk=record_pk
    )
    own = record.person.user_id == request.user.pk
    if not (own or rules.can_manage_support(request.membership)) or not record.certificate:
        raise Http404
    with record.certificate.open("rb") as handle:  # small (WELLBEING_CERTIFICATE_MAX_MB)
        response = HttpResponse(handle.read(), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=record.certificate_name or "certificate"
    )
    return _private(response)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def credit_create(request: OrgRequest) -> HttpResponse:
    form = CreditForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("consent")
        person = data.pop("person")
        domain.add_credit(person, actor=request.user, **data)
        messages.success(request, _("The credit is saved."))
        return redirect("training_list", org=request.organisation.slug)
    return render(request, "wellbeing/credit_form.html", {"form": form})
