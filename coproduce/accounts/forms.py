from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from coproduce.accounts.models import NO_EMAIL_DOMAIN, User
from coproduce.core.models import Membership, Organisation, Role


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


def check_new_password(form: forms.Form, data: dict[str, Any], user: User) -> None:
    """The two new-password boxes of `form`: the same, and passing the password rules for
    `user`. Errors go beside the box they are about."""
    p1, p2 = data.get("password1"), data.get("password2")
    if p1 and p2 and p1 != p2:
        form.add_error("password2", _("The two passwords are different. Type them again."))
    elif p1:
        try:
            password_validation.validate_password(p1, user)
        except forms.ValidationError as error:
            form.add_error("password1", error)


class AcceptInvitationForm(forms.Form):
    """For an invited person with no login yet: their name and a new password."""

    plain_exempt = frozenset({"name"})

    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Choose a password"),
        help_text=_("At least 8 characters. Not only numbers, and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
        strip=False,
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
        strip=False,
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        if not email:  # a login slip without an address: they type theirs, if they have one
            self.fields = {
                "email": forms.EmailField(
                    label=_("Your email address"),
                    help_text=_(
                        "If you have no email address, leave this empty. "
                        "We give you a sign-in name to use instead."
                    ),
                    max_length=254,
                    required=False,
                    error_messages={
                        "invalid": _("Enter an email address like name@example.org."),
                    },
                ),
                **self.fields,
            }

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email.endswith("@" + NO_EMAIL_DOMAIN):
            raise forms.ValidationError(_("Enter an email address like name@example.org."))
        if email and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "There is already a login for this email address. "
                    "Log in, then open this page again."
                )
            )
        self.email = email
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_new_password(self, data, User(email=self.email))
        return data


class NewPasswordForm(forms.Form):
    """For someone with a "new password" slip: the new password, twice."""

    password1 = forms.CharField(
        label=_("Choose a new password"),
        help_text=_("At least 8 characters. Not only numbers, and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
        strip=False,
    )
    password2 = forms.CharField(
        label=_("Type the new password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=200,
        strip=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_new_password(self, data, self.user)
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form, in our words, taking an email address or, from someone with no
    email address, their sign-in name (see `accounts.models.NO_EMAIL_DOMAIN`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"] = forms.CharField(
            label=_("Email address or sign-in name"),
            max_length=254,
            widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        )
        self.order_fields(["login", "password", "remember"])
        self.fields["password"].label = _("Password")
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me logged in on this device")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)

    def clean_login(self) -> str:
        login = super().clean_login()
        if login and "@" not in login:  # a sign-in name
            return f"{login.lower()}@{NO_EMAIL_DOMAIN}"
        return login


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up form (with our name field), in our words."""

    plain_exempt = frozenset({"name", "username"})

    field_order = ["name", "email", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["password1"].label = _("Choose a password")
        self.fields["password1"].help_text = _(
            "At least 8 characters. Not only numbers, and not a common password."
        )
        if "password2" in self.fields:
            self.fields["password2"].label = _("Type the password again")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.order_fields(self.field_order)

    def clean_email(self) -> str:
        email = str(super().clean_email())
        if email.lower().endswith("@" + NO_EMAIL_DOMAIN):  # kept for sign-in names
            raise forms.ValidationError(_("Enter an email address like name@example.org."))
        return email
