"""Applications: the public form (saved as you go), the staff form for paper, and uploads."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import limited_text
from coproduce.panels.forms.questions import (
    PanelQuestionsMixin,
    extra_answers_typed,
    field_name,
)
from coproduce.panels.models import (
    Application,
    Route,
)
from coproduce.panels.queries import question_pictures
from coproduce.people.models import ContactMethod
from coproduce.pictures.points import builtin_picture

ALLOWED_ATTACHMENTS = {
    ".pdf": (b"%PDF",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".rtf": (b"{\\rtf",),
    ".txt": (),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    ".m4a": (),  # an MP4 box: checked below
}
# The longest answers the form keeps, in characters: a long letter fits; a pasted book does
# not. The model's own limits (name, phone, area) apply as well.
ANSWER_LIMITS = {"address": 1000, "why_join": 5000, "experience": 5000}
TOO_LONG = _(
    "This answer is too long: it has %(show_value)d letters and spaces. Make it shorter than "
    "%(limit_value)d. You can send more as a file at the end of the form."
)
APPLICATION_CHANNELS = [
    (ContactMethod.EMAIL.value, _("Email")),
    (ContactMethod.PHONE.value, _("Phone call")),
    (ContactMethod.TEXT.value, _("Text message")),
    (ContactMethod.POST.value, _("Letter by post")),
]


def check_upload(
    upload: UploadedFile,
    *,
    limit_mb: int,
    allowed: dict[str, tuple[bytes, ...]],
    too_big: Any,
    wrong_type: Any,
) -> None:
    """Raise ValidationError unless the file is small enough, has an allowed extension and
    starts the way files of that kind do (so a renamed program is refused)."""
    if upload.size is not None and upload.size > limit_mb * 1024 * 1024:
        raise forms.ValidationError(too_big % {"limit": limit_mb}, code="too_big")
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in allowed:
        raise forms.ValidationError(wrong_type, code="wrong_type")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == ".m4a":  # an MP4 box
        ok = head[4:8] == b"ftyp"
    elif extension == ".txt":
        ok = b"\x00" not in head
    else:
        ok = any(head.startswith(signature) for signature in allowed[extension])
    if not ok:
        raise forms.ValidationError(wrong_type, code="wrong_type")


def check_attachment(upload: UploadedFile) -> None:
    """Raise ValidationError unless the file is a kind we accept and small enough."""
    check_upload(
        upload,
        limit_mb=settings.PANELS_ATTACHMENT_MAX_MB,
        allowed=ALLOWED_ATTACHMENTS,
        too_big=_(
            "The file is too big. It must be smaller than %(limit)s MB. "
            "Your other answers are saved."
        ),
        wrong_type=_(
            "We cannot take this kind of file. Send a PDF, a Word document, a text file, a photo "
            "(JPG or PNG) or a sound recording (MP3 or M4A). Your other answers are saved."
        ),
    )


class ApplicationForm(PanelQuestionsMixin, forms.ModelForm):
    """The application, strict (to send) or not (to keep a draft: nothing typed is lost)."""

    plain_exempt = frozenset({"name", "phone", "address", "area", "why_join", "experience"})

    attachment = forms.FileField(
        label=_("Anything else you want to send us"),
        help_text=_(
            "You do not have to send anything. You can send a letter, a photo of a letter, or a "
            "sound recording. Up to %(limit)s MB."
        ),
        required=False,
    )

    class Meta:
        model = Application
        formfield_callback = limited_text
        fields = [
            "name",
            "contact_channel",
            "email",
            "phone",
            "address",
            "area",
            "wants_easy_read",
            "why_join",
            "experience",
            "heard_from",
            "attachment",
        ]
        labels = {
            "name": _("Your name"),
            "contact_channel": _("How should we contact you?"),
            "email": _("Email address"),
            "phone": _("Phone number"),
            "address": _("Postal address"),
            "area": _("Which area do you live in?"),
            "wants_easy_read": _("Send me things in easy read"),
            "why_join": _("Why do you want to join the panel?"),
            "experience": _("What experience would you bring?"),
            "heard_from": _("How did you hear about the panel?"),
        }
        help_texts = {
            "name": _("The name you like to be called is fine."),
            "email": _("We need this if you choose email."),
            "phone": _("We need this if you choose a phone call or text message."),
            "address": _("We need this if you choose a letter."),
            "area": _(
                "For example, the name of your town, village or part of the city. You do not "
                "have to answer. It can help us choose people from all over, but only if you "
                "agree to that later."
            ),
            "why_join": _("A few sentences is fine. There are no right or wrong answers."),
            "experience": _(
                "For example, using care and support, or caring for someone. Only share what "
                "you are comfortable sharing."
            ),
        }
        widgets = {
            "contact_channel": forms.RadioSelect,
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "why_join": forms.Textarea(attrs={"rows": 5}),
            "experience": forms.Textarea(attrs={"rows": 5}),
            "heard_from": forms.RadioSelect,
        }

    def __init__(self, *args: Any, strict: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strict = strict
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_channel"].choices = APPLICATION_CHANNELS  # type: ignore[attr-defined]  # a choice field, typed as Field
        self.fields["attachment"].help_text = str(self.fields["attachment"].help_text) % {
            "limit": settings.PANELS_ATTACHMENT_MAX_MB
        }
        for name, field in self.fields.items():
            field.required = name in self.NEEDED_TO_SEND
        for name in self.NEEDED_FOR_THE_CHANNEL:
            # Needed only for the way of contact chosen: the hint says so, not "(optional)".
            self.fields[name].conditional = True  # type: ignore[attr-defined]  # read by forms/field.html
        heard = self.fields["heard_from"]
        heard.choices = [c for c in heard.choices if c[0]]  # type: ignore[attr-defined]  # a choice field, typed as Field
        for name, most in ANSWER_LIMITS.items():
            self.fields[name].max_length = most  # type: ignore[attr-defined]  # CharField and its kin have it; Field does not
            self.fields[name].validators.append(MaxLengthValidator(most, message=TOO_LONG))
        self.fields["name"].error_messages["required"] = _("Enter your name.")
        self.fields["contact_channel"].error_messages["required"] = _(
            "Choose how we should contact you."
        )
        self.fields["why_join"].error_messages["required"] = _(
            "Tell us why you want to join. A few words is fine."
        )
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an email address like name@example.com."
        )

    # Labelled as needed from the first view; checked only when the person sends.
    NEEDED_TO_SEND = ("name", "contact_channel", "why_join")
    NEEDED_FOR_THE_CHANNEL = ("email", "phone", "address")

    def full_clean(self) -> None:
        if self.strict:
            super().full_clean()
            return
        # A draft keeps whatever was typed: nothing is needed until the person sends it.
        needed = [field for field in self.fields.values() if field.required]
        for field in needed:
            field.required = False
        try:
            super().full_clean()
        finally:
            for field in needed:
                field.required = True

    # The easy read question, its hint and the built-in picture beside it.
    EASY_READ: dict[str, tuple[Any, Any, str]] = {
        "name": (_("What is your name?"), "", "badge"),
        "contact_channel": (_("How should we get in touch with you?"), "", "phone"),
        "email": (_("Your email"), _("Only if you chose email."), "email"),
        "phone": (_("Your phone number"), _("Only if you chose phone or text."), "mobile"),
        "address": (_("Your address"), _("Only if you chose a letter."), "house"),
        "area": (
            _("Where do you live?"),
            _("The name of your town or area. You do not have to."),
            "place",
        ),
        "wants_easy_read": (_("I want easy read"), "", "book"),
        "why_join": (
            _("Why do you want to join?"),
            _("Write a few words. Someone can help you."),
            "question",
        ),
        "experience": (
            _("Tell us about you"),
            _("What has happened to you? Only tell us what you want to."),
            "person",
        ),
        "heard_from": (
            _("How did you find out about the panel?"),
            _("You do not have to say."),
            "megaphone",
        ),
        "attachment": (
            _("Do you want to send us something?"),
            _("This can be a letter, a photo or a recording. You do not have to."),
            "paper",
        ),
    }

    def use_easy_read(self) -> None:
        """Easy read questions, each with its picture on the left (forms/field.html)."""
        for name, (label, hint, picture) in self.EASY_READ.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].help_text = hint
                self.fields[name].easy_picture = builtin_picture(picture)  # type: ignore[attr-defined]  # read by forms/field.html
        # The panel's own questions, in staff's words, with the picture staff chose (or a
        # suggested one until they do).
        if self.questions:
            points = question_pictures(self.panel.organisation, self.questions)
            for question in self.questions:
                field = self.fields.get(field_name(question))
                if field is not None:
                    field.easy_picture = points[question.pk].picture  # type: ignore[attr-defined]  # read by forms/field.html

    def clean_attachment(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("attachment")
        if upload and isinstance(upload, UploadedFile):
            check_attachment(upload)
            return upload
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.strict:
            return data
        needs = {
            ContactMethod.EMAIL: ("email", _("Enter your email address, or choose another way.")),
            ContactMethod.PHONE: ("phone", _("Enter your phone number, or choose another way.")),
            ContactMethod.TEXT: ("phone", _("Enter your phone number, or choose another way.")),
            ContactMethod.POST: ("address", _("Enter your address, or choose another way.")),
        }
        channel = data.get("contact_channel")
        if channel in needs:
            field, message = needs[ContactMethod(channel)]
            if not data.get(field) and field not in self.errors:
                self.add_error(field, message)
        return data

    def draft_values(self) -> dict[str, Any]:
        """What was typed, kept as typed (even if not valid yet), for the draft."""
        values: dict[str, Any] = {}
        for name in ("name", "email", "phone", "address", "area", "why_join", "experience"):
            max_length = ANSWER_LIMITS.get(name) or getattr(
                Application._meta.get_field(name), "max_length", None
            )
            text = str(self.data.get(name, "")).strip()
            values[name] = text[:max_length] if max_length else text
        channel = self.data.get("contact_channel", "")
        values["contact_channel"] = channel if channel in dict(APPLICATION_CHANNELS) else ""
        values["wants_easy_read"] = self.data.get("wants_easy_read") in ("on", "true", "1")
        values["extra_answers"] = extra_answers_typed(self, self.questions)
        if "attachment" in getattr(self, "cleaned_data", {}) and not self.has_error("attachment"):
            values["attachment"] = self.cleaned_data["attachment"]
        return values


class StaffApplicationForm(ApplicationForm):
    plain_exempt = frozenset({"name", "phone", "address", "area", "why_join", "experience"})

    route = forms.ChoiceField(
        label=_("How did they apply?"),
        choices=[(r.value, r.label) for r in Route if r != Route.ONLINE],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they applied.")},
    )

    class Meta(ApplicationForm.Meta):
        fields = ["route", *ApplicationForm.Meta.fields]
        labels = {
            **ApplicationForm.Meta.labels,
            "name": _("Their name"),
            "contact_channel": _("How should we contact them?"),
            "wants_easy_read": _("Send them things in easy read"),
            "why_join": _("Why do they want to join the panel?"),
            "experience": _("What experience would they bring?"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, strict=True, **kwargs)
        self.fields["route"].required = True
        self.fields["name"].error_messages["required"] = _("Enter their name.")
        self.fields["why_join"].error_messages["required"] = _(
            "Write down why they want to join, in their words."
        )
        self.fields["why_join"].help_text = _("In their words, as far as you can.")
        self.fields["experience"].help_text = ""
        self.fields["attachment"].label = _("A scan or recording of their application")
