"""All input for "you said, we did". A form that fails keeps what was typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import RecordChoiceField, RecordsChoiceField
from coproduce.core.plain_check import PlainCheckMixin
from coproduce.outcomes.models import FeedbackSent, Outcome, Response, Source
from coproduce.panels.models import Meeting
from coproduce.people.models import Person
from coproduce.wellbeing.forms import check_pdf_or_photo, date_field
from coproduce.workshops.models import Activity


class ContributionForm(forms.Form):
    plain_exempt = frozenset({"text"})

    source = forms.ChoiceField(label=_("Where did it come from?"), choices=Source.choices)
    text = forms.CharField(
        label=_("What did they say?"),
        help_text=_("Use their words where you can."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what they said.")},
    )
    said_on = date_field(_("When did they say it?"))
    meeting = RecordChoiceField(
        label=_("At which meeting?"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Not at a meeting"),
    )
    credited = RecordsChoiceField(
        label=_("Who said it?"),
        help_text=_(
            "Only tick people who agreed to be named here, and on the web if the page is "
            "published. Leave empty to keep it unnamed."
        ),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_given_on = date_field(
        _("When did they agree to be named?"),
        required=False,
        help_text=_("Needed if you tick anyone above."),
    )

    # Set when the form comes from a workshop's record ("send to you said, we did").
    workshop_activity = RecordChoiceField(
        queryset=Activity.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        meetings: QuerySet[Meeting] | None = None,
        activities: QuerySet[Activity] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["credited"].queryset = people  # type: ignore[attr-defined]  # a model choice field, typed as Field
        if meetings is None:
            del self.fields["meeting"]
        else:
            self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]  # a model choice field, typed as Field
        if activities is None:
            del self.fields["workshop_activity"]
        else:
            self.fields["workshop_activity"].queryset = activities  # type: ignore[attr-defined]  # a model choice field, typed as Field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("credited") and not data.get("consent_given_on"):
            self.add_error(
                "consent_given_on", _("Enter when they agreed to be named, or untick them.")
            )
        return data


class ResponseForm(PlainCheckMixin, forms.Form):
    plain_fields = {"reason": False}
    plain_exempt = frozenset({"decided_by"})

    decision = forms.ChoiceField(
        label=_("What was decided?"),
        choices=Response.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what was decided.")},
    )
    reason = forms.CharField(
        label=_("Why? In plain words"),
        help_text=_(
            "You must say why if it was not adopted. Say what was possible and what was not."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    decided_by = forms.CharField(
        label=_("Who decided?"),
        help_text=_("A person or a group, for example: the adult social care leadership team."),
        max_length=200,
        error_messages={"required": _("Say who decided.")},
    )
    decided_on = date_field(_("When was it decided?"))
    review_on = date_field(
        _("When should someone look at it again?"),
        required=False,
        help_text=_("The person who looks after it gets a reminder on this date."),
    )
    owner = RecordChoiceField(
        label=_("Who looks after it?"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]  # a model choice field, typed as Field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("decision") == Response.Decision.NOT_ADOPTED
            and not (data.get("reason") or "").strip()
        ):
            self.add_error(
                "reason",
                _("Say why it was not adopted, in plain words. People have a right to know."),
            )
        if data.get("review_on") and not data.get("owner"):
            self.add_error("owner", _("Choose who gets the reminder on the review date."))
        return data


class ChangeForm(PlainCheckMixin, forms.Form):
    plain_fields = {"what": False}

    what = forms.CharField(
        label=_("What changed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what changed.")},
    )
    happened_on = date_field(_("When did it change?"))
    evidence_link = forms.URLField(
        label=_("Link to evidence"),
        help_text=_("For example, a photo, a new leaflet or meeting notes."),
        required=False,
        max_length=500,
    )
    evidence_file = forms.FileField(
        label=_("Or add a file"), help_text=_("A PDF or a photo (JPG or PNG)."), required=False
    )

    def clean_evidence_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            check_pdf_or_photo(upload, limit=settings.OUTCOMES_EVIDENCE_MAX_MB)
        return upload


class OutcomeForm(PlainCheckMixin, forms.Form):
    plain_fields = {"what": False}

    kind = forms.ChoiceField(
        label=_("What kind of difference?"), choices=Outcome.Kind.choices, widget=forms.RadioSelect
    )
    what = forms.CharField(
        label=_("What difference did it make?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what difference it made.")},
    )
    noted_on = date_field(_("Date"))


class FeedbackForm(forms.Form):
    plain_exempt = frozenset({"to_whom"})

    to_whom = forms.CharField(
        label=_("Who did you tell?"),
        help_text=_("For example: the Day Services Panel, or everyone at the workshop."),
        max_length=200,
        error_messages={"required": _("Say who you told.")},
    )
    sent_on = date_field(_("When?"))
    format = forms.ChoiceField(
        label=_("How?"), choices=FeedbackSent.Format.choices, widget=forms.RadioSelect
    )


class ImportForm(forms.Form):
    TOP, ALL = "top", "all"

    activity = RecordChoiceField(
        label=_("Which workshop vote?"),
        queryset=Activity.objects.none(),
        error_messages={"required": _("Choose a workshop vote.")},
    )
    which = forms.ChoiceField(
        label=_("Which ideas?"),
        choices=[(TOP, _("The top-voted ideas")), (ALL, _("Every idea"))],
        widget=forms.RadioSelect,
        initial=TOP,
    )
    top = forms.IntegerField(
        label=_("How many of the top ideas?"),
        help_text=_("Ideas that tie are all included."),
        min_value=1,
        max_value=20,
        initial=3,
    )

    def __init__(self, *args: Any, activities: QuerySet[Activity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        field.queryset = activities  # type: ignore[attr-defined]  # a model choice field, typed as Field
        field.label_from_instance = lambda a: f"{a.workshop.title}: {a.title}"  # type: ignore[attr-defined]  # a model choice field, typed as Field
