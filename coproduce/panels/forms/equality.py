"""Equality questions: the applicant's own form online, and staff typing in answers an
applicant gave on paper or by phone."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.panels.categories import QUESTIONS, Question
from coproduce.panels.forms.recruitment import DATE_ERROR, DateInput
from coproduce.panels.models import Route


class EqualityForm(forms.Form):
    """Every question optional, each with "Prefer not to say"; consent box unticked."""

    consent = forms.BooleanField(
        label=_(
            "I agree to you keeping my answers to check that the panel is fair and open to "
            "everyone. I know I can ask you to delete them at any time."
        ),
        required=False,
    )
    selection_consent = forms.BooleanField(
        label=_(
            "I also agree to you using my answers to help choose a mix of people for the panel."
        ),
        help_text=_("You do not have to agree to this. It does not change anything else."),
        required=False,
    )

    def __init__(self, *args: Any, questions: tuple[Question, ...] = QUESTIONS, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions  # the panel's: `nations.questions_for(panel.ethnicity_list)`
        answer_fields = {}
        for question in questions:
            answer_fields[question.key] = forms.ChoiceField(
                label=str(question.text),
                help_text=str(question.hint),
                choices=[(o.value, o.label) for o in question.options],
                widget=forms.RadioSelect,
                required=False,
            )
        # The questions first, then the consent boxes.
        self.fields = {**answer_fields, **self.fields}

    def answers(self) -> dict[str, str]:
        return {
            q.key: self.cleaned_data[q.key] for q in self.questions if self.cleaned_data.get(q.key)
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("consent"):
            self.add_error(
                "consent",
                _(
                    'Tick the box to say you agree, or choose "Skip these questions". '
                    "We cannot keep your answers without your agreement."
                ),
            )
        if data.get("selection_consent") and not data.get("consent"):
            self.add_error("selection_consent", _("Tick the first box as well, or untick this."))
        return data


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
