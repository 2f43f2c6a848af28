from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.accounts import domain
from coproduce.accounts.forms import AcceptInvitationForm, InviteForm, NewPasswordForm, RoleForm
from coproduce.accounts.models import Invitation, User
from coproduce.core.forms import OrganisationForm
from coproduce.core.models import Membership, Role
from coproduce.core.tenancy import OrgRequest, UserRequest, get_for_org_or_404, org_view


@org_view(Role.ADMIN)
def member_list(request: OrgRequest) -> HttpResponse:
    members = Membership.objects.for_organisation(request.organisation).select_related("user")
    invitations = (
        Invitation.objects.for_organisation(request.organisation)
        .filter(accepted_at__isnull=True, cancelled_at__isnull=True)
        .select_related("person")
    )
    return render(
        request,
        "accounts/member_list.html",
        {"members": members, "invitations": invitations, "roles": Role.choices},
    )


@org_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def invite(request: OrgRequest) -> HttpResponse:
    form = InviteForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        invitation = domain.invite_to_organisation(
            request.organisation,
            invited_by=request.user,
            **form.cleaned_data,
        )
        messages.success(request, _("We have sent an invitation to %s.") % invitation.email)
        return redirect("member_list", org=request.organisation.slug)
    return render(
        request, "accounts/invite_form.html", {"form": form, "days": settings.INVITATION_DAYS}
    )


@org_view(Role.ADMIN)
@require_POST
def invitation_cancel(request: OrgRequest, pk: int) -> HttpResponse:
    invitation = get_for_org_or_404(Invitation, request.organisation, pk=pk)
    domain.cancel_invitation(invitation, actor=request.user)
    messages.success(request, _("The invitation for %s no longer works.") % invitation.email)
    return redirect("member_list", org=request.organisation.slug)


@org_view(Role.ADMIN)
@require_POST
def member_role(request: OrgRequest, pk: int) -> HttpResponse:
    membership = get_for_org_or_404(
        Membership.objects.select_related("user"), request.organisation, pk=pk
    )
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            domain.change_role(membership, form.cleaned_data["role"], actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("%s now has a new role.") % membership.user)
    return redirect("member_list", org=request.organisation.slug)


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = domain.invitation_by_token(token)
    if invitation is None:
        raise Http404
    if invitation.resets_password:
        return _new_password_by_slip(request, invitation)
    context: dict[str, object] = {"invitation": invitation}
    try:
        domain.check_invitation_open(invitation)
    except ValidationError as error:
        context["problem"] = error.messages[0]
        return render(request, "accounts/invitation.html", context, status=410)

    user = request.user
    if user.is_authenticated:
        if invitation.email and user.email.lower() != invitation.email:
            context["wrong_user"] = True
        elif request.method == "POST":
            domain.accept_invitation(invitation, user)
            messages.success(request, _("Welcome to %s.") % invitation.organisation)
            return redirect("dashboard", org=invitation.organisation.slug)
        return render(request, "accounts/invitation.html", context)

    if invitation.email and User.objects.filter(email__iexact=invitation.email).exists():
        context["has_account"] = True
        return render(request, "accounts/invitation.html", context)

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        new_user = domain.create_account_for_invitation(
            invitation,
            name=form.cleaned_data["name"],
            password=form.cleaned_data["password1"],
            email=form.cleaned_data.get("email", ""),
        )
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        # Tell allauth they have just typed their password, as its own login does. Without
        # this record, an invited admin, sent straight on to set up two-step sign in, was
        # asked for the password again ("reauthenticate") a moment after choosing it.
        record_authentication(request, new_user, method="password", email=new_user.email)
        messages.success(request, _("Welcome to %s.") % invitation.organisation)
        if new_user.sign_in_name:
            messages.info(
                request,
                _(
                    "Your sign-in name is %(name)s. Write it on your slip. "
                    "You log in with it and your password."
                )
                % {"name": new_user.sign_in_name},
            )
        return redirect("dashboard", org=invitation.organisation.slug)
    context["form"] = form
    return render(request, "accounts/invitation.html", context)


def _new_password_by_slip(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """A "new password" slip's page: choose a new password, then be signed in."""
    context: dict[str, object] = {"invitation": invitation}
    user = domain.slip_login(invitation)
    try:
        domain.check_invitation_open(invitation)
        if user is None:
            raise ValidationError(_("This slip no longer works."))
    except ValidationError as error:
        context["problem"] = error.messages[0]
        return render(request, "accounts/new_password_slip.html", context, status=410)
    form = NewPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            user = domain.reset_password_by_slip(
                invitation, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:  # used or cancelled a moment ago
            context["problem"] = error.messages[0]
            return render(request, "accounts/new_password_slip.html", context, status=410)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        record_authentication(request, user, method="password", email=user.email)
        messages.success(request, _("Your new password is ready. You are logged in."))
        messages.info(
            request,
            _("Your sign-in name is %(name)s. You log in with it and your new password.")
            % {"name": user.sign_in_name},
        )
        return redirect("dashboard", org=invitation.organisation.slug)
    context.update(form=form, sign_in_name=user.sign_in_name)
    response = render(request, "accounts/new_password_slip.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def create_organisation(request: UserRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = domain.create_organisation(creator=request.user, **form.cleaned_data)
        return redirect("dashboard", org=organisation.slug)
    return render(request, "core/organisation_form.html", {"form": form})
