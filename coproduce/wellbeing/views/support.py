"""Wellbeing pages the organisation keeps: the signposting list, the response target and
safeguarding leads, training and credit. Thin: one form, one domain call."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.wellbeing import domain, queries, rules
from coproduce.wellbeing.forms import (
    CreditForm,
    LeadForm,
    SettingsForm,
    SignpostForm,
    TrainingForm,
    TrainingRecordForm,
)
from coproduce.wellbeing.models import (
    SafeguardingLead,
    SignpostService,
    Training,
    TrainingRecord,
)
from coproduce.wellbeing.views.concerns import _private

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
    # A post with no known button still shows again what was typed, and says what went wrong.
    unknown = request.method == "POST" and action not in ("days", "lead")
    if unknown:
        messages.error(request, _("We could not tell what to do. Please press the button again."))
    days_form = SettingsForm(
        request.POST
        if action == "days" or (unknown and "response_working_days" in request.POST)
        else None,
        initial={"response_working_days": current.response_working_days},
    )
    lead_form = LeadForm(
        request.POST if action == "lead" or (unknown and "user" in request.POST) else None,
        organisation=request.organisation,
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
        {
            "days_form": days_form,
            "lead_form": lead_form,
            "leads": list(leads),
            "open_leads_only": queries.open_leads_only_count(request.organisation),
        },
    )


@org_view(Role.ADMIN)
@require_POST
def safeguarding_lead_remove(request: OrgRequest, lead_pk: int) -> HttpResponse:
    lead = get_for_org_or_404(
        SafeguardingLead.objects.select_related("user"), request.organisation, pk=lead_pk
    )
    try:
        domain.remove_safeguarding_lead(lead, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
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
