"""Staff pages for one applicant's equality answers: typing in answers given on paper or by
phone (admins, who may hold them), and deleting them when the applicant asks (any staff)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.panels import rules
from coproduce.panels.domain import equality
from coproduce.panels.forms.equality import StaffEqualityForm
from coproduce.panels.nations import questions_for
from coproduce.panels.views.recruitment import _application, _panel


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _to_application(request: OrgRequest, pk: int, application_pk: int) -> HttpResponse:
    return redirect(
        "panel_application_detail",
        org=request.organisation.slug,
        pk=pk,
        application_pk=application_pk,
    )


@org_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def panel_equality_enter(request: OrgRequest, pk: int, application_pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    application = _application(panel, application_pk)
    if not rules.can_record_equality_answers(request.membership):
        raise Http404
    form = StaffEqualityForm(request.POST or None, questions=questions_for(panel.ethnicity_list))
    if request.method == "POST" and form.is_valid():
        equality.record_equality_answers(
            application,
            form.answers(),
            selection_consent=form.cleaned_data["selection_consent"],
            collected_via=form.cleaned_data["collected_via"],
            entered_by=request.user,
            consent_given_at=form.consent_given_at(),
        )
        messages.success(request, _("Their answers are saved, apart from their application."))
        return _to_application(request, pk, application_pk)
    return _private(
        render(
            request,
            "panels/equality_enter.html",
            {
                "panel": panel,
                "application": application,
                "form": form,
                "already": equality.has_equality_answers(application),
            },
        )
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_equality_delete(request: OrgRequest, pk: int, application_pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    application = _application(panel, application_pk)
    if not rules.can_delete_equality_answers(request.membership):
        raise Http404
    if request.method == "POST":
        if equality.withdraw_equality_answers(application, actor=request.user):
            messages.success(request, _("Their equality answers are deleted."))
        else:
            messages.info(request, _("There were no equality answers to delete."))
        return _to_application(request, pk, application_pk)
    return render(
        request,
        "panels/equality_delete.html",
        {
            "panel": panel,
            "application": application,
            "has_equality": equality.has_equality_answers(application),
        },
    )
