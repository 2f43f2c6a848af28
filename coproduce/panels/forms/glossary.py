from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import limited_text
from coproduce.core.plain_check import PlainCheckMixin
from coproduce.panels.models import GlossaryTerm


class GlossaryTermForm(PlainCheckMixin, forms.ModelForm):
    plain_fields = {"definition": False, "easy_read": True}
    plain_exempt = frozenset({"term", "plain", "synonyms", "source"})

    class Meta:
        model = GlossaryTerm
        formfield_callback = limited_text
        fields = ["term", "plain", "definition", "easy_read", "synonyms", "source"]
        labels = {
            "term": _("Word or phrase"),
            "plain": _("Plain words to use instead"),
            "definition": _("What it means"),
            "easy_read": _("What it means, in easy read"),
            "synonyms": _("Other ways people write it"),
            "source": _("Where the meaning comes from"),
        }
        help_texts = {
            "plain": _("Leave empty if there is no plain word: readers can open the meaning."),
            "synonyms": _("Separate them with commas. For example: care plan, support plan."),
        }
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "easy_read": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].error_messages["required"] = _("Enter the word or phrase.")
        self.fields["definition"].error_messages["required"] = _("Say what it means.")
