from __future__ import annotations

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from coproduce.core.display import CONTRASTS, TEXT_SIZES
from coproduce.core.models import Organisation


class FormRenderer(TemplatesSetting):
    """Render every form with our error summary and field templates (templates/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def editable_copy[M: Model](instance: M) -> M:
    """A copy of a saved row for a ModelForm to fill in.

    A ModelForm writes what was typed onto its instance while it validates. Given this copy,
    the view keeps the row as it is saved, for the domain function to compare with (what
    changed, what to log) without reading it again, and for the page around the form.
    """
    return copy.copy(instance)


def add_domain_error(
    form: forms.BaseForm, error: ValidationError, *, field: str | None = None
) -> None:
    """Show a domain function's refusal on the form, so the error summary and the field show it.

    A refusal raised with a dict puts each message beside its own field (at the top when the
    form has no such field); any other goes beside `field`, or at the top when it is None.
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error)


class DisplayForm(forms.Form):
    text = forms.ChoiceField(
        label=_("Text size"),
        choices=list(zip(TEXT_SIZES, [_("Standard"), _("Large"), _("Largest")], strict=True)),
        widget=forms.RadioSelect,
    )
    contrast = forms.ChoiceField(
        label=_("Colours"),
        choices=list(zip(CONTRASTS, [_("Standard"), _("High contrast")], strict=True)),
        widget=forms.RadioSelect,
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name of your organisation"), max_length=200)
    kind = forms.ChoiceField(
        label=_("What kind of organisation is it?"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
    )
