"""The group agreement: every member reads it, raises points, comments and agrees."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.core.forms import add_domain_error
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.panels import rules
from coproduce.panels.domain import agreement as domain
from coproduce.panels.forms.agreement import CommentForm, PointForm, RecordAgreementForm
from coproduce.panels.models import (
    AgreementComment,
    AgreementPoint,
    AgreementSignature,
    AgreementVersion,
)
from coproduce.panels.views.common import (
    check_url,
    get_panel,
    glossary_for,
    person_for,
    wants_easy_read,
)
from coproduce.people.models import Person


def _to_agreement(request: OrgRequest, pk: int) -> HttpResponse:
    return redirect("panel_agreement", org=request.organisation.slug, pk=pk)


def _not_agreed_yet(version: AgreementVersion | None) -> QuerySet[Person]:
    """Current members of the version's panel who have not agreed to it."""
    if version is None:
        return Person.objects.none()
    return (
        Person.objects.filter(
            panel_memberships__panel_id=version.panel_id,
            panel_memberships__ended_on__isnull=True,
        )
        .exclude(pk__in=version.signatures.values("person_id"))
        .distinct()
        .order_by("name")
    )


@org_view()
@require_http_methods(["GET", "POST"])
def panel_agreement(request: OrgRequest, pk: int) -> HttpResponse:
    return _agreement_page(request, pk)


def _agreement_page(
    request: OrgRequest, pk: int, record_form: RecordAgreementForm | None = None
) -> HttpResponse:
    panel = get_panel(request, pk, staff=False)
    person = person_for(request)
    form = PointForm((request.POST or None) if record_form is None else None)
    form.setup_plain_check(check_url=check_url(request), glossary=glossary_for(request))
    if request.method == "POST" and record_form is None and form.is_valid():
        domain.raise_agreement_point(panel, person=person, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you. Your point is on the list for the group."))
        return _to_agreement(request, pk)
    version = domain.current_version(panel)
    signatures = (
        list(version.signatures.select_related("person", "recorded_by").order_by("person__name"))
        if version
        else []
    )
    easy_read = wants_easy_read(request, person)
    points = list(
        AgreementPoint.objects.filter(panel=panel)
        .select_related("proposed_by")
        .prefetch_related(
            Prefetch("comments", queryset=AgreementComment.objects.select_related("person"))
        )
    )
    return render(
        request,
        "panels/agreement.html",
        {
            "panel": panel,
            "version": version,
            "signatures": signatures,
            "i_agreed": any(s.person_id == getattr(person, "pk", None) for s in signatures),
            "i_agreed_record": next(
                (s for s in signatures if s.person_id == getattr(person, "pk", None)), None
            ),
            "points": points,
            "form": form,
            "comment_form": CommentForm(),
            "can_manage": rules.can_manage_panels(request.membership),
            "record_form": record_form
            or RecordAgreementForm(people=_not_agreed_yet(version), prefix="record"),
            "person": person,
            # Only people on the panel now agree; staff who are not members record it instead.
            "can_agree": person is not None and rules.is_current_member(request.membership, panel),
            "easy_read": easy_read,
            "glossary": glossary_for(request, easy_read=easy_read),
        },
    )


@org_view()
@require_POST
def panel_agreement_comment(request: OrgRequest, pk: int, point_pk: int) -> HttpResponse:
    panel = get_panel(request, pk, staff=False)
    point = get_object_or_404(AgreementPoint, panel=panel, pk=point_pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        domain.comment_on_point(
            point, person=person_for(request), text=form.cleaned_data["text"], actor=request.user
        )
        messages.success(request, _("Your comment is added."))
    else:
        messages.error(request, _("Write your comment, then choose Add comment."))
    return _to_agreement(request, pk)


@org_view()
@require_POST
def panel_agreement_agree(request: OrgRequest, pk: int) -> HttpResponse:
    panel = get_panel(request, pk, staff=False)
    person = person_for(request)
    version = domain.current_version(panel)
    if person is None or version is None or not rules.is_current_member(request.membership, panel):
        raise PermissionDenied
    domain.agree_to_version(version, person, actor=request.user)
    messages.success(request, _("Thank you. You have agreed to the group agreement."))
    return _to_agreement(request, pk)


@org_view(Role.STAFF)
@require_POST
def panel_agreement_record(request: OrgRequest, pk: int) -> HttpResponse:
    """Staff record that a member without a login agrees (they told us by phone...)."""
    panel = get_panel(request, pk)
    version = domain.current_version(panel)
    if version is None:
        messages.error(request, _("There is no version to agree to yet."))
        return _to_agreement(request, pk)
    form = RecordAgreementForm(request.POST, people=_not_agreed_yet(version), prefix="record")
    if form.is_valid():
        try:
            domain.agree_to_version(
                version,
                form.cleaned_data["person"],
                actor=request.user,
                how_told=form.cleaned_data["how_told"],
            )
        except ValidationError as error:
            add_domain_error(form, error, field="person")
        else:
            messages.success(
                request,
                _("Saved. %(name)s has agreed to version %(n)s.")
                % {"name": form.cleaned_data["person"].display_name, "n": version.number},
            )
            return _to_agreement(request, pk)
    return _agreement_page(request, pk, record_form=form)


@org_view(Role.STAFF)
@require_POST
def panel_agreement_point_state(request: OrgRequest, pk: int, point_pk: int) -> HttpResponse:
    panel = get_panel(request, pk)
    point = get_object_or_404(AgreementPoint, panel=panel, pk=point_pk)
    try:
        domain.set_point_state(point, request.POST.get("state", ""), actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _to_agreement(request, pk)


@org_view(Role.STAFF)
@require_POST
def panel_agreement_publish(request: OrgRequest, pk: int) -> HttpResponse:
    panel = get_panel(request, pk)
    if request.POST.get("action") == "template":
        added = domain.add_template_points(panel, actor=request.user)
        messages.success(
            request, _("%(n)s points added for the group to talk about.") % {"n": added}
        )
        return _to_agreement(request, pk)
    try:
        version = domain.publish_agreement_version(panel, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Version %(n)s is published. Members can now say they agree.")
            % {"n": version.number},
        )
    return _to_agreement(request, pk)


def signed(version_id: int | None, person_id: int | None) -> bool:
    if not version_id or not person_id:
        return False
    return AgreementSignature.objects.filter(version_id=version_id, person_id=person_id).exists()
