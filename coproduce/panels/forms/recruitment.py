from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import (
    DOCUMENT_MAX,
    TEXT_MAX,
    RecordChoiceField,
    RecordsChoiceField,
    how_told_field,
    limited_text,
)
from coproduce.core.models import Organisation
from coproduce.core.plain_check import PlainCheckMixin
from coproduce.initiatives.models import Initiative
from coproduce.panels.categories import CATEGORIES, Category
from coproduce.panels.domain import equality
from coproduce.panels.models import (
    Application,
    EthnicityList,
    Panel,
    PanelMember,
    Status,
)
from coproduce.people.models import Person

DATE_ERROR = _("Enter a real date, for example 2026-03-27.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PanelForm(PlainCheckMixin, forms.ModelForm):
    plain_fields = {
        "purpose": False,
        "influences": False,
        "outside_control": False,
        "meeting_frequency": False,
        "payment_offer": False,
        "training_offered": False,
        "support_offered": False,
        "other_ways_to_apply": False,
    }
    plain_exempt = frozenset({"name", "backed_by_role"})

    initiatives = RecordsChoiceField(
        label=_("Which initiatives will the panel work on?"),
        queryset=Initiative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Panel
        formfield_callback = limited_text
        fields = [
            "name",
            "slug",
            "purpose",
            "influences",
            "outside_control",
            "decision_power",
            "initiatives",
            "meeting_frequency",
            "hours_per_month",
            "term_months",
            "places",
            "payment_offer",
            "training_offered",
            "support_offered",
            "other_ways_to_apply",
            "named_contact",
            "deputy_contact",
            "backed_by",
            "backed_by_role",
            "lived_experience_target",
            "ethnicity_list",
        ]
        labels = {
            "name": _("Name of the panel"),
            "slug": _("Short name for its web address"),
            "purpose": _("What is the panel for?"),
            "influences": _("What will the panel influence?"),
            "outside_control": _("What is outside the panel's control?"),
            "decision_power": _("What power does the panel have?"),
            "meeting_frequency": _("How often does it meet?"),
            "hours_per_month": _("How many hours a month do you ask for, including preparation?"),
            "term_months": _("How many months do members join for?"),
            "places": _("How many members does it need?"),
            "payment_offer": _("What do you pay members?"),
            "training_offered": _("What training do you offer?"),
            "support_offered": _("What support do you offer?"),
            "other_ways_to_apply": _("Other ways to apply"),
            "named_contact": _("Named contact"),
            "deputy_contact": _("Deputy contact"),
            "backed_by": _("Which leader backs the panel?"),
            "backed_by_role": _("What is the leader's job?"),
            "lived_experience_target": _(
                "At meetings, what share of the people should have lived experience? (per cent)"
            ),
            "ethnicity_list": _("Which census list of ethnic groups should the form use?"),
        }
        help_texts = {
            "slug": _("Letters, numbers and dashes. Leave empty to make one from the name."),
            "outside_control": _("Be honest: people need to know what they cannot change."),
            "meeting_frequency": _("For example: once a month, on a weekday afternoon."),
            "payment_offer": _("The rate, how you pay, and which expenses you cover."),
            "other_ways_to_apply": _(
                "For example: phone us, ask for a paper form, or meet us for a chat."
            ),
            "named_contact": _("Members see this person on every page of their panel."),
            "deputy_contact": _("Who members talk to when the named contact is away."),
            "backed_by_role": _("For example: Director of Adult Social Care."),
            "lived_experience_target": _(
                "We check each meeting's attendance against this. Leave empty for 50."
            ),
            "ethnicity_list": _(
                "Use the list of the nation where the panel works. You cannot change it after "
                "someone has answered."
            ),
        }
        widgets = {
            "decision_power": forms.RadioSelect,
            "ethnicity_list": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "influences": forms.Textarea(attrs={"rows": 3}),
            "outside_control": forms.Textarea(attrs={"rows": 3}),
            "payment_offer": forms.Textarea(attrs={"rows": 3}),
            "training_offered": forms.Textarea(attrs={"rows": 3}),
            "support_offered": forms.Textarea(attrs={"rows": 3}),
            "other_ways_to_apply": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        people = Person.objects.for_organisation(organisation)
        for name in ("named_contact", "deputy_contact", "backed_by"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]  # a model choice field, typed as Field
        self.fields["initiatives"].queryset = Initiative.objects.for_organisation(organisation)  # type: ignore[attr-defined]  # a model choice field, typed as Field
        self.fields["slug"].required = False
        self.fields["ethnicity_list"].required = False  # empty keeps it (England and Wales)
        self.fields["hours_per_month"].widget.attrs.update({"inputmode": "decimal", "step": "0.5"})
        target = self.fields["lived_experience_target"]
        target.required = False
        target.widget.attrs.update({"inputmode": "numeric", "min": 0, "max": 100})
        target.error_messages["max_value"] = _("Enter a number from 0 to 100.")

    def clean_lived_experience_target(self) -> int:
        value = self.cleaned_data.get("lived_experience_target")
        if value is None:
            return 50
        if value > 100:
            raise forms.ValidationError(_("Enter a number from 0 to 100."))
        return int(value)

    def clean_ethnicity_list(self) -> str:
        value = self.cleaned_data.get("ethnicity_list") or (
            self.instance.ethnicity_list if self.instance.pk else EthnicityList.ENGLAND_WALES
        )
        changed = self.instance.pk and value != self.instance.ethnicity_list
        if changed and equality.panel_has_equality_answers(self.instance):
            raise forms.ValidationError(
                _(
                    "People have already answered using the other list, so you cannot change "
                    "it now. Their answers would not add up."
                )
            )
        return value

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.data.get("name", ""))[:80]
        clash = Panel.objects.for_organisation(self.organisation).filter(slug=slug)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another panel uses this short name. Choose another."))
        if not slug:
            raise forms.ValidationError(_("Enter a short name for the web address."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("named_contact") and data.get("named_contact") == data.get("deputy_contact"):
            self.add_error("deputy_contact", _("Choose a different person from the named contact."))
        return data

    def domain_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["initiatives"] = list(data["initiatives"])
        return data


class RoleDescriptionForm(PlainCheckMixin, forms.Form):
    plain_fields = {"standard": False, "easy_read": True}

    standard = forms.CharField(
        label=_("Role description"),
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=DOCUMENT_MAX,
        help_text=_('A line starting "## " is a heading. A line starting "- " is a list item.'),
    )
    easy_read = forms.CharField(
        label=_("Easy read role description"),
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=DOCUMENT_MAX,
        help_text=_("Short sentences: one idea in each. Up to 15 words in a sentence."),
    )


class TargetsForm(forms.Form):
    """A minimum and maximum percentage for any value of any category (both or neither)."""

    def __init__(
        self,
        *args: Any,
        targets: dict[tuple[str, str], tuple[int, int]],
        categories: tuple[Category, ...] = CATEGORIES,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.categories = categories  # the panel's: `nations.categories_for(...)`
        self.groups: list[tuple[Any, list[tuple[Any, str, str]]]] = []
        for category in categories:
            rows = []
            for value, label in category.values:
                low, high = targets.get((category.key, value), (None, None))
                for end, initial, text in (
                    ("min", low, _("at least")),
                    ("max", high, _("at most")),
                ):
                    self.fields[f"{category.key}__{value}__{end}"] = forms.IntegerField(
                        label=text,
                        min_value=0,
                        max_value=100,
                        required=False,
                        initial=initial,
                        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow"}),
                        error_messages={
                            "invalid": _("Enter a whole number from 0 to 100."),
                            "min_value": _("Enter a whole number from 0 to 100."),
                            "max_value": _("Enter a whole number from 0 to 100."),
                        },
                    )
                rows.append(
                    (label, f"{category.key}__{value}__min", f"{category.key}__{value}__max")
                )
            self.groups.append((category, rows))

    def group_fields(self) -> list[tuple[Any, list[tuple[Any, Any, Any]]]]:
        return [
            (category, [(label, self[low], self[high]) for label, low, high in rows])
            for category, rows in self.groups
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for category in self.categories:
            total_min = 0
            for value, label in category.values:
                low = data.get(f"{category.key}__{value}__min")
                high = data.get(f"{category.key}__{value}__max")
                name = f"{category.key}__{value}__min"
                if (low is None) != (high is None) and name not in self.errors:
                    self.add_error(
                        name,
                        _("%(value)s: enter both numbers, or leave both empty.") % {"value": label},
                    )
                elif low is not None and high is not None and low > high:
                    self.add_error(
                        name,
                        _("%(value)s: the first number must not be bigger than the second.")
                        % {"value": label},
                    )
                total_min += low or 0
            if total_min > 100:
                self.add_error(
                    None,
                    _("%(category)s: the minimums add up to more than 100%%.")
                    % {"category": category.name},
                )
        return data

    def targets(self) -> list[tuple[str, str, int, int]]:
        found = []
        for category in self.categories:
            for value, _label in category.values:
                low = self.cleaned_data.get(f"{category.key}__{value}__min")
                high = self.cleaned_data.get(f"{category.key}__{value}__max")
                if low is not None and high is not None:
                    found.append((category.key, value, low, high))
        return found


class StatusForm(PlainCheckMixin, forms.Form):
    plain_fields = {"note": False}

    status = forms.ChoiceField(
        label=_("Move the application to"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a step.")},
    )
    note = forms.CharField(
        label=_("Add a personal note to the message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        required=False,
    )
    notify = forms.BooleanField(
        label=_("Tell them (by the way they chose)"), required=False, initial=True
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]  # a choice field, typed as Field
            (s.value, s.label) for s in Status.submitted() if s != current
        ]


class MemberAddForm(forms.Form):
    person = RecordChoiceField(
        label=_("Who is joining?"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Choose a person.")},
    )
    role = forms.ChoiceField(
        label=_("Role in the panel"),
        choices=PanelMember.Role.choices,
        initial=PanelMember.Role.MEMBER,
        widget=forms.RadioSelect,
    )
    started_on = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        error_messages={"invalid": DATE_ERROR, "required": _("Enter the start date.")},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_organisation(organisation)  # type: ignore[attr-defined]  # a model choice field, typed as Field


class MemberEndForm(forms.Form):
    ended_on = forms.DateField(
        label=_("End date"),
        widget=DateInput(),
        error_messages={"invalid": DATE_ERROR, "required": _("Enter the end date.")},
    )


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        choices=[("", _("All steps")), *((s.value, s.label) for s in Status.submitted())],
        required=False,
    )


class OfferAnswerForm(forms.Form):
    """Staff record the applicant's own answer to the place offered, and how they told us."""

    answer = forms.ChoiceField(
        label=_("What did they say?"),
        choices=[
            ("accept", _("Yes, they accept the place")),
            ("decline", _("No, they do not want the place")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what they said."),
            "invalid_choice": _("Choose yes or no."),
        },
    )
    how_told = how_told_field()


BULK_LABELS = {
    Status.INVITED: _("Shortlist: invite them to a chat"),
    Status.OFFERED: _("Offer them a place"),
    Status.WAITING_LIST: _("Put them on the waiting list"),
    Status.DECLINED: _("Say no this time"),
}


class BulkStatusForm(PlainCheckMixin, forms.Form):
    """Many applications, chosen by their tick boxes, moved to one step in one go."""

    plain_fields = {"note": False}  # the note goes to every applicant chosen

    applications = RecordsChoiceField(
        label=_("Choose applications"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick at least one application."),
            "invalid_choice": _("Tick applications from this list."),
            "invalid_pk_value": _("Tick applications from this list."),
        },
    )
    status = forms.ChoiceField(
        label=_("What do you want to do with them?"),
        choices=list(BULK_LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what to do with them."),
            "invalid_choice": _("Choose one of the steps."),
        },
    )
    note = forms.CharField(
        label=_("Add a note to every message"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        required=False,
    )

    def __init__(self, *args: Any, applications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications  # type: ignore[attr-defined]  # a model choice field, typed as Field

    def chosen(self) -> set[str]:
        """The ticked ids, as typed, so the page ticks them again after an error."""
        if not isinstance(self.data, QueryDict):
            return set()
        return set(self.data.getlist(self.add_prefix("applications")))
