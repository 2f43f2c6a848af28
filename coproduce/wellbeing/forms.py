"""All input for wellbeing: asking for support, check-ins, the contact's notes, signposting,
training and credit. Plain words; nothing is required that a person may not want to give."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import RecordChoiceField, limited_text
from coproduce.core.models import Membership, Organisation
from coproduce.core.plain_check import PlainCheckMixin
from coproduce.panels.models import Meeting, Panel
from coproduce.people.models import Person
from coproduce.wellbeing.domain import NO_LEAD_MESSAGE
from coproduce.wellbeing.models import (
    CheckIn,
    Concern,
    Feeling,
    SafeguardingLead,
    SignpostService,
    TrainingRecord,
)

DATE_FORMATS = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y", "%d-%m-%Y"]


def date_field(label: Any, *, required: bool = True, help_text: Any = None) -> forms.DateField:
    """A date typed as 27 3 2026 (or picked), with plain messages. Outcomes' forms use it too."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text or _("For example, 27 3 2026"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Enter a real date, for example 27 3 2026."),
            "required": _("Enter the date."),
        },
    )


class ConcernForm(forms.Form):
    plain_exempt = frozenset({"text", "how_to_reply"})

    NAMED, ANONYMOUS = "named", "anonymous"
    CONTACTS, LEADS = "contacts", "leads"

    kind = forms.ChoiceField(
        label=_("What would you like to do?"),
        choices=[
            (Concern.Kind.SUPPORT, _("Ask for some support")),
            (Concern.Kind.CONCERN, _("Tell someone I am worried about something")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you would like to do.")},
    )
    text = forms.CharField(
        label=_("What is happening?"),
        help_text=_(
            "Write as much or as little as you like. If you would rather talk, just say so."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write a few words, so your contact knows how to help.")},
    )
    name_choice = forms.ChoiceField(
        label=_("Do you want to put your name on it?"),
        choices=[
            (NAMED, _("Yes, put my name on it. My contact can reply to me.")),
            (
                ANONYMOUS,
                _(
                    "No, do not put my name on it. We will not keep who sent it. You will get "
                    "a private link to see what is happening."
                ),
            ),
        ],
        help_text=_(
            "In a small group, people may still guess who wrote something from what it says."
        ),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose if you want to put your name on it.")},
    )
    how_to_reply = forms.CharField(
        label=_("How and when is it best to reach you?"),
        help_text=_("Only if you put your name on it. For example: phone me after 4pm."),
        max_length=300,
        required=False,
    )
    send_to = forms.ChoiceField(
        label=_("Who should read it?"),
        help_text=_(
            "If it is about your named contact or their deputy, you can send it only to the "
            "safeguarding leads. Their job is to keep people safe. Your contact and deputy "
            "will not see it."
        ),
        choices=[],  # set in __init__, with the names of the people
        initial=CONTACTS,
        required=False,  # left empty, it goes to the contact and deputy as usual
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, panel: Panel, leads: list[SafeguardingLead], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.leads = leads
        names = {"contact": panel.named_contact.display_name}
        names["deputy"] = panel.deputy_contact.display_name
        to_contacts = (
            self.CONTACTS,
            _("%(contact)s, my named contact, and %(deputy)s, the deputy") % names,
        )
        if not leads:
            self._without_leads(to_contacts)
            return
        field = self.fields["send_to"]
        only_leads = _("Only the safeguarding leads: %(leads)s") % {
            "leads": ", ".join(str(lead.user) for lead in leads)
        }
        field.choices = [to_contacts, (self.LEADS, only_leads)]  # type: ignore[attr-defined]  # a choice field, typed as Field
        # Be honest: a contact who is also a lead reads every concern, this one too.
        lead_users = {lead.user_id for lead in leads}
        contacts = dict.fromkeys([panel.named_contact, panel.deputy_contact])
        for person in contacts:
            if person.user_id is not None and person.user_id in lead_users:
                field.help_text = " ".join(
                    [
                        str(field.help_text),
                        _("%(name)s is also a safeguarding lead, so they will still see it.")
                        % {"name": person.display_name},
                    ]
                )

    def _without_leads(self, to_contacts: tuple[str, Any]) -> None:
        """With no lead, "leads only" is not offered at all: it goes to the contact and deputy.

        Someone who chose "leads only" on a page opened while there was a lead must not have it
        sent to their contact without knowing (it may be about them). They get the reason, keep
        what they wrote, and must choose the contact and deputy themselves to send it; the
        hidden `no_lead_seen` keeps that choice required until they do.
        """
        chose_leads = self.is_bound and (
            self.data.get(self.add_prefix("send_to")) == self.LEADS
            or bool(self.data.get(self.add_prefix("no_lead_seen")))
        )
        if not chose_leads:
            del self.fields["send_to"]
            return
        field = self.fields["send_to"]
        field.choices = [to_contacts]  # type: ignore[attr-defined]  # a choice field, typed as Field
        field.required = True
        field.help_text = ""
        field.error_messages = {"required": NO_LEAD_MESSAGE, "invalid_choice": NO_LEAD_MESSAGE}
        self.fields["no_lead_seen"] = forms.CharField(
            widget=forms.HiddenInput, initial="1", required=False
        )

    def clean_send_to(self) -> str:
        choice = self.cleaned_data.get("send_to") or self.CONTACTS
        if choice == self.LEADS and not self.leads:
            raise forms.ValidationError(NO_LEAD_MESSAGE, code="no_lead")
        return choice

    @property
    def is_named(self) -> bool:
        return self.cleaned_data["name_choice"] == self.NAMED

    @property
    def leads_only(self) -> bool:
        return self.cleaned_data.get("send_to") == self.LEADS


class ConcernUpdateForm(forms.Form):
    plain_exempt = frozenset({"note"})

    status = forms.ChoiceField(
        label=_("Where is it up to?"), choices=Concern.Status.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Add a note"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    share_with_raiser = forms.BooleanField(
        label=_("Show this note to the person who raised it"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("share_with_raiser") and not (data.get("note") or "").strip():
            self.add_error("note", _("Write the note you want the person to see."))
        return data


class CheckInForm(forms.Form):
    plain_exempt = frozenset({"note"})

    moment = forms.ChoiceField(
        label=_("When is this check-in?"),
        choices=CheckIn.Moment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose before or after the meeting.")},
    )
    meeting = RecordChoiceField(
        label=_("Which meeting?"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Not about one meeting"),
    )
    feeling = forms.TypedChoiceField(
        label=_("How are you feeling?"),
        choices=Feeling.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you are feeling.")},
    )
    note = forms.CharField(
        label=_("Anything you want to add?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wants_contact = forms.BooleanField(
        label=_("I would like someone to get in touch with me"), required=False
    )

    def __init__(self, *args: Any, meetings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]  # a model choice field, typed as Field
        self.fields["meeting"].label_from_instance = _meeting_label  # type: ignore[attr-defined]  # a model choice field, typed as Field


def _meeting_label(meeting: Meeting) -> str:
    if meeting.starts_at is None:
        return meeting.title
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    return f"{meeting.title} ({date_format(localtime(meeting.starts_at), 'j F Y')})"


class SignpostForm(PlainCheckMixin, forms.ModelForm):
    plain_fields = {"helps_with": False}
    plain_exempt = frozenset({"name", "phone", "opening_hours"})

    class Meta:
        model = SignpostService
        formfield_callback = limited_text
        fields = ["name", "helps_with", "phone", "website", "opening_hours"]
        widgets = {"helps_with": forms.Textarea(attrs={"rows": 3})}


class SettingsForm(forms.Form):
    response_working_days = forms.IntegerField(
        label=_("Reply to a new concern within this many working days"),
        help_text=_("Working days are Monday to Friday."),
        min_value=1,
        max_value=10,
    )


class LeadForm(forms.Form):
    user = RecordChoiceField(
        label=_("Who should be a safeguarding lead?"),
        queryset=Membership.objects.none(),
        error_messages={"required": _("Choose a person.")},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = (  # type: ignore[attr-defined]  # a model choice field, typed as Field
            Membership.objects.for_organisation(organisation)
            .select_related("user")
            .order_by("user__email")
        )
        field.label_from_instance = lambda m: f"{m.user.name or m.user.email} ({m.user.email})"  # type: ignore[attr-defined]  # a model choice field, typed as Field


class TrainingForm(PlainCheckMixin, forms.Form):
    plain_fields = {"title": False, "about": False}
    plain_exempt = frozenset({"provider"})

    title = forms.CharField(label=_("Name of the training"), max_length=200)
    about = forms.CharField(
        label=_("What it covers"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    provider = forms.CharField(label=_("Who runs it"), max_length=200, required=False)
    panel = RecordChoiceField(
        label=_("For the members of"),
        queryset=Panel.objects.none(),
        required=False,
        empty_label=_("Anyone"),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = Panel.objects.for_organisation(organisation)  # type: ignore[attr-defined]  # a model choice field, typed as Field


PDF_OR_PHOTO = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
}


def check_certificate(upload: UploadedFile) -> None:
    check_pdf_or_photo(upload, limit=settings.WELLBEING_CERTIFICATE_MAX_MB)


def check_pdf_or_photo(upload: UploadedFile, *, limit: int) -> None:
    """Raise ValidationError unless it is a PDF or a photo (JPG, PNG), under `limit` MB, and
    its first bytes match its name (so a renamed program is refused). Outcomes' evidence
    files use this too."""
    if upload.size is not None and upload.size > limit * 1024 * 1024:
        raise forms.ValidationError(
            _("The file is too big. It must be smaller than %(limit)s MB.") % {"limit": limit},
            code="too_big",
        )
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension not in PDF_OR_PHOTO or not head.startswith(PDF_OR_PHOTO[extension]):
        raise forms.ValidationError(
            _("We cannot take this kind of file. Send a PDF or a photo (JPG or PNG)."),
            code="wrong_type",
        )


class TrainingRecordForm(forms.Form):
    person = RecordChoiceField(
        label=_("Who"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Choose a person.")},
    )
    status = forms.ChoiceField(
        label=_("Where is it up to?"),
        choices=TrainingRecord.Status.choices,
        widget=forms.RadioSelect,
    )
    completed_on = date_field(_("Date they finished"), required=False)
    certificate = forms.FileField(
        label=_("Certificate"),
        required=False,
        help_text=_("A PDF or a photo (JPG or PNG)."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_organisation(organisation)  # type: ignore[attr-defined]  # a model choice field, typed as Field

    def clean_certificate(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("certificate")
        if upload:
            check_certificate(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == TrainingRecord.Status.DONE and not data.get("completed_on"):
            self.add_error("completed_on", _("Enter the date they finished."))
        return data


class CreditForm(forms.Form):
    plain_exempt = frozenset({"output", "credited_as"})

    person = RecordChoiceField(
        label=_("Who"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Choose a person.")},
    )
    output = forms.CharField(
        label=_("What are they credited in?"),
        help_text=_("For example: the day services leaflet, spring 2026."),
        max_length=200,
    )
    link = forms.URLField(label=_("Link to it"), required=False, max_length=200)  # the model's
    credited_as = forms.CharField(
        label=_("The name printed"),
        help_text=_("Exactly as they asked to be named."),
        max_length=200,
    )
    consent_given_on = date_field(_("Date they agreed to be named"))
    consent = forms.BooleanField(
        label=_("They agreed to be named in it"),
        error_messages={"required": _("Only name people who agreed to it.")},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_organisation(organisation)  # type: ignore[attr-defined]  # a model choice field, typed as Field
