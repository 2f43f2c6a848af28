from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import RecordChoiceField, how_told_field, limited_document, limited_text
from coproduce.core.models import Organisation, Role
from coproduce.panels.domain.messages import MAX_PAPERS_DUE_DAYS
from coproduce.panels.forms.common import PlainCheckMixin, check_paper, datetime_field
from coproduce.panels.models import (
    AdjustmentCheck,
    AgendaItem,
    Attendance,
    DateAnswer,
    Meeting,
    MeetingNotes,
)
from coproduce.people.models import Person

POLL_FIELDS = ("poll_1", "poll_2", "poll_3", "poll_4")


def staff_people(organisation: Organisation) -> Any:
    return Person.objects.for_organisation(organisation).filter(
        user__memberships__organisation=organisation,
        user__memberships__role__in=[Role.STAFF, Role.ADMIN],
    )


class MeetingForm(PlainCheckMixin, forms.ModelForm):
    plain_fields = {
        "title": False,
        "title_easy_read": True,
        "venue": False,
        "venue_easy_read": True,
        "venue_access": False,
        "venue_access_easy_read": True,
        "online_help": False,
        "online_help_easy_read": True,
    }

    starts_at = datetime_field(_("Date and start time"))
    poll_1 = datetime_field(_("First date to offer"))
    poll_2 = datetime_field(_("Second date to offer"))
    poll_3 = datetime_field(_("Third date to offer"))
    poll_4 = datetime_field(_("Fourth date to offer"))

    class Meta:
        model = Meeting
        formfield_callback = limited_text
        fields = [
            "title",
            "title_easy_read",
            "format",
            "starts_at",
            "duration_minutes",
            "venue",
            "venue_easy_read",
            "venue_access",
            "venue_access_easy_read",
            "online_link",
            "online_help",
            "online_help_easy_read",
            "papers_due_days",
            "facilitators",
        ]
        labels = {
            "title": _("Name of the meeting"),
            "title_easy_read": _("Name of the meeting in easy read"),
            "venue_easy_read": _("Where is it? (easy read)"),
            "format": _("How will people take part?"),
            "duration_minutes": _("How long is it, in minutes?"),
            "venue": _("Where is it?"),
            "venue_access": _("Access at the venue"),
            "online_link": _("Link to join online"),
            "online_help": _("How to join online"),
            "venue_access_easy_read": _("Access at the venue (easy read)"),
            "online_help_easy_read": _("How to join online (easy read)"),
            "papers_due_days": _("How many days before the meeting are papers due?"),
            "facilitators": _("Who runs the meeting?"),
        }
        help_texts = {
            "starts_at": _("Leave empty to let members choose from the dates below."),
            "venue_access": _(
                "For example: step-free entrance, accessible toilet, hearing loop, quiet room, "
                "parking, nearest bus stop."
            ),
            "online_help": _("For example: how to join by phone, and who to call for help."),
            "venue_access_easy_read": _(
                "One short point on each line. For example: There is a ramp at the front door."
            ),
            "online_help_easy_read": _(
                "One short point on each line. For example: You can join by phone."
            ),
            "papers_due_days": _("Members need time to read. We suggest 7 days."),
            "facilitators": _(
                "They can read the access needs members agreed to share for this meeting."
            ),
        }
        widgets = {
            "format": forms.RadioSelect,
            "venue": forms.Textarea(attrs={"rows": 2}),
            "venue_access": forms.Textarea(attrs={"rows": 3}),
            "online_help": forms.Textarea(attrs={"rows": 2}),
            "venue_access_easy_read": forms.Textarea(attrs={"rows": 4}),
            "online_help_easy_read": forms.Textarea(attrs={"rows": 3}),
            "facilitators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = staff_people(organisation)  # type: ignore[attr-defined]  # a model choice field, typed as Field
        self.fields["facilitators"].required = False
        self.fields["papers_due_days"].min_value = 0  # type: ignore[attr-defined]  # an IntegerField, typed as Field
        self.fields["papers_due_days"].widget.attrs.update(
            {"inputmode": "numeric", "min": 0, "max": MAX_PAPERS_DUE_DAYS}
        )
        self.fields["duration_minutes"].widget.attrs.update({"inputmode": "numeric", "step": 15})
        self.fields["title"].error_messages["required"] = _("Enter a name for the meeting.")
        self.fields["format"].error_messages["required"] = _("Choose how people will take part.")
        self.fields["online_link"].error_messages["invalid"] = _(
            "Enter a full web address, starting https://"
        )
        if self.instance.pk:
            for name in POLL_FIELDS:
                del self.fields[name]

    def clean_papers_due_days(self) -> int:
        days = self.cleaned_data.get("papers_due_days")
        if days is None or days > MAX_PAPERS_DUE_DAYS:
            raise forms.ValidationError(
                _("Enter a number of days from 0 to %(max)s.") % {"max": MAX_PAPERS_DUE_DAYS}
            )
        return int(days)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        no_date = not self.instance.pk and not data.get("starts_at") and not self.poll_dates()
        if no_date and not any(name in self.errors for name in ("starts_at", *POLL_FIELDS)):
            self.add_error(
                "starts_at", _("Enter the date and time, or at least one date to offer.")
            )
        return data

    def poll_dates(self) -> list[datetime.datetime]:
        return [self.cleaned_data[n] for n in POLL_FIELDS if self.cleaned_data.get(n)]

    def domain_fields(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in POLL_FIELDS}
        data["facilitators"] = list(data.get("facilitators") or [])
        return data


class DateOptionForm(forms.Form):
    starts_at = datetime_field(_("Another date to offer"), required=True)


class PollForm(forms.Form):
    """One question a date: can you come?"""

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[f"option_{row.option.pk}"] = forms.ChoiceField(
                label=row.option.starts_at,
                choices=DateAnswer.Answer.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=row.mine or None,
            )

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("option_")): value
            for name, value in self.cleaned_data.items()
            if value
        }


