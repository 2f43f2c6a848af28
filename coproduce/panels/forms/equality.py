"""Staff typing in equality answers an applicant gave on paper or by phone."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.panels.forms.recruitment import DATE_ERROR, DateInput, EqualityForm
from coproduce.panels.models import Route


class StaffEqualityForm(EqualityForm):
    """The same questions as online, in the panel's list, with the consent the applicant gave
    on the paper form (or said on the phone): a box they ticked, and when."""

    collected_via = forms.ChoiceField(
        label=_("How did they give you their answers?"),
        choices=[(Route.PAPER.value, _("On a paper form")), (Route.PHONE.value, _("By phone"))],
        initial=Route.PAPER.value,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they gave you their answers.")},
    )
    consent_given_on = forms.DateField(
        label=_("When did they agree?"),
        help_text=_("The date they signed the form, or the date of the call."),
        widget=DateInput(),
        error_messages={"invalid": DATE_ERROR, "required": _("Enter the date they agreed.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("consent_given_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "They agreed to us keeping their answers to check that the panel is fair and open to "
            "everyone. They ticked the box on the form, or said yes on the phone after we read "
            "it to them."
        )
        self.fields["selection_consent"].label = _(
            "They also agreed to us using their answers to help choose a mix of people."
        )
        self.fields["selection_consent"].help_text = _(
            "Only tick this if they ticked this box too, or said yes to it."
        )
        # How and when first, then the questions, then the consent boxes.
        order = ["collected_via", "consent_given_on"]
        self.fields = {
            **{name: self.fields[name] for name in order},
            **{name: field for name, field in self.fields.items() if name not in order},
        }

    def clean_consent_given_on(self) -> datetime.date:
        given = self.cleaned_data["consent_given_on"]
        if given > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return given

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "consent" in self.errors:
            self.errors.pop("consent")
            self.add_error(
                "consent",
                _(
                    "Tick this box only if they agreed. If they did not agree, do not type in "
                    "their answers: we cannot keep them."
                ),
            )
        return data

    def consent_given_at(self) -> datetime.datetime:
        """The date they agreed, as the start of that day here."""
        day = self.cleaned_data["consent_given_on"]
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
