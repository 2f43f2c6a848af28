from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.plain_check import PlainCheckMixin
from coproduce.panels.forms.recruitment import DATE_ERROR, DateInput
from coproduce.panels.models import AccessNeed, Route
from coproduce.people.forms import AccessNeedChecks


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        required=required,
        error_messages={"invalid": DATE_ERROR, "required": _("Enter the date.")},
    )


class AccessNeedForm(AccessNeedChecks):
    """Staff recording a person's access need for them, with their agreement."""

    plain_exempt = frozenset({"detail"})
    nothing_said = _("Tick what they need, or write it in their words.")

    options = forms.MultipleChoiceField(
        label=_("What do they need?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    detail = forms.CharField(
        label=_("In their words"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("Write what they told you, the way they said it."),
    )
    identified_how = forms.ChoiceField(
        label=_("How did we find out?"),
        choices=AccessNeed.Identified.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we found out.")},
    )
    identified_on = _date(_("When did we find out?"))
    share_with_facilitators = forms.BooleanField(
        label=_("They agree that staff who run a meeting can read this"),
        required=False,
        help_text=_(
            "Without this, only the named contact and deputy can read it. Others only see "
            '"has an adjustment".'
        ),
    )
    consent = forms.BooleanField(
        label=_("They agree that we keep this, so we can help them take part"),
        help_text=_("Ask them first. Tell them they can change it or ask us to stop at any time."),
        error_messages={
            "required": _(
                "Tick this box if they agreed. If they did not agree, we cannot keep it: "
                "cancel instead."
            )
        },
    )
    consent_via = forms.ChoiceField(
        label=_("How did they agree?"),
        choices=[
            (Route.CONVERSATION.value, _("In person")),
            (Route.PHONE.value, _("By phone")),
            (Route.PAPER.value, _("On paper")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they agreed.")},
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("identified_on", timezone.localdate())
        super().__init__(*args, kind=kind, **kwargs)

    def need_fields(self) -> dict[str, Any]:
        """What `access.record_access_need` takes (the consent box itself is not stored: the
        time and route are)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "consent"}


class AccessNeedEditForm(AccessNeedForm):
    """Changing a need they already agreed we keep: no second consent."""

    plain_exempt = frozenset({"detail"})

    ended = forms.BooleanField(label=_("They no longer need this"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["consent"], self.fields["consent_via"]


class AdjustmentForm(PlainCheckMixin, forms.Form):
    plain_fields = {"description": False}

    description = forms.CharField(
        label=_("What will we do?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Write what we will do.")},
        help_text=_("For example: send papers in easy read 10 days before each meeting."),
    )
    agreed_on = _date(_("When did you agree it with them?"))
    review_on = _date(_("When will you check it is still right?"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("agreed_on", today)
        initial.setdefault("review_on", today + datetime.timedelta(days=91))
        super().__init__(*args, **kwargs)


class ReviewForm(PlainCheckMixin, forms.Form):
    plain_fields = {"description": False}

    outcome = forms.ChoiceField(
        label=_("What did you agree?"),
        choices=[
            ("continue", _("Keep it going")),
            ("end", _("Stop it: they no longer need it")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you agreed.")},
    )
    reviewed_on = _date(_("When did you review it?"))
    next_review_on = _date(_("When is the next review?"), required=False)
    description = forms.CharField(
        label=_("Change what we will do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Leave empty to keep it as it is."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("reviewed_on", today)
        initial.setdefault("next_review_on", today + datetime.timedelta(days=91))
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        missing = data.get("outcome") == "continue" and not data.get("next_review_on")
        if missing and "next_review_on" not in self.errors:
            self.add_error("next_review_on", _("Enter the date of the next review."))
        return data
