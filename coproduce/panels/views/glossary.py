"""The organisation's glossary, and the plain-language advice shown while editing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import add_domain_error, editable_copy
from coproduce.core.models import Role
from coproduce.core.plain_check import record_easy_read_checks
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.panels import rules
from coproduce.panels.domain import glossary as domain
from coproduce.panels.forms.glossary import GlossaryTermForm
from coproduce.panels.models import GlossaryTerm
from coproduce.panels.plain_language import check_text
from coproduce.panels.views.common import glossary_for


@org_view()
def panel_glossary(request: OrgRequest) -> HttpResponse:
    return render(
        request,
        "panels/glossary/list.html",
        {
            "terms": list(GlossaryTerm.objects.for_organisation(request.organisation)),
            "can_manage": rules.can_manage_panels(request.membership),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_glossary_add(request: OrgRequest) -> HttpResponse:
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = domain.add_glossary_term(
                request.organisation, actor=request.user, **form.cleaned_data
            )
            record_easy_read_checks(form, term, actor=request.user)
        except ValidationError as error:
            add_domain_error(form, error, field="term")
        else:
            messages.success(request, _("The word is in the glossary."))
            return redirect("panel_glossary", org=request.organisation.slug)
    return render(request, "panels/glossary/form.html", {"form": form})


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_glossary_edit(request: OrgRequest, term_pk: int) -> HttpResponse:
    term = get_for_org_or_404(GlossaryTerm, request.organisation, pk=term_pk)
    if request.method == "POST" and request.POST.get("action") == "remove":
        domain.remove_glossary_term(term, actor=request.user)
        messages.success(request, _("The word is taken out of the glossary."))
        return redirect("panel_glossary", org=request.organisation.slug)
    form = GlossaryTermForm(request.POST or None, instance=editable_copy(term))
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_glossary_term(term, actor=request.user, **form.cleaned_data)
            record_easy_read_checks(form, term, actor=request.user)
        except ValidationError as error:
            add_domain_error(form, error, field="term")
        else:
            messages.success(request, _("Saved."))
            return redirect("panel_glossary", org=request.organisation.slug)
    return render(request, "panels/glossary/form.html", {"form": form, "term": term})


@org_view(Role.STAFF)
@require_POST
def panel_glossary_starter(request: OrgRequest) -> HttpResponse:
    added = domain.add_starter_glossary(request.organisation, actor=request.user)
    messages.success(request, _("%(n)s words added to the glossary.") % {"n": added})
    return redirect("panel_glossary", org=request.organisation.slug)


@org_view()
@require_POST
def panel_plain_check(request: OrgRequest) -> HttpResponse:
    """Advice on one text box, for htmx while someone types. Never saves anything."""
    name = request.POST.get("check_field", "")
    text = request.POST.get(name, "") if name else ""
    report = check_text(text, glossary_for(request), easy_read=request.POST.get("easy_read") == "1")
    gated = request.POST.get("gate") == "1"
    return render(request, "panels/_plain_check.html", {"report": report, "gated": gated})
