"""Every box of free text in every form has a length limit (a model's TextField has none)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError

import coproduce
from coproduce.core.forms import DOCUMENT_MAX, TEXT_MAX, RecordChoiceField, RecordsChoiceField
from coproduce.payments.forms import MoneyField
from coproduce.people.models import Person

# Fields that need no limit of their own, and why.
EXEMPT = {
    ("LoginForm", "password"): "allauth's; the request size limit bounds it",
    ("SignupForm", "username"): "allauth's; removed, we sign in by email",
}


def form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(coproduce.__path__, "coproduce."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("coproduce."):
            found.append(cls)
    return found


def test_every_free_text_field_has_a_length_limit():
    unlimited = sorted(
        (cls.__name__, name)
        for cls in form_classes()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, MoneyField)  # checks its own length: 12 characters
        and field.max_length is None
        and (cls.__name__, name) not in EXEMPT
    )
    assert unlimited == [], "Give these fields a max_length (model forms: limited_text)"


def test_model_forms_limit_text_fields():
    from coproduce.panels.forms.applications import ApplicationForm
    from coproduce.panels.forms.meetings import NotesForm

    assert ApplicationForm.base_fields["why_join"].max_length == TEXT_MAX
    assert NotesForm.base_fields["full_notes"].max_length == DOCUMENT_MAX


def test_a_long_answer_is_refused_beside_the_field_and_kept(client_as, alice, initiative):
    response = client_as(alice).post(
        f"/o/riverside/initiatives/{initiative.pk}/edit/",
        {"title": "Garden", "aim": "x" * (TEXT_MAX + 1)},
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 5000 characters (it has 5001)." in (
        response.content.decode()
    )
    initiative.refresh_from_db()
    assert initiative.aim != "x" * (TEXT_MAX + 1)


@pytest.mark.parametrize("value", ["²", "9223372036854775808", "-1", "1.5", "9" * 5000])
def test_a_record_id_no_database_can_hold_is_not_one_of_the_choices(db, value):
    one = RecordChoiceField(queryset=Person.objects.all())
    several = RecordsChoiceField(queryset=Person.objects.all())
    with pytest.raises(ValidationError) as refused:
        one.clean(value)
    assert refused.value.messages == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    with pytest.raises(ValidationError) as refused:
        several.clean([value])
    assert refused.value.messages == [f"“{value}” is not a valid value."]
