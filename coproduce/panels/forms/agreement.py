from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.panels.forms.common import PlainCheckMixin


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
