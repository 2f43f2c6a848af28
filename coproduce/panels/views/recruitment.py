"""Staff pages under /o/<org>/panels/: panels, recruitment and members. Public pages: `public`."""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import add_domain_error, editable_copy
from coproduce.core.links import absolute_url
from coproduce.core.models import Role
from coproduce.core.plain_check import record_easy_read_checks
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.panels import domain, induction, queries, roles, rules
from coproduce.panels.domain import equality
from coproduce.panels.domain import questions as panel_questions
from coproduce.panels.forms import (
    BulkStatusForm,
    MemberAddForm,
    MemberEndForm,
    OfferAnswerForm,
    PanelForm,
    RoleDescriptionForm,
    StaffApplicationForm,
    StatusFilterForm,
    StatusForm,
    TargetsForm,
)
from coproduce.panels.models import (
    Application,
    ContactTask,
    Panel,
    PanelMember,
    PanelTarget,
    Status,
)
from coproduce.panels.nations import categories_for
from coproduce.panels.sections import panel_sections_for

PAGE_SIZE = 50


def _panel(request: OrgRequest, pk: int, *, staff: bool = True) -> Panel:
    """The panel, or 404: another organisation's, or (for a member) a panel they are not on."""
    panel = get_for_org_or_404(
        queries.panel_with_contacts(Panel.objects.all()), request.organisation, pk=pk
    )
    if staff and not rules.can_manage_panels(request.membership):
        raise Http404
    if not rules.can_see_panel(request.membership, panel):
        raise Http404
    return panel


def _application(panel: Panel, application_pk: int) -> Application:
    return get_object_or_404(
        Application.objects.exclude(status=Status.DRAFT).select_related("entered_by", "person"),
        panel=panel,
        pk=application_pk,
    )


def _status_rows(panel: Panel) -> list[tuple[str, str, int]]:
    return [(s, str(Status(s).label), n) for s, n in queries.status_counts(panel).items()]


# Staff and members


