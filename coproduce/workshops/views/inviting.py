"""Inviting people to a workshop (staff), and the sign-up page from an invitation (no login)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coproduce.core.forms import add_domain_error
from coproduce.core.limits import (
    ANONYMOUS_WRITES,
    SLOW_DOWN,
    WRONG_CODES,
    is_limited,
    note_attempt,
)
from coproduce.core.links import absolute_url
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404, org_view
from coproduce.workshops import domain
from coproduce.workshops.domain import Refused, inviting
from coproduce.workshops.forms import InviteForm, RecordSignUpForm, SignUpForm
from coproduce.workshops.models import Invitation, Workshop
from coproduce.workshops.signups import (
    calendar_file,
    invitable_groups,
    invitation_for_token,
    invited_person_ids,
    sign_up_counts,
)
from coproduce.workshops.views.common import _back_to_plan, _workshop


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def workshop_invite(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    groups = invitable_groups(workshop)
    form = InviteForm(request.POST if request.method == "POST" else None, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            made = domain.invite_to_workshop(
                workshop, form.cleaned_data["chosen"], actor=request.user
            )
        except Refused as refused:
            add_domain_error(form, refused)
        else:
            messages.success(
                request,
                ngettext(
                    "Invited %(n)s person. Each is told by the way they chose.",
                    "Invited %(n)s people. Each is told by the way they chose.",
                    len(made),
                )
                % {"n": len(made)},
            )
            return _back_to_plan(workshop)
    return render(
        request,
        "workshops/invite.html",
        {
            "form": form,
            "workshop": workshop,
            "initiative": workshop.initiative,
            "groups": groups,
            "invited": invited_person_ids(workshop),
            "chosen": {str(v) for v in form["people"].value() or []},
            "everyone": set(form["everyone_in"].value() or []),
            "counts": sign_up_counts(workshop),
        },
    )


@org_view(Role.STAFF)
@require_http_methods(["GET", "POST"])
def workshop_sign_up_record(
    request: OrgRequest, pk: int, workshop_pk: int, invitation_pk: int
) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    invitation = get_for_org_or_404(
        Invitation.objects.select_related("person", "workshop"),
        request.organisation,
        pk=invitation_pk,
        workshop=workshop,
    )
    form = RecordSignUpForm(
        request.POST if request.method == "POST" else None,
        initial=None
        if request.method == "POST"
        else inviting.sign_up_as_it_stands(invitation, actor=request.user),
        hybrid=workshop.place == Workshop.Place.HYBRID,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _answer(form, invitation, actor=request.user)
    ):
        messages.success(
            request, _("Saved the answer for %(name)s.") % {"name": invitation.person.display_name}
        )
        return _back_to_plan(workshop)
    return render(
        request,
        "workshops/sign_up_record.html",
        {
            "form": form,
            "workshop": workshop,
            "initiative": workshop.initiative,
            "invitation": invitation,
        },
    )


def _answer(form: SignUpForm, invitation: Invitation, **recorded: object) -> bool:
    data = form.cleaned_data
    try:
        domain.answer_invitation(
            invitation,
            coming=data["answer"] == "yes",
            capacity=data.get("capacity") or "",
            joins_from=data.get("joins_from") or "",
            needs=data.get("needs") or [],
            other_needs=data.get("other_needs") or "",
            consent=bool(data.get("consent")),
            how_told=data.get("how_told", ""),
            **recorded,  # type: ignore[arg-type]  # only actor, from staff
        )
    except Refused as refused:
        add_domain_error(form, refused)
        return False
    return True


def _invitation_or_404(request: HttpRequest, token: str) -> Invitation:
    """The invitation behind a private link. Too many wrong links, and every link is 404."""
    if is_limited(request, WRONG_CODES):
        raise Http404
    invitation = invitation_for_token(token)
    if invitation is None:
        note_attempt(request, WRONG_CODES)
        raise Http404
    return invitation


@never_cache
@require_http_methods(["GET", "POST"])
def workshop_sign_up(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation_or_404(request, token)
    workshop = invitation.workshop
    form = SignUpForm(
        request.POST if request.method == "POST" else None,
        initial=inviting.sign_up_as_it_stands(invitation),
        hybrid=workshop.place == Workshop.Place.HYBRID,
    )
    status = 200
    if request.method == "POST" and workshop.is_open:
        if is_limited(request, ANONYMOUS_WRITES):
            form.is_valid()  # keeps what they typed, with any other message
            form.add_error(None, SLOW_DOWN)
            status = 429
        elif form.is_valid():
            note_attempt(request, ANONYMOUS_WRITES)
            if _answer(form, invitation):
                messages.success(request, _("Thank you. We have your answer."))
                return redirect("workshop_sign_up", token=invitation.token)
    return render(
        request,
        "workshops/sign_up.html",
        {
            "form": form,
            "invitation": invitation,
            "workshop": workshop,
            "host": workshop.organisation,
            "calendar_url": reverse("workshop_sign_up_calendar", kwargs={"token": token}),
            "join_url": reverse("workshop_join", kwargs={"code": workshop.join_code})
            + "?"
            + urlencode({"invited": invitation.token}),
        },
        status=status,
    )


@require_GET
def workshop_sign_up_calendar(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation_or_404(request, token)
    link = absolute_url(reverse("workshop_sign_up", kwargs={"token": token}), request)
    response = HttpResponse(
        calendar_file(invitation.workshop, link=link), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'attachment; filename="workshop.ics"'
    return response
