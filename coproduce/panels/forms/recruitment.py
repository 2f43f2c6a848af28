from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import Organisation
from coproduce.initiatives.models import Initiative
from coproduce.panels import equality
from coproduce.panels.categories import CATEGORIES, QUESTIONS, Category, Question
from coproduce.panels.forms.questions import PanelQuestionsMixin, extra_answers_typed
from coproduce.panels.models import (
    Application,
    EthnicityList,
    Panel,
    PanelMember,
    Route,
    Status,
)
from coproduce.people.models import ContactMethod, Person

DATE_ERROR = _("Enter a real date, for example 2026-03-27.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PanelForm(forms.ModelForm):
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Which initiatives will the panel work on?"),
        queryset=Initiative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Panel
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
            self.fields[name].queryset = people  # type: ignore[attr-defined]
        self.fields["initiatives"].queryset = Initiative.objects.for_organisation(organisation)  # type: ignore[attr-defined]
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


class RoleDescriptionForm(forms.Form):
    standard = forms.CharField(
        label=_("Role description"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_('A line starting "## " is a heading. A line starting "- " is a list item.'),
    )
    easy_read = forms.CharField(
        label=_("Easy read role description"),
        widget=forms.Textarea(attrs={"rows": 20}),
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


# Applications

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
        }

    def __init__(self, *args: Any, strict: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strict = strict
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_channel"].choices = APPLICATION_CHANNELS  # type: ignore[attr-defined]
        self.fields["attachment"].help_text = str(self.fields["attachment"].help_text) % {
            "limit": settings.PANELS_ATTACHMENT_MAX_MB
        }
        for field in self.fields.values():
            field.required = False
        if strict:
            self.fields["name"].required = True
            self.fields["contact_channel"].required = True
            self.fields["why_join"].required = True
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

    EASY_READ: dict[str, tuple[Any, Any]] = {
        "name": (_("What is your name?"), ""),
        "contact_channel": (_("How should we get in touch with you?"), ""),
        "email": (_("Your email"), _("Only if you chose email.")),
        "phone": (_("Your phone number"), _("Only if you chose phone or text.")),
        "address": (_("Your address"), _("Only if you chose a letter.")),
        "area": (_("Where do you live?"), _("The name of your town or area. You do not have to.")),
        "wants_easy_read": (_("I want easy read"), ""),
        "why_join": (_("Why do you want to join?"), _("Write a few words. Someone can help you.")),
        "experience": (
            _("Tell us about you"),
            _("What has happened to you? Only tell us what you want to."),
        ),
        "attachment": (
            _("Do you want to send us something?"),
            _("This can be a letter, a photo or a recording. You do not have to."),
        ),
    }

    def use_easy_read(self) -> None:
        for name, (label, hint) in self.EASY_READ.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].help_text = hint

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
            max_length = getattr(Application._meta.get_field(name), "max_length", None)
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


class EqualityForm(forms.Form):
    """Every question optional, each with "Prefer not to say"; consent box unticked."""

    consent = forms.BooleanField(
        label=_(
            "I agree to you keeping my answers to check that the panel is fair and open to "
            "everyone. I know I can ask you to delete them at any time."
        ),
        required=False,
    )
    selection_consent = forms.BooleanField(
        label=_(
            "I also agree to you using my answers to help choose a mix of people for the panel."
        ),
        help_text=_("You do not have to agree to this. It does not change anything else."),
        required=False,
    )

    def __init__(self, *args: Any, questions: tuple[Question, ...] = QUESTIONS, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions  # the panel's: `nations.questions_for(panel.ethnicity_list)`
        answer_fields = {}
        for question in questions:
            answer_fields[question.key] = forms.ChoiceField(
                label=str(question.text),
                help_text=str(question.hint),
                choices=[(o.value, o.label) for o in question.options],
                widget=forms.RadioSelect,
                required=False,
            )
        # The questions first, then the consent boxes.
        self.fields = {**answer_fields, **self.fields}

    def answers(self) -> dict[str, str]:
        return {
            q.key: self.cleaned_data[q.key] for q in self.questions if self.cleaned_data.get(q.key)
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("consent"):
            self.add_error(
                "consent",
                _(
                    'Tick the box to say you agree, or choose "Skip these questions". '
                    "We cannot keep your answers without your agreement."
                ),
            )
        if data.get("selection_consent") and not data.get("consent"):
            self.add_error("selection_consent", _("Tick the first box as well, or untick this."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Move the application to"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a step.")},
    )
    note = forms.CharField(
        label=_("Add a personal note to the message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    notify = forms.BooleanField(
        label=_("Tell them (by the way they chose)"), required=False, initial=True
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (s.value, s.label) for s in Status.submitted() if s != current
        ]


class MemberAddForm(forms.Form):
    person = forms.ModelChoiceField(
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
        self.fields["person"].queryset = Person.objects.for_organisation(organisation)  # type: ignore[attr-defined]


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
