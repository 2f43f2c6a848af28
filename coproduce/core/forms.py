from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from coproduce.core.display import CONTRASTS, TEXT_SIZES
from coproduce.core.models import Organisation

# The most one box of free text takes, in characters. A model's TextField has no limit of its
# own (the database keeps any length), so its form sets one: `Meta.formfield_callback`.
TEXT_MAX = 5_000  # a page or two: an aim, an answer, a venue's directions
DOCUMENT_MAX = 50_000  # a whole document: a role description, a meeting's full notes


def limited_text(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A model form's field, with at most TEXT_MAX characters for free text."""
    if isinstance(db_field, models.TextField) and not db_field.choices:
        kwargs.setdefault("max_length", TEXT_MAX)
    return db_field.formfield(**kwargs)


def limited_document(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """As `limited_text`, for forms whose boxes each hold a document (DOCUMENT_MAX)."""
    if isinstance(db_field, models.TextField) and not db_field.choices:
        kwargs.setdefault("max_length", DOCUMENT_MAX)
    return db_field.formfield(**kwargs)


class FormRenderer(TemplatesSetting):
    """Render every form with our error summary and field templates (templates/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


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
