from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import RecordChoiceField, limited_text
from coproduce.core.models import Organisation
from coproduce.core.plain_check import PlainCheckMixin
from coproduce.initiatives.models import Capacity, Initiative, Level
from coproduce.initiatives.rungs import RUNGS
from coproduce.people.models import Person


class InitiativeForm(PlainCheckMixin, forms.ModelForm):
    plain_fields = {"title": False, "aim": False}

    class Meta:
        model = Initiative
        formfield_callback = limited_text
        fields = ["title", "aim", "stage", "level", "lead", "claimed_approach"]
        help_texts = {
            "claimed_approach": _(
                "The word you use for how you work with people, for example in reports. "
                "We compare it with what people say in the Ladder questions."
            ),
            "title": _("A short name, for example: Make the garden easy to use."),
            "aim": _("What should be better when this work is done? Use everyday words."),
            "level": _(
                "Is it about the care and support of one person, about a service such as a "
                "day centre, or about the plans and rules for everyone? Choose the one that "
                "fits best."
            ),
        }
        widgets = {
            "aim": forms.Textarea(attrs={"rows": 4}),
            "stage": forms.RadioSelect,
            "level": forms.RadioSelect,
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead: forms.ModelChoiceField = self.fields["lead"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        lead.queryset = Person.objects.for_organisation(organisation)
        lead.empty_label = _("No lead yet")
        claimed: forms.TypedChoiceField = self.fields["claimed_approach"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        level: forms.TypedChoiceField = self.fields["level"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        level.choices = Level.choices
        claimed.choices = [
            ("", _("We do not call it anything yet")),
            *[(rung.key, rung.name) for rung in RUNGS],
        ]


class InvolvementForm(forms.Form):
    person = RecordChoiceField(
        label=_("Person"), queryset=Person.objects.none(), empty_label=_("Choose a person")
    )
    capacity = forms.ChoiceField(
        label=_("How are they taking part?"), choices=Capacity.choices, widget=forms.RadioSelect
    )
    joined_on = forms.DateField(
        label=_("Date they joined"),
        help_text=_("For example 27 3 2026, or 2026-03-27."),
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a real date, for example 27 3 2026.")},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("joined_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        person: forms.ModelChoiceField = self.fields["person"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        person.queryset = Person.objects.for_organisation(organisation)
