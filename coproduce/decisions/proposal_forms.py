"""All input for panel proposals and leaders' backing. A form that fails keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import RecordChoiceField, how_told_field
from coproduce.core.plain_check import PlainCheckMixin
from coproduce.decisions.models import Backing, ProposalAnswer
from coproduce.initiatives.models import Initiative
from coproduce.panels.forms.common import datetime_field
from coproduce.people.models import Person
from coproduce.wellbeing.forms import date_field


class ProposalForm(PlainCheckMixin, forms.Form):
    plain_fields = {"title": False, "detail": False}

    title = forms.CharField(
        label=_("What is the panel asked to decide?"),
        help_text=_(
            "One short sentence, for example: Open the day centre on one Saturday a month."
        ),
        max_length=200,
        error_messages={"required": _("Write what the panel is asked to decide.")},
    )
    detail = forms.CharField(
        label=_("More about it, in plain words"),
        help_text=_("What would change, and anything members should know before they answer."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    closes_at = datetime_field(_("When does it close?"), required=True)
    initiative = RecordChoiceField(
        label=_("Which piece of work is it about?"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args: Any, initiatives: QuerySet[Initiative], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives  # type: ignore[attr-defined]  # a model choice field, typed as Field
        self.fields["closes_at"].help_text = _(
            "Members can answer, and change their answer, until then. For example 2026-05-05 17:00."
        )

    def clean_closes_at(self) -> Any:
        value = self.cleaned_data["closes_at"]
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("Choose a closing time that has not passed yet."))
        return value


def _answer_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("What do you think?"),
        choices=ProposalAnswer.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose an answer."),
            "invalid_choice": _("Choose one of the answers."),
        },
    )


def _reason_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    plain_exempt = frozenset({"reason"})

    answer = _answer_field()
    reason = _reason_field(_("Why? You do not have to say."))


class RecordAnswerForm(forms.Form):
    plain_exempt = frozenset({"reason"})

    person = RecordChoiceField(
        label=_("Whose answer is it?"),
        queryset=Person.objects.none(),
        error_messages={
            "required": _("Choose the member."),
            "invalid_choice": _("Choose a member of this panel."),
        },
    )
    answer = _answer_field()
    reason = _reason_field(_("Why, if they said"))
    how_told = how_told_field()

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = _("Their answer")
        self.fields["person"].queryset = people  # type: ignore[attr-defined]  # a model choice field, typed as Field


class BackingForm(PlainCheckMixin, forms.Form):
    plain_fields = {"commitment": False}
    plain_exempt = frozenset({"sponsor_role"})

    sponsor = RecordChoiceField(
        label=_("Who is backing it?"),
        help_text=_("A leader: a director, a head of service or a councillor."),
        queryset=Person.objects.none(),
        error_messages={
            "required": _("Choose who is backing it."),
            "invalid_choice": _("Choose someone from the list."),
        },
    )
    sponsor_role = forms.CharField(
        label=_("Their job"),
        max_length=200,
        error_messages={"required": _("Write their job.")},
    )
    backed_on = date_field(_("When did they agree to back it?"))
    commitment = forms.CharField(
        label=_("What did they commit to?"),
        help_text=_(
            "Something you can check, for example: to answer every recommendation from the "
            "panel in writing within 4 weeks."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what they committed to.")},
    )
    due_on = date_field(_("By when?"), required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = people  # type: ignore[attr-defined]  # a model choice field, typed as Field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        backed_on, due_on = data.get("backed_on"), data.get("due_on")
        if backed_on and due_on and due_on < backed_on:
            self.add_error(
                "due_on", _("The date it is due must be on or after the date they backed it.")
            )
        return data


class KeptForm(PlainCheckMixin, forms.Form):
    plain_fields = {"kept_note": False}

    kept = forms.ChoiceField(
        label=_("Did they do what they committed to?"),
        choices=Backing.Kept.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose an answer."),
            "invalid_choice": _("Choose one of the answers."),
        },
    )
    kept_note = forms.CharField(
        label=_("What happened?"),
        help_text=_("Needed if they did not do it."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kept") == Backing.Kept.NOT_KEPT and not data.get("kept_note", "").strip():
            self.add_error("kept_note", _("Say what happened, so the panel can follow it up."))
        return data
