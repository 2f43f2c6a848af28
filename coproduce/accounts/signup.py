"""The extra field on allauth's sign-up form.

Kept apart from forms.py because allauth imports it while building its own forms, which
forms.py in turn subclasses.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from coproduce.accounts.models import User


class SignupExtraForm(forms.Form):
    """Extra field on allauth's sign-up form."""

    name = forms.CharField(label=_("Your name"), max_length=150)

    def signup(self, request: HttpRequest, user: User) -> None:
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])
