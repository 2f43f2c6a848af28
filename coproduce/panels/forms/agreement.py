from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import RecordChoiceField, how_told_field
from coproduce.panels.forms.common import PlainCheckMixin
from coproduce.people.models import Person


class PointForm(PlainCheckMixin, forms.Form):
    plain_fields = {"text": False, "easy_read": True}
    easy_read_gate = False  # members raise points: advice only

    text = forms.CharField(
        label=_("Your point"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=600,
        error_messages={"required": _("Write the point you want to raise.")},
        help_text=_("For example: we take a break every 45 minutes."),
    )
    easy_read = forms.CharField(
        label=_("The point in easy read"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=600,
        required=False,
    )


class CommentForm(forms.Form):
    plain_exempt = frozenset({"text"})

    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": _("Write your comment.")},
    )


class RecordAgreementForm(forms.Form):
    """Staff record that a member without a login agrees, and how the member told them."""

    person = RecordChoiceField(
        label=_("Who agrees?"),
        queryset=Person.objects.none(),
        error_messages={
            "required": _("Choose the member."),
            "invalid_choice": _("Choose a member of this panel who has not agreed yet."),
        },
    )
    how_told = how_told_field()

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]  # a model choice field, typed as Field
