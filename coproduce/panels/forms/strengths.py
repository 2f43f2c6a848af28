"""Strengths and relationships: what a member brings, in the second person, and the
induction ticks staff make."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import how_told_field
from coproduce.panels.forms.recruitment import DATE_ERROR, DateInput
from coproduce.panels.induction import FROM_RECORDS

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise
from coproduce.panels.models import InductionStep
from coproduce.panels.models.strengths import STRENGTHS_MAX


def _answer(label: StrOrPromise, hint: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=STRENGTHS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StrengthsForm(forms.Form):
    """A member's own answers: short plain questions, each one optional."""

    # The person's own words about themselves: the plain-language check is for staff writing.
    plain_exempt = frozenset({"skills", "experience", "interests", "to_learn"})

    skills = _answer(
        _("What are you good at?"), _("For example: listening, cooking, fixing things.")
    )
    experience = _answer(
        _("What have you done that could help the panel?"),
        _("For example: looking after someone, a job, a group you go to."),
    )
    interests = _answer(
        _("What do you enjoy or care about?"), _("For example: gardening, music, buses.")
    )
    to_learn = _answer(
        _("What would you like to learn?"),
        _("For example: speaking in meetings, using a computer."),
    )
    consent = forms.BooleanField(
        label=_("You agree we keep this. You can take it back at any time."),
        error_messages={"required": _("Tick the box to say we can keep this.")},
    )
    share = forms.BooleanField(
        label=_("The other people on your panels can see it too"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("skills", "experience", "interests", "to_learn")):
            self.add_error("skills", _("Write an answer to at least one question."))
        return data


class RecordStrengthsForm(StrengthsForm):
    """Staff write down what someone without a login told them, and how they told us."""

    how_told = how_told_field()

    def __init__(self, *args: Any, name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _("%(name)s agrees we keep this.") % {"name": name}
        self.fields["share"].label = _(
            "%(name)s wants to share it with the other people on their panels"
        ) % {"name": name}


class WithdrawStrengthsForm(forms.Form):
    """Staff hide what someone told us, because the person asked (by phone...)."""

    how_told = how_told_field()


TICK_STEPS = [(s.value, s.label) for s in InductionStep if s not in FROM_RECORDS]


class InductionTickForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Step"),
        choices=TICK_STEPS,
        error_messages={"required": _("Choose a step."), "invalid_choice": _("Choose a step.")},
    )
    done_on = forms.DateField(
        label=_("Date it was done"),
        widget=DateInput(),
        error_messages={"invalid": DATE_ERROR, "required": _("Enter the date it was done.")},
    )
