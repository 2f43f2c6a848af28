from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from coproduce.core.display import CONTRASTS, TEXT_SIZES
from coproduce.core.models import Organisation
from coproduce.core.params import whole_number

# The most one box of free text takes, in characters. A model's TextField has no limit of its
# own (the database keeps any length), so its form sets one: `Meta.formfield_callback`.
TEXT_MAX = 5_000  # a page or two: an aim, an answer, a venue's directions
DOCUMENT_MAX = 50_000  # a whole document: a role description, a meeting's full notes


# How someone without a login told staff their answer, shown as "Recorded by Alice on
# 7 December 2026, by phone" (proposals, the group agreement, date polls, a place offered).
HOW_TOLD = [
    ("by phone", _("By phone")),
    ("in person", _("In person")),
    ("by letter", _("By letter")),
    ("by text message", _("By text message")),
    ("by email", _("By email")),
    ("through their supporter", _("Through their supporter")),
]


def how_told_field() -> forms.ChoiceField:
    """The "How did they tell you?" question, the same wherever staff record for someone."""
    return forms.ChoiceField(
        label=_("How did they tell you?"),
        choices=HOW_TOLD,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how they told you."),
            "invalid_choice": _("Choose one of the ways."),
        },
    )


def _has_number_ids(queryset: models.QuerySet[Any] | None) -> bool:
    if queryset is None:
        return False
    return isinstance(queryset.model._meta.pk, models.AutoField | models.IntegerField)


class RecordChoiceField(forms.ModelChoiceField):
    """One record chosen by its id. An id no database column can hold ("²", 2**63) is "not one
    of the choices": Django's own field sends it to the database, which fails (a 500)."""

    def to_python(self, value: Any) -> Any:
        if (
            value not in self.empty_values
            and self.to_field_name is None
            and _has_number_ids(self.queryset)
            and whole_number(str(value)) is None
        ):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """Several records chosen by their ids, refused as `RecordChoiceField` refuses one."""

    def _check_values(self, value: Any) -> Any:
        if self.to_field_name is None and _has_number_ids(self.queryset):
            for pk in value:
                if whole_number(str(pk)) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)  # type: ignore[misc]  # django-stubs lacks it


def _limited(db_field: models.Field, most: int, **kwargs: Any) -> forms.Field | None:
    if isinstance(db_field, models.TextField) and not db_field.choices:
        kwargs.setdefault("max_length", most)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", RecordChoiceField)
    elif isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", RecordsChoiceField)
    return db_field.formfield(**kwargs)


def limited_text(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A model form's field: at most TEXT_MAX characters for free text, and records chosen
    by ids that are whole numbers (RecordChoiceField)."""
    return _limited(db_field, TEXT_MAX, **kwargs)


def limited_document(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """As `limited_text`, for forms whose boxes each hold a document (DOCUMENT_MAX)."""
    return _limited(db_field, DOCUMENT_MAX, **kwargs)


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
    plain_exempt = frozenset({"name"})

    name = forms.CharField(label=_("Name of your organisation"), max_length=200)
    kind = forms.ChoiceField(
        label=_("What kind of organisation is it?"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
    )