@org_view()
def panel_list(request: OrgRequest) -> HttpResponse:
    return render(
        request,
        "panels/panel_list.html",
        {
            "panels": queries.panels_for_membership(request.membership),
            "can_manage": rules.can_manage_panels(request.membership),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_create(request: OrgRequest) -> HttpResponse:
    form = PanelForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        panel = domain.create_panel(
            request.organisation, actor=request.user, **form.domain_fields()
        )
        messages.success(request, _("The panel is set up. Check its role description next."))
        return redirect("panel_role", org=request.organisation.slug, pk=panel.pk)
    return render(request, "panels/panel_form.html", {"form": form})


@org_view()
def panel_detail(request: OrgRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk, staff=False)
    can_manage = rules.can_manage_panels(request.membership)
    members = list(queries.current_members(panel))
    context: dict[str, Any] = {
        "panel": panel,
        "can_manage": can_manage,
        "members": members,
        "initiatives": list(panel.initiatives.all()),
        "next_meetings": queries.next_meetings(panel),
        "getting_to_know": induction.next_getting_to_know(panel),
        "brings": induction.strengths_on_panel(panel, request.membership),
        **panel_sections_for(panel, request.membership),
    }
    if can_manage:
        context.update(
            {
                "status_rows": _status_rows(panel),
                "tasks": list(queries.open_contact_tasks(panel)),
                "role_out_of_date": domain.role_is_out_of_date(panel),
                "rate_warning": roles.rate_mismatch(panel),
                "inducting": [
                    i for i in induction.inductions_for(panel, members) if not i.is_complete
                ],
                "public_url": reverse("panel_public", args=[request.organisation.slug, panel.slug]),
            }
        )
    return render(request, "panels/panel_detail.html", context)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_edit(request: OrgRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    form = PanelForm(
        request.POST or None, instance=editable_copy(panel), organisation=request.organisation
    )
    if request.method == "POST" and form.is_valid():
        domain.update_panel(panel, actor=request.user, **form.domain_fields())
        if domain.role_is_out_of_date(panel):
            messages.info(
                request,
                _("You changed the panel. Check the role description still matches."),
            )
        return redirect("panel_detail", org=request.organisation.slug, pk=pk)
    return render(request, "panels/panel_form.html", {"form": form, "panel": panel})


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_role(request: OrgRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    form = RoleDescriptionForm(
        request.POST or None,
        initial={"standard": panel.role_standard, "easy_read": panel.role_easy_read},
    )
    if request.method == "POST" and form.is_valid():
        domain.edit_role_description(
            panel,
            actor=request.user,
            standard=form.cleaned_data["standard"],
            easy_read=form.cleaned_data["easy_read"],
        )
        record_easy_read_checks(form, panel, actor=request.user)
        messages.success(request, _("The role description is saved."))
        return redirect("panel_role", org=request.organisation.slug, pk=pk)
    return render(
        request,
        "panels/role_form.html",
        {
            "panel": panel,
            "form": form,
            "out_of_date": domain.role_is_out_of_date(panel),
            "rate_warning": roles.rate_mismatch(panel),
        },
    )


@org_view(Role.STAFF)
@require_POST
def panel_role_regenerate(request: OrgRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    try:
        domain.regenerate_role_description(
            panel, actor=request.user, replace_edits=request.POST.get("replace") == "yes"
        )
    except domain.RoleHasEdits:
        return render(request, "panels/role_confirm.html", {"panel": panel})
    messages.success(request, _("The role description is made again from the panel's details."))
    return redirect("panel_role", org=request.organisation.slug, pk=pk)


@org_view(Role.STAFF)
@require_POST
def panel_publish(request: OrgRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    if request.POST.get("action") == "unpublish":
        domain.unpublish_panel(panel, actor=request.user)
        messages.success(request, _("The public page is taken down."))
    else:
        try:
            domain.publish_panel(panel, actor=request.user)
            messages.success(request, _("The public page is live. Anyone can apply."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
    return redirect("panel_detail", org=request.organisation.slug, pk=pk)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_targets(request: OrgRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    current = {
        (t.category, t.value): (t.min_percent, t.max_percent)
        for t in PanelTarget.objects.filter(panel=panel)
    }
    form = TargetsForm(
        request.POST or None, targets=current, categories=categories_for(panel.ethnicity_list)
    )
    if request.method == "POST" and form.is_valid():
        domain.set_panel_targets(panel, form.targets(), actor=request.user)
        messages.success(request, _("The targets are saved."))
        return redirect("panel_targets", org=request.organisation.slug, pk=pk)
    return render(
        request,
        "panels/targets.html",
        {"panel": panel, "form": form, "report": equality.diversity_report(panel)},
    )


@org_view(Role.STAFF)
def panel_applications(request: OrgRequest, pk: int) -> HttpResponse:
    return _applications_page(request, _panel(request, pk))


def _applications_page(
    request: OrgRequest, panel: Panel, bulk_form: BulkStatusForm | None = None
) -> HttpResponse:
    filter_form = StatusFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    page = Paginator(queries.applications_for_panel(panel, status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "panels/application_list.html",
        {
            "panel": panel,
            "page": page,
            "filter_form": filter_form,
            "status": status,
            "status_rows": _status_rows(panel),
            "bulk_form": bulk_form or BulkStatusForm(applications=_sent(panel), prefix="bulk"),
            "form": bulk_form,  # sent and refused: "Error:" in the page title
        },
        status=400 if bulk_form is not None else 200,
    )


def _sent(panel: Panel) -> Any:
    return Application.objects.filter(panel=panel).exclude(status=Status.DRAFT)


@org_view(Role.STAFF)
@require_POST
def panel_applications_bulk(request: OrgRequest, pk: int) -> HttpResponse:
    """Shortlist, offer, wait-list or decline many applications in one step."""
    panel = _panel(request, pk)
    form = BulkStatusForm(request.POST, applications=_sent(panel), prefix="bulk")
    if not form.is_valid():
        return _applications_page(request, panel, bulk_form=form)
    try:
        outcome = domain.change_many_statuses(
            list(form.cleaned_data["applications"]),
            form.cleaned_data["status"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        add_domain_error(form, error, field="status")
        return _applications_page(request, panel, bulk_form=form)
    return render(
        request,
        "panels/application_bulk_done.html",
        {
            "panel": panel,
            "outcome": outcome,
            "step": Status(form.cleaned_data["status"]).label,
        },
    )


@org_view(Role.STAFF)
def panel_applications_export(request: OrgRequest, pk: int) -> HttpResponse:
    """Applications as CSV. Never equality answers: they are not on this model at all."""
    panel = _panel(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{panel.slug}-applications.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("Email"),
            _("Phone"),
            _("Contact by"),
            _("How they applied"),
            _("Step"),
            _("Sent"),
        ]
    )
    for application in queries.applications_for_panel(panel).iterator():
        writer.writerow(
            [
                _safe_cell(application.name),
                _safe_cell(application.email),
                _safe_cell(application.phone),
                application.get_contact_channel_display(),
                application.get_route_display(),
                application.get_status_display(),
                application.submitted_at.date().isoformat() if application.submitted_at else "",
            ]
        )
    return response


def _safe_cell(value: str) -> str:
    """Stop a spreadsheet from running a formula someone typed into the public form."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_application_enter(request: OrgRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    form = StaffApplicationForm(request.POST or None, request.FILES or None, panel=panel)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            application = domain.enter_application(
                panel, actor=request.user, route=data.pop("route"), **data
            )
        except domain.DuplicateApplication as error:
            add_domain_error(form, error, field="email")
        else:
            messages.success(request, _("The application is saved."))
            return redirect(
                "panel_application_detail",
                org=request.organisation.slug,
                pk=pk,
                application_pk=application.pk,
            )
    return render(request, "panels/application_enter.html", {"panel": panel, "form": form})


def _application_page(
    request: OrgRequest,
    panel: Panel,
    application: Application,
    form: StatusForm | None = None,
    offer_form: OfferAnswerForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "panels/application_detail.html",
        {
            "panel": panel,
            "application": application,
            "history": application.status_changes.select_related(
                "actor", "contact_task", "recorded_by", "sent_message"
            ),
            "offer_form": offer_form or OfferAnswerForm(),
            "extra_answers": panel_questions.answer_lines(application),
            "form": form or StatusForm(current=application.status),
            "has_equality": equality.has_equality_answers(application),
            "can_read_equality": rules.can_read_equality_record(request.membership),
            "can_enter_equality": rules.can_record_equality_answers(request.membership),
            "can_delete_equality": rules.can_delete_equality_answers(request.membership),
            "link": absolute_url(
                reverse("panel_application_done", args=[application.token]), request
            ),
        },
    )


@org_view(Role.STAFF)
def panel_application_detail(request: OrgRequest, pk: int, application_pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    return _application_page(request, panel, _application(panel, application_pk))


@org_view(Role.STAFF)
@require_POST
def panel_application_status(request: OrgRequest, pk: int, application_pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    application = _application(panel, application_pk)
    form = StatusForm(request.POST, current=application.status)
    if form.is_valid():
        try:
            domain.change_application_status(
                application,
                form.cleaned_data["status"],
                actor=request.user,
                note=form.cleaned_data["note"],
                notify=form.cleaned_data["notify"],
            )
        except ValidationError as error:
            add_domain_error(form, error, field="status")
        else:
            messages.success(
                request,
                _("The application is now: %(status)s.")
                % {"status": application.get_status_display()},
            )
            return redirect(
                "panel_application_detail",
                org=request.organisation.slug,
                pk=pk,
                application_pk=application_pk,
            )
    return _application_page(request, panel, application, form)


@org_view(Role.STAFF)
@require_POST
def panel_application_offer(request: OrgRequest, pk: int, application_pk: int) -> HttpResponse:
    """Staff record the applicant's answer to the place offered (they told us by phone...)."""
    panel = _panel(request, pk)
    application = _application(panel, application_pk)
    form = OfferAnswerForm(request.POST)
    if form.is_valid():
        try:
            domain.answer_offer(
                application,
                accept=form.cleaned_data["answer"] == "accept",
                actor=request.user,
                how_told=form.cleaned_data["how_told"],
            )
        except ValidationError as error:
            add_domain_error(form, error, field="answer")
        else:
            messages.success(
                request,
                _("Saved. The application is now: %(status)s.")
                % {"status": application.get_status_display()},
            )
            return redirect(
                "panel_application_detail",
                org=request.organisation.slug,
                pk=pk,
                application_pk=application_pk,
            )
    return _application_page(request, panel, application, offer_form=form)


@org_view(Role.STAFF)
def panel_application_attachment(request: OrgRequest, pk: int, application_pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    application = _application(panel, application_pk)
    if not application.attachment:
        raise Http404
    # Small files (PANELS_ATTACHMENT_MAX_MB): read whole; never served from a public URL.
    with application.attachment.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=application.attachment_name or "attachment"
    )
    return response


@org_view(Role.ADMIN)
def panel_equality_record(request: OrgRequest, pk: int, application_pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    application = _application(panel, application_pk)
    if not rules.can_read_equality_record(request.membership):
        raise Http404
    lines = equality.read_equality_record(application, actor=request.user)
    response = render(
        request,
        "panels/equality_record.html",
        {
            "panel": panel,
            "application": application,
            "lines": lines,
            "consent": equality.equality_consent(application),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@org_view(Role.STAFF)
@require_POST
def panel_task_done(request: OrgRequest, pk: int, task_pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    task = get_object_or_404(
        ContactTask.objects.select_related("application"), panel=panel, pk=task_pk
    )
    domain.complete_contact_task(task, actor=request.user)
    messages.success(request, _("Marked as done."))
    return redirect("panel_detail", org=request.organisation.slug, pk=pk)


@org_view(Role.STAFF)
def panel_members(request: OrgRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    return render(
        request,
        "panels/members.html",
        {
            "panel": panel,
            "members": list(queries.current_members(panel)),
            "past": list(queries.past_members(panel)),
        },
    )


@org_view(Role.STAFF)
@require_POST
def panel_member_invite(request: OrgRequest, pk: int, member_pk: int) -> HttpResponse:
    """Email a member a link to make their own login."""
    panel = _panel(request, pk)
    member = get_object_or_404(
        PanelMember.objects.select_related("person"), panel=panel, pk=member_pk
    )
    try:
        domain.invite_member_to_log_in(member, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("We have emailed %(name)s a link to make their login. It works for %(days)s days.")
            % {"name": member.person.display_name, "days": settings.INVITATION_DAYS},
        )
    return redirect("panel_members", org=request.organisation.slug, pk=pk)


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_member_add(request: OrgRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    form = MemberAddForm(
        request.POST or None,
        organisation=request.organisation,
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.add_panel_member(panel, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_error(form, error, field="person")
        else:
            messages.success(request, _("They are on the panel."))
            return redirect("panel_members", org=request.organisation.slug, pk=pk)
    return render(request, "panels/member_form.html", {"panel": panel, "form": form})


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def panel_member_end(request: OrgRequest, pk: int, member_pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    member = get_object_or_404(
        PanelMember.objects.select_related("person"), panel=panel, pk=member_pk
    )
    form = MemberEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            domain.end_panel_membership(
                member, ended_on=form.cleaned_data["ended_on"], actor=request.user
            )
        except ValidationError as error:
            add_domain_error(form, error, field="ended_on")
        else:
            messages.success(request, _("Their time on the panel has ended."))
            return redirect("panel_members", org=request.organisation.slug, pk=pk)
    return render(
        request, "panels/member_end.html", {"panel": panel, "member": member, "form": form}
    )