class RecordPollForm(PollForm):
    """Staff record a member's answers for them: whose, each date, and how they told us."""

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "person": RecordChoiceField(
                label=_("Whose answers are they?"),
                queryset=people,
                error_messages={
                    "required": _("Choose the member."),
                    "invalid_choice": _("Choose a member of this panel."),
                },
            ),
            **self.fields,
            "how_told": how_told_field(),
        }
        for name, field in self.fields.items():
            if name.startswith("option_"):
                field.initial = None

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("option_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("option_") and value
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in self.fields if name.startswith("option_")):
            raise forms.ValidationError(_("Choose an answer for at least one date."))
        return data


class ChooseDateForm(forms.Form):
    option = forms.IntegerField(widget=forms.HiddenInput)


class AgendaItemForm(PlainCheckMixin, forms.ModelForm):
    plain_fields = {
        "title": False,
        "purpose": False,
        "title_easy_read": True,
        "purpose_easy_read": True,
        "content_note": False,
    }

    class Meta:
        model = AgendaItem
        formfield_callback = limited_text
        fields = [
            "title",
            "purpose",
            "title_easy_read",
            "purpose_easy_read",
            "owner",
            "minutes",
            "content_note",
            "is_getting_to_know",
        ]
        labels = {
            "title": _("Title"),
            "purpose": _("What is this item for?"),
            "title_easy_read": _("Title in easy read"),
            "purpose_easy_read": _("What is this item for? (easy read)"),
            "owner": _("Who leads it?"),
            "minutes": _("How many minutes?"),
            "content_note": _("Content note"),
            "is_getting_to_know": _("This is time for members to get to know each other"),
        }
        help_texts = {
            "purpose": _("Say what the panel will do: decide, give views, or hear news."),
            "purpose_easy_read": _("Short sentences. One idea on each line."),
            "content_note": _(
                "Only if the item covers a topic that may upset people, like abuse or "
                "bereavement. Name the topic plainly, without details. Members see it before "
                "the item."
            ),
            "is_getting_to_know": _(
                "For example a warm-up, or people in pairs telling each other about themselves."
            ),
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "purpose_easy_read": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.for_organisation(organisation)  # type: ignore[attr-defined]  # a model choice field, typed as Field
        self.fields["title"].error_messages["required"] = _("Enter a title.")
        self.fields["minutes"].widget.attrs.update({"inputmode": "numeric", "step": 5})


class PaperForm(PlainCheckMixin, forms.Form):
    plain_fields = {"title": False, "content_note": False}

    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Enter a title.")}
    )
    agenda_item = RecordChoiceField(
        label=_("Which agenda item is it for?"), queryset=AgendaItem.objects.none(), required=False
    )
    standard = forms.FileField(
        label=_("The paper"),
        error_messages={"required": _("Choose the file of the paper.")},
    )
    easy_read = forms.FileField(label=_("The easy read version"), required=False)
    content_note = forms.CharField(
        label=_("Content note"),
        max_length=300,
        required=False,
        help_text=_("Only if the paper covers a topic that may upset people. Name the topic."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()  # type: ignore[attr-defined]  # a model choice field, typed as Field
        limit = settings.PANELS_PAPER_MAX_MB
        hint = _("A PDF, Word, OpenDocument or text file, or a recording. Up to %(limit)s MB.")
        self.fields["standard"].help_text = hint % {"limit": limit}
        self.fields["easy_read"].help_text = hint % {"limit": limit}

    def _check(self, name: str) -> UploadedFile | None:
        upload = self.cleaned_data.get(name)
        if upload and isinstance(upload, UploadedFile):
            check_paper(upload, limit_mb=settings.PANELS_PAPER_MAX_MB)
            return upload
        return None

    def clean_standard(self) -> UploadedFile | None:
        return self._check("standard")

    def clean_easy_read(self) -> UploadedFile | None:
        return self._check("easy_read")


class NotesForm(PlainCheckMixin, forms.ModelForm):
    plain_fields = {"summary": False, "full_notes": False, "easy_read": True}
    publish = forms.BooleanField(label=_("Show the notes to members now"), required=False)

    class Meta:
        model = MeetingNotes
        formfield_callback = limited_document
        fields = ["summary", "full_notes", "easy_read"]
        labels = {
            "summary": _("Plain summary"),
            "full_notes": _("Full notes"),
            "easy_read": _("Easy read notes"),
        }
        help_texts = {
            "summary": _("What was decided and what happens next, in a few short sentences."),
            "easy_read": _("Short sentences. One idea on each line."),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "full_notes": forms.Textarea(attrs={"rows": 12}),
            "easy_read": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["summary"].error_messages["required"] = _("Write the plain summary.")


STATUS_CHOICES = [("", _("Not recorded")), *Attendance.Status.choices]


class AttendanceForm(forms.Form):
    """A status and an experience for each person expected at the meeting."""

    def __init__(self, *args: Any, people: list[Any], current: dict[int, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows = []
        for person, capacity in people:
            row = current.get(person.pk)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=_("Did %(name)s come?") % {"name": person.display_name},
                choices=STATUS_CHOICES,
                required=False,
                initial=row.status if row else "",
            )
            self.fields[f"capacity_{person.pk}"] = forms.ChoiceField(
                label=_("%(name)s came with") % {"name": person.display_name},
                choices=Attendance.Capacity.choices,
                initial=row.capacity if row else capacity,
            )
            self.rows.append((person, self[f"status_{person.pk}"], self[f"capacity_{person.pk}"]))

    def results(self) -> dict[int, tuple[str, str]]:
        found = {}
        for name in self.fields:
            if name.startswith("status_"):
                pk = int(name.removeprefix("status_"))
                found[pk] = (self.cleaned_data[name], self.cleaned_data[f"capacity_{pk}"])
        return found


class AdjustmentChecksForm(forms.Form):
    """Met or not met, for each adjustment of the people at a meeting."""

    def __init__(self, *args: Any, adjustments: list[Any], current: dict[int, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for adjustment in adjustments:
            check = current.get(adjustment.pk)
            self.fields[f"result_{adjustment.pk}"] = forms.ChoiceField(
                label=_("Was it met?"),
                choices=[("", _("Not checked yet")), *AdjustmentCheck.Result.choices],
                required=False,
                initial=check.result if check else "",
            )
            self.fields[f"note_{adjustment.pk}"] = forms.CharField(
                label=_("Note"),
                max_length=1000,
                required=False,
                initial=check.note if check else "",
            )

    def results(self) -> dict[int, tuple[str, str]]:
        found = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("result_") and value:
                pk = int(name.removeprefix("result_"))
                found[pk] = (value, self.cleaned_data.get(f"note_{pk}", ""))
        return found


class CancelMeetingForm(PlainCheckMixin, forms.Form):
    plain_fields = {"reason": False}

    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        help_text=_("Use a few plain words. Everyone invited will see this."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write why the meeting is cancelled."),
            "max_length": _(
                "Use %(limit_value)d characters or fewer. You used %(show_value)d. "
                "What you typed is kept."
            ),
        },
    )
