from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from coproduce.accounts.models import User
from coproduce.core.models import Membership, Organisation, Role


class SignupExtraForm(forms.Form):
    """Extra field on allauth's sign-up form."""

    name = forms.CharField(label=_("Your name"), max_length=150)

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Their email address"))
    role = forms.ChoiceField(
        label=_("What can they do?"),
        choices=[
            (Role.MEMBER, _("Member: takes part, sees the work they are part of")),
            (Role.STAFF, _("Staff: runs the work, keeps people's records")),
            (Role.ADMIN, _("Admin: also manages who can log in")),
        ],
        widget=forms.RadioSelect,
        initial=Role.MEMBER,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(organisation=self.organisation, user__email=email).exists():
            raise forms.ValidationError(_("Someone with this email address is already a member."))
        return email


class AcceptInvitationForm(forms.Form):
    """For an invited person with no login yet: their name and a new password."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        help_text=_("At least 8 characters. Not only numbers, and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are different. Type them again."))
        elif p1:
            try:
                password_validation.validate_password(p1, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
