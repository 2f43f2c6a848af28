from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.selection.models import Algorithm, SelectionRun
from coproduce.selection.quotas import Labels, nobody_answered, too_few_people

SEED_HELP = gettext_lazy(
    "Leave this off for a normal draw: the computer picks at random in a way nobody can "
    "predict. Turn it on only if you must be able to repeat the draw, and keep the number "
    "private until the draw is done."
)


class RunForm(forms.Form):
    seats = forms.IntegerField(
        label=gettext_lazy("How many places to fill"),
        min_value=1,
        max_value=500,
        error_messages={
            "required": gettext_lazy("Type how many places to fill."),
            "invalid": gettext_lazy("Type a whole number, for example 12."),
            "min_value": gettext_lazy("Choose at least 1 place to fill."),
            "max_value": gettext_lazy("Choose 500 places or fewer."),
        },
    )
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Which groups matter for the mix on this panel?"),
        help_text=gettext_lazy(
            "We only use the answers of applicants who agreed to us using them to choose."
        ),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    algorithm = forms.ChoiceField(
        label=gettext_lazy("Method"),
        choices=Algorithm.choices,
        initial=Algorithm.LEXIMIN,
        widget=forms.RadioSelect,
    )
    repeatable = forms.BooleanField(
        label=gettext_lazy("Use a number to make the draw repeatable"),
        help_text=SEED_HELP,
        required=False,
    )
    seed = forms.IntegerField(
        label=gettext_lazy("Number for a repeatable draw"),
        min_value=1,
        max_value=2**31 - 1,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        choices: dict[str, str],
        top_up: bool = False,
        pool_size: int | None = None,
        unanswered: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.choices, self.pool_size, self.unanswered = choices, pool_size, unanswered or []
        self.fields["categories"].choices = list(choices.items())  # type: ignore[attr-defined]  # a choice field, typed as Field
        if top_up:
            del self.fields["categories"]  # the same groups as the panel's last draw
            self.fields["seats"].label = _("How many empty places to fill")

    def clean_seats(self) -> int:
        seats: int = self.cleaned_data["seats"]
        if self.pool_size is not None and seats > self.pool_size:
            raise forms.ValidationError(too_few_people(seats, self.pool_size))
        return seats

    def clean_categories(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["categories"]
        empty = [nobody_answered(self.choices[key]) for key in chosen if key in self.unanswered]
        if empty:
            raise forms.ValidationError(empty)
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("repeatable") and not data.get("seed"):
            self.add_error("seed", _("Type a number, or turn off the repeatable draw."))
        if not data.get("repeatable"):
            data["seed"] = None
        return data


class QuotasForm(forms.Form):
    """At least, at most, and the limits for suggested changes, for every value of each group."""

    def __init__(
        self,
        *args: Any,
        run: SelectionRun,
        labels: Labels,
        quotas: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.run, self.labels = run, labels
        self.ranges = run.quotas if quotas is None else quotas
        self.rows: list[tuple[str, list[tuple[str, str, list[forms.BoundField]]]]] = []
        seats = run.seats + run.continuing_members
        for category in run.categories:
            rows = []
            for value, q in self.ranges.get(category, {}).items():
                names = []
                for bound, label in (
                    ("min", _("At least")),
                    ("max", _("At most")),
                    ("floor", _("Never fewer than")),
                    ("ceiling", _("Never more than")),
                ):
                    name = f"{category}__{value}__{bound}"
                    initial = q.get(bound)
                    self.fields[name] = forms.IntegerField(
                        label=label,
                        min_value=0,
                        max_value=seats,
                        initial=seats if initial is None and bound == "ceiling" else initial,
                    )
                    names.append(name)
                rows.append((value, labels.value(category, value), [self[name] for name in names]))
            self.rows.append((labels.category(category), rows))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for category in self.run.categories:
            for value in self.ranges.get(category, {}):
                key = f"{category}__{value}__"
                low, high = data.get(key + "min"), data.get(key + "max")
                floor, ceiling = data.get(key + "floor"), data.get(key + "ceiling")
                if low is None or high is None or floor is None or ceiling is None:
                    continue
                if low > high:
                    self.add_error(key + "min", _("At least must not be more than at most."))
                if floor > low:
                    self.add_error(key + "floor", _("This must not be more than at least."))
                if ceiling < high:
                    self.add_error(key + "ceiling", _("This must not be less than at most."))
        return data

    def quotas(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            category: {
                value: {
                    bound: data[f"{category}__{value}__{bound}"]
                    for bound in ("min", "max", "floor", "ceiling")
                }
                for value in self.ranges.get(category, {})
            }
            for category in self.run.categories
        }


class LotteryForm(forms.Form):
    lines = forms.TypedChoiceField(
        label=gettext_lazy("How many lines in the list?"),
        choices=[
            (100, gettext_lazy("100 lines: roll 2 ten-sided dice")),
            (1000, gettext_lazy("1000 lines: roll 3 ten-sided dice")),
        ],
        coerce=int,
        initial=100,
        widget=forms.RadioSelect,
    )


class DiceForm(forms.Form):
    plain_exempt = frozenset({"reading", "procedure"})

    reading = forms.CharField(
        label=gettext_lazy("What did the dice show?"),
        help_text=gettext_lazy("Type the digits in the order you agreed, for example 07."),
        max_length=4,
    )
    procedure = forms.CharField(
        label=gettext_lazy("How was the draw done, and who saw it?"),
        help_text=gettext_lazy(
            "For example: at the open meeting on 3 March, Sam rolled two dice, red first, in "
            "front of 12 people."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
