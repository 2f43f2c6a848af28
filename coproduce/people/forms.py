from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import limited_text
from coproduce.people.models import DELIVERY_STATUSES, ContactMethod, Format, Person


class PersonForm(forms.ModelForm):
    plain_exempt = frozenset(
        {
            "name",
            "preferred_name",
            "pronouns",
            "phone",
            "address",
            "supporter_name",
            "supporter_contact",
        }
    )

    contact_methods = forms.MultipleChoiceField(
        label=_("How do they like to be contacted?"),
        help_text=_("Choose all that apply."),
        choices=ContactMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    formats = forms.MultipleChoiceField(
        label=_("Which formats do they prefer for papers?"),
        help_text=_("Choose all that apply."),
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Person
        formfield_callback = limited_text
        fields = [
            "name",
            "preferred_name",
            "pronouns",
            "contact_methods",
            "email",
            "phone",
            "address",
            "supporter_name",
            "supporter_contact",
            "formats",
        ]
        help_texts = {
            "preferred_name": _("Leave empty to use their full name."),
            "pronouns": _("For example she/her, he/him or they/them."),
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }

    def clean_contact_methods(self) -> list[str]:
        chosen = set(self.cleaned_data["contact_methods"])
        return [value for value in ContactMethod.values if value in chosen]

    def clean_formats(self) -> list[str]:
        chosen = set(self.cleaned_data["formats"])
        return [value for value in Format.values if value in chosen]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        methods = data.get("contact_methods") or []
        needs = {
            ContactMethod.EMAIL: ("email", _("Enter an email address, or untick email.")),
            ContactMethod.PHONE: ("phone", _("Enter a phone number, or untick phone call.")),
            ContactMethod.TEXT: ("phone", _("Enter a phone number, or untick text message.")),
            ContactMethod.POST: ("address", _("Enter a postal address, or untick letter.")),
            ContactMethod.SUPPORTER: (
                "supporter_name",
                _("Enter the supporter's name, or untick this choice."),
            ),
        }
        for method in methods:
            field, message = needs[ContactMethod(method)]
            if not data.get(field) and field not in self.errors:
                self.add_error(field, message)
        return data


class NotifyReceiptForm(forms.Form):
    """One delivery receipt from GOV.UK Notify's callback (JSON): its id for the message,
    our reference, and the status."""

    plain_exempt = frozenset({"id", "reference"})  # codes from a machine, read by no one

    id = forms.CharField(max_length=100)
    reference = forms.CharField(max_length=100, required=False)
    status = forms.ChoiceField(choices=[(s, s) for s in sorted(DELIVERY_STATUSES)])

    def clean(self) -> dict[str, Any]:
        # JSON may send a list or a number where text belongs, or text no database can
        # store (a lone surrogate): none of that is a receipt.
        for name in ("id", "reference", "status"):
            value = self.data.get(name, "")
            if not isinstance(value, str) or not value.isprintable():
                raise forms.ValidationError("Not a delivery receipt.")
        return self.cleaned_data
