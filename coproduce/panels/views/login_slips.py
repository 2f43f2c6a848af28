"""A login slip to print for a member who does not use email (A4, large print)."""

from __future__ import annotations

from collections.abc import Callable

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from coproduce.accounts.models import Invitation
from coproduce.core.links import absolute_url
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.panels.domain.login_slips import print_login_slip, print_new_password_slip
from coproduce.panels.models import PanelMember
from coproduce.panels.views.common import get_panel


def _member(panel_pk: int, member_pk: int) -> PanelMember:
    return get_object_or_404(
        PanelMember.objects.select_related("person__user"), panel_id=panel_pk, pk=member_pk
    )


@org_view(Role.STAFF)
@require_POST
def panel_member_slip(request: OrgRequest, pk: int, member_pk: int) -> HttpResponse:
    """Make a new login slip (an earlier one stops working), then show it to print."""
    panel = get_panel(request, pk)
    member = _member(panel.pk, member_pk)
    return _print(request, pk, member, print_login_slip)


@org_view(Role.STAFF)
@require_POST
def panel_member_password_slip(request: OrgRequest, pk: int, member_pk: int) -> HttpResponse:
    """Make a "new password" slip for a member who signs in with a sign-in name (an earlier
    slip stops working), then show it to print on the same page as a login slip."""
    panel = get_panel(request, pk)
    member = _member(panel.pk, member_pk)
    return _print(request, pk, member, print_new_password_slip)


def _print(
    request: OrgRequest,
    pk: int,
    member: PanelMember,
    make: Callable[..., Invitation],
) -> HttpResponse:
    try:
        invitation = make(member, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("panel_members", org=request.organisation.slug, pk=pk)
    return redirect(
        "panel_member_slip_print",
        org=request.organisation.slug,
        pk=pk,
        member_pk=member.pk,
        invitation_pk=invitation.pk,
    )


@org_view(Role.STAFF)
def panel_member_slip_print(
    request: OrgRequest, pk: int, member_pk: int, invitation_pk: int
) -> HttpResponse:
    panel = get_panel(request, pk)
    member = _member(panel.pk, member_pk)
    invitation = get_object_or_404(
        Invitation, organisation=request.organisation, person=member.person, pk=invitation_pk
    )
    if not invitation.by_slip:
        raise Http404
    link = absolute_url(reverse("accept_invitation", args=[invitation.token]), request)
    # The same address to type, in groups of four: the page reads it without the dashes.
    code = "-".join(invitation.token[i : i + 4] for i in range(0, len(invitation.token), 4))
    typed = absolute_url(reverse("accept_invitation", args=[code]), request)
    # segno writes the SVG from our own address and the code we made, nothing anyone typed.
    qr = segno.make(link, error="m").svg_inline(
        scale=5, border=2, svgclass="login-slip-qr", lineclass=None, omitsize=True
    )
    response = render(
        request,
        "panels/login_slip.html",
        {
            "panel": panel,
            "member": member,
            "person": member.person,
            "invitation": invitation,
            "typed_link": typed,
            "login_url": absolute_url(reverse("account_login"), request),
            "qr": mark_safe(qr),  # noqa: S308 -- made by segno from our own link only
            "site_name": settings.SITE_NAME,
            "contact": panel.named_contact,
            # A "new password" slip reminds them of the sign-in name they log in with.
            "sign_in_name": member.person.user.sign_in_name
            if invitation.resets_password and member.person.user
            else "",
        },
    )
    response["Cache-Control"] = "no-store"  # the code opens a login: never kept by a cache
    return response
