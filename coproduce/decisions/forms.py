"""All input for recording a decision. A form that fails keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import RecordChoiceField, RecordsChoiceField
from coproduce.core.params import whole_number
from coproduce.core.plain_check import PlainCheckMixin
from coproduce.decisions.models import VOTE_COUNTS, CameFrom, Decision, How, vote_count_problems
from coproduce.outcomes.models import Contribution, Response
from coproduce.panels.models import Meeting
from coproduce.people.models import Person
from coproduce.wellbeing.forms import date_field
from coproduce.workshops.models import Workshop

MOST_VOTES = 10_000


class CountField(forms.IntegerField):
    """How many people: ASCII digits only ("٣" and "²" are refused with a plain message)."""

    default_error_messages = {
        "invalid": _("Enter a whole number, for example 4."),
        "max_value": _("Enter a number up to %(limit_value)s."),
    }

    def __init__(self, label: Any) -> None:
        super().__init__(
            label=label,
            required=False,
            min_value=0,
            max_value=MOST_VOTES,
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-count"}),
        )

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        number = whole_number(str(value), high=MOST_VOTES)
        if number is None:
            if whole_number(str(value)) is not None:
                raise forms.ValidationError(
                    self.error_messages["max_value"], code="max_value",
                    params={"limit_value": MOST_VOTES},
                )  # fmt: skip
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def _means_choices() -> list[tuple[str, Any]]:
    return [("", _("Choose")), *Response.Decision.choices]


class DecisionForm(PlainCheckMixin, forms.Form):
    plain_fields = {"what": False}

    what = forms.CharField(
        label=_("What was decided?"),
        help_text=_("In plain words, as you would tell the people it affects."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what was decided.")},
    )
    decided_on = date_field(_("When was it decided?"))
    how = forms.ChoiceField(
        label=_("How was it decided?"),
        choices=How.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how it was decided.")},
    )
    for_lived = CountField(_("For: people with lived experience"))
    for_learnt = CountField(_("For: people with learnt experience"))
    against_lived = CountField(_("Against: people with lived experience"))
    against_learnt = CountField(_("Against: people with learnt experience"))
    abstained_lived = CountField(_("Did not vote either way: lived experience"))
    abstained_learnt = CountField(_("Did not vote either way: learnt experience"))
    people = RecordsChoiceField(
        label=_("Who took part in deciding?"),
        help_text=_("Tick everyone who had a say."),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    came_from = forms.ChoiceField(
        label=_("What did it come from?"),
        choices=[("", _("Nothing in particular")), *CameFrom.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    workshop = RecordChoiceField(
        label=_("Which workshop?"),
        help_text=_("Only if it came from a workshop."),
        queryset=Workshop.objects.none(),
        required=False,
        empty_label=_("Choose a workshop"),
    )
    meeting = RecordChoiceField(
        label=_("Which meeting?"),
        help_text=_("Only if it came from a meeting."),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Choose a meeting"),
    )
    contribution = RecordChoiceField(
        label=_("What was said?"),
        help_text=_(
            "Only if it came from something someone said. The decision is added to “you "
            "said, we did” as the answer to it."
        ),
        queryset=Contribution.objects.none(),
        required=False,
        empty_label=_("Choose what was said"),
    )
    means = forms.ChoiceField(
        label=_("What does the decision mean for what was said?"),
        choices=_means_choices,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        workshops: QuerySet[Workshop],
        meetings: QuerySet[Meeting],
        contributions: QuerySet[Contribution],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("decided_on", timezone.localdate())
        self.fields["people"].queryset = people  # type: ignore[attr-defined]  # a model choice field, typed as Field
        self.fields["contribution"].queryset = contributions  # type: ignore[attr-defined]  # a model choice field, typed as Field
        self.fields["contribution"].label_from_instance = _said  # type: ignore[attr-defined]  # a model choice field, typed as Field
        came_from = [("", _("Nothing in particular"))]
        if workshops.exists():
            self.fields["workshop"].queryset = workshops  # type: ignore[attr-defined]  # a model choice field, typed as Field
            came_from.append((CameFrom.WORKSHOP, CameFrom.WORKSHOP.label))
        else:
            del self.fields["workshop"]
        if meetings.exists():
            self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]  # a model choice field, typed as Field
            came_from.append((CameFrom.MEETING, CameFrom.MEETING.label))
        else:
            del self.fields["meeting"]
        came_from += [
            (CameFrom.CONTRIBUTION, CameFrom.CONTRIBUTION.label),
            (CameFrom.OTHER, CameFrom.OTHER.label),
        ]
        self.fields["came_from"].choices = came_from  # type: ignore[attr-defined]  # a choice field, typed as Field

    @classmethod
    def initial_for(cls, decision: Decision) -> dict[str, Any]:
        """What an existing decision fills the form with."""
        return {
            "what": decision.what,
            "decided_on": decision.decided_on,
            "how": decision.how,
            "people": list(decision.people.all()),
            "came_from": decision.came_from,
            "workshop": decision.workshop_id,
            "meeting": decision.meeting_id,
            "contribution": decision.contribution_id,
            "means": decision.response.decision if decision.response else "",
            **decision.vote_counts(),
        }

    def vote_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in VOTE_COUNTS]

    def other_fields(self) -> list[forms.BoundField]:
        return [field for field in self.visible_fields() if field.name not in VOTE_COUNTS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        counts = {name: data.get(name) for name in VOTE_COUNTS}
        if data.get("how") and not any(name in self.errors for name in VOTE_COUNTS):
            for name, problem in vote_count_problems(data["how"], counts).items():
                self.add_error(name, problem)
        came_from = data.get("came_from")
        for kind, field, message in (
            (CameFrom.WORKSHOP, "workshop", _("Choose the workshop it came from.")),
            (CameFrom.MEETING, "meeting", _("Choose the meeting it came from.")),
            (CameFrom.CONTRIBUTION, "contribution", _("Choose what was said that it came from.")),
        ):
            if came_from == kind and not data.get(field) and field not in self.errors:
                self.add_error(field if field in self.fields else "came_from", message)
        needs_means = came_from == CameFrom.CONTRIBUTION and data.get("contribution")
        if needs_means and not data.get("means"):
            self.add_error("means", _("Choose what the decision means for what was said."))
        return data


def _said(contribution: Contribution) -> str:
    text = contribution.text if len(contribution.text) <= 80 else contribution.text[:79] + "…"
    return f"{text} ({contribution.said_on:%d %b %Y})"
