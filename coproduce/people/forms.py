from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import limited_text
from coproduce.people.models import DELIVERY_STATUSES, NEED_OPTIONS, ContactMethod, Format, Person


class PersonForm(forms.ModelForm):
    plain_exempt = frozenset(
        {
            "name",
            "preferred_name",
            "pronouns",
            "phone",
            "address",
            "supporter_name",
            "supporter_contact",
        }
    )

    contact_methods = forms.MultipleChoiceField(
        label=_("How do they like to be contacted?"),
        help_text=_("Choose all that apply."),
        choices=ContactMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    formats = forms.MultipleChoiceField(
        label=_("Which formats do they prefer for papers?"),
        help_text=_("Choose all that apply."),
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Person
        formfield_callback = limited_text
        fields = [
            "name",
            "preferred_name",
            "pronouns",
            "contact_methods",
            "email",
            "phone",
            "address",
            "supporter_name",
            "supporter_contact",
            "formats",
        ]
        help_texts = {
            "preferred_name": _("Leave empty to use their full name."),
            "pronouns": _("For example she/her, he/him or they/them."),
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }

    def clean_contact_methods(self) -> list[str]:
        chosen = set(self.cleaned_data["contact_methods"])
        return [value for value in ContactMethod.values if value in chosen]

    def clean_formats(self) -> list[str]:
        chosen = set(self.cleaned_data["formats"])
        return [value for value in Format.values if value in chosen]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        methods = data.get("contact_methods") or []
        needs = {
            ContactMethod.EMAIL: ("email", _("Enter an email address, or untick email.")),
            ContactMethod.PHONE: ("phone", _("Enter a phone number, or untick phone call.")),
            ContactMethod.TEXT: ("phone", _("Enter a phone number, or untick text message.")),
            ContactMethod.POST: ("address", _("Enter a postal address, or untick letter.")),
            ContactMethod.SUPPORTER: (
                "supporter_name",
                _("Enter the supporter's name, or untick this choice."),
            ),
        }
        for method in methods:
            field, message = needs[ContactMethod(method)]
            if not data.get(field) and field not in self.errors:
                self.add_error(field, message)
        return data


class NotifyReceiptForm(forms.Form):
    """One delivery receipt from GOV.UK Notify's callback (JSON): its id for the message,
    our reference, and the status."""

    plain_exempt = frozenset({"id", "reference"})  # codes from a machine, read by no one

    id = forms.CharField(max_length=100)
    reference = forms.CharField(max_length=100, required=False)
    status = forms.ChoiceField(choices=[(s, s) for s in sorted(DELIVERY_STATUSES)])

    def clean(self) -> dict[str, Any]:
        # JSON may send a list or a number where text belongs, or text no database can
        # store (a lone surrogate): none of that is a receipt.
        for name in ("id", "reference", "status"):
            value = self.data.get(name, "")
            if not isinstance(value, str) or not value.isprintable():
                raise forms.ValidationError("Not a delivery receipt.")
        return self.cleaned_data


class MyFormatsForm(forms.Form):
    """How a person likes us to share information and get in touch (AIS communication needs).
    Not special category data: it sits on their `Person` record, and messages read it."""

    formats = forms.MultipleChoiceField(
        label=_("How do you like to read things from us?"),
        help_text=_("Choose all that apply. Easy read and large print change your own pages too."),
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contact_methods = forms.MultipleChoiceField(
        label=_("How do you like us to get in touch?"),
        help_text=_("Choose all that apply."),
        choices=ContactMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_formats(self) -> list[str]:
        chosen = set(self.cleaned_data["formats"])
        return [value for value in Format.values if value in chosen]

    def clean_contact_methods(self) -> list[str]:
        chosen = set(self.cleaned_data["contact_methods"])
        methods = [value for value in ContactMethod.values if value in chosen]
        has: dict[str, bool] = {
            ContactMethod.EMAIL: bool(self.person.email or self.person.user_id),
            ContactMethod.PHONE: bool(self.person.phone),
            ContactMethod.TEXT: bool(self.person.phone),
            ContactMethod.POST: bool(self.person.address),
            ContactMethod.SUPPORTER: bool(self.person.supporter_name),
        }
        missing = [str(ContactMethod(m).label).lower() for m in methods if not has[m]]
        if missing:
            raise forms.ValidationError(
                _(
                    "We do not have what we need to use %(ways)s. Tell your named contact, "
                    "or untick it."
                )
                % {"ways": ", ".join(missing)}
            )
        return methods


class AccessNeedChecks(forms.Form):
    """What every form for a `people.AccessNeed` checks, whoever fills it in: the person
    (`MyAccessNeedForm`) or staff for them (`panels.forms.access.AccessNeedForm`).

    The form names an `options` and a `detail` field; the options are those of the need's
    `kind`, and a need must say something: a ticked option or some words. `nothing_said` is
    the error then.
    """

    nothing_said: Any = _("Tick what you need, or write it in your own words.")
    # True on a form whose "ended" box keeps what the need said (MyAccessNeedEditForm.changes
    # saves only the end), so ending it may leave both empty.
    ending_keeps_words = False

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["options"].choices = NEED_OPTIONS.get(kind, [])  # type: ignore[attr-defined]  # a choice field, typed as Field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        empty = not data.get("options") and not (data.get("detail") or "").strip()
        ending = self.ending_keeps_words and data.get("ended")
        if empty and not ending and "detail" not in self.errors:
            self.add_error("detail", self.nothing_said)
        return data


class MyAccessNeedForm(AccessNeedChecks):
    """A person telling us, in their own words, what helps them take part."""

    plain_exempt = frozenset({"detail"})

    options = forms.MultipleChoiceField(
        label=_("What do you need?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choose from the list, or write it below.")},
    )
    detail = forms.CharField(
        label=_("In your own words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("Tell us anything else that would help you."),
        error_messages={
            "max_length": _(
                "Please make this shorter: %(limit_value)d letters and spaces at most. "
                "You used %(show_value)d. What you typed is kept."
            )
        },
    )
    share_with_facilitators = forms.BooleanField(
        label=_("The staff who run a meeting or workshop can read this too"),
        required=False,
        help_text=_(
            "Then they can get things ready for you. If you do not tick this, only your "
            "named contact and their deputy can read it."
        ),
    )
    consent = forms.BooleanField(
        label=_("I agree that you keep this, so you can help me take part"),
        help_text=_("You can change it or ask us to stop at any time."),
        error_messages={
            "required": _("Tick this box so we can keep what you need. Or go back without saving.")
        },
    )


class MyAccessNeedEditForm(MyAccessNeedForm):
    """The person changes or ends one of their own needs. They agreed to keep it already."""

    plain_exempt = frozenset({"detail"})
    ending_keeps_words = True

    ended = forms.BooleanField(label=_("I do not need this any more"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["consent"]

    def changes(self) -> dict[str, Any]:
        """Ending a need keeps what it said, for the record; otherwise the new answers."""
        if self.cleaned_data["ended"]:
            return {"ended": True}
        return {k: v for k, v in self.cleaned_data.items() if k != "ended"}
