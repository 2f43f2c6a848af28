from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.ladder.bank import NOT_SURE, Question
from coproduce.ladder.codes import CODE_LENGTH, normalise_code
from coproduce.ladder.path_bank import PathQuestion
from coproduce.people.models import Person

DATE_FORMATS = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y", "%d-%m-%Y"]


class CodeForm(forms.Form):
    plain_exempt = frozenset({"code"})

    code = forms.CharField(
        label=_("Your code"),
        help_text=_("It has 8 letters and numbers, for example ABCD-EFGH. Small letters are fine."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Type the code from your letter or message.")},
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("A code has 8 letters and numbers. Check it and try again."), code="length"
            )
        return code


def question_wording(question: Question | PathQuestion, voice: str, *, easy_read: bool) -> str:
    """The question in the voice of whoever answers: staff, the person, or staff for someone."""
    if isinstance(question, PathQuestion):
        return question.wording(voice, easy_read=easy_read)
    return question.easy_read if easy_read else question.text


class AnswerForm(forms.Form):
    """One question: its options, in standard or easy read words, and "I don’t know"."""

    plain_exempt = frozenset({"reason"})

    answer = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose an answer. If you do not know, choose “I don’t know”."),
            "invalid_choice": _("Choose one of the answers on the page."),
        },
    )

    def __init__(
        self,
        *args: Any,
        question: Question | PathQuestion,
        easy_read: bool,
        voice: str = "staff",
        **kwargs: Any,
    ) -> None:
        self.optional = kwargs.pop("optional", False)
        super().__init__(*args, **kwargs)
        field: forms.ChoiceField = self.fields["answer"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        field.label = question_wording(question, voice, easy_read=easy_read)
        field.help_text = "" if easy_read else question.why
        field.required = not self.optional
        field.choices = [
            *((o.key, o.easy_read if easy_read else o.text) for o in question.options),
            (NOT_SURE, _("I don’t know")),
        ]


class AdoptActionForm(forms.Form):
    question_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    owner = forms.TypedChoiceField(
        label=_("Who will do it?"),
        coerce=int,
        error_messages={"required": _("Choose who will do it.")},
    )
    due_on = forms.DateField(
        label=_("Do it by"),
        help_text=_("For example 27 3 2026, or 2026-03-27."),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date to do it by."),
            "invalid": _("Enter a real date, for example 27 3 2026."),
        },
    )

    def __init__(self, *args: Any, people: Sequence[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        owner: forms.TypedChoiceField = self.fields["owner"]  # type: ignore[assignment]  # fields are typed Field; this one is narrower
        owner.choices = [
            ("", _("Choose a person")),
            *((p.pk, p.display_name) for p in people),
        ]

    def clean_due_on(self) -> Any:
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a date in the future."))
        return due_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "owner" in cleaned:
            cleaned["owner"] = self.people[cleaned["owner"]]
        return cleaned
