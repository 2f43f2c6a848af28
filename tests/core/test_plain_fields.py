"""Every text box whose words reach members, applicants or participants has the
plain-language check (coproduce.core.plain_check): each form says, for each of its free text
boxes, either that it is checked (`plain_fields`) or that members do not read it
(`plain_exempt`). A new text box fails here until someone decides."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import coproduce
from coproduce.core.plain_check import PlainCheckMixin

NOT_TEXT = (forms.EmailField, forms.URLField, forms.SlugField, forms.DecimalField)


def _form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module_info in pkgutil.walk_packages(coproduce.__path__, "coproduce."):
        name = module_info.name
        if "migrations" in name or "forms" not in name.rsplit(".", 2)[-1] + name:
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
                and hasattr(value, "base_fields")
            ):
                found[f"{name}.{value.__name__}"] = value
    return [found[key] for key in sorted(found)]


def _text_boxes(form_class: type[forms.BaseForm]) -> list[str]:
    return [
        name
        for name, field in form_class.base_fields.items()
        if type(field) is forms.CharField
        and not isinstance(field, NOT_TEXT)
        and not isinstance(field.widget, forms.HiddenInput | forms.PasswordInput)
    ]


FORMS = _form_classes()


def test_the_walk_finds_the_forms_we_know():
    names = {f.__name__ for f in FORMS}
    assert {"PanelForm", "WorkshopForm", "InitiativeForm", "OutcomeForm", "NotesForm"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_text_box_is_checked_or_said_not_to_reach_members(form_class):
    checked = getattr(form_class, "plain_fields", {})
    exempt = getattr(form_class, "plain_exempt", frozenset())
    undecided = [n for n in _text_boxes(form_class) if n not in checked and n not in exempt]
    assert undecided == []
    assert set(checked) & set(exempt) == set()
    if checked:
        assert issubclass(form_class, PlainCheckMixin)
        assert form_class.__mro__[1] is PlainCheckMixin or PlainCheckMixin in form_class.__mro__


# Staff write these for people to read: each must be checked (the list, by name).
MEMBER_FACING = {
    "PanelForm": {
        "purpose",
        "influences",
        "outside_control",
        "meeting_frequency",
        "payment_offer",
        "training_offered",
        "support_offered",
        "other_ways_to_apply",
    },
    "RoleDescriptionForm": {"standard", "easy_read"},
    "StatusForm": {"note"},
    "MeetingForm": {"title", "venue", "venue_access", "online_help"},
    "WorkshopForm": {"title", "purpose", "venue"},
    "ActivityForm": {"question", "instruction", "easy_read_instruction"},
    "InitiativeForm": {"aim"},
    "OutcomeForm": {"what"},
    "ChangeForm": {"what"},
    "ResponseForm": {"reason"},
    "PointForm": {"text", "easy_read"},
    "GlossaryTermForm": {"definition", "easy_read"},
}


@pytest.mark.parametrize("form_name", sorted(MEMBER_FACING))
def test_what_staff_write_for_members_is_checked(form_name):
    (form_class,) = [f for f in FORMS if f.__name__ == form_name]
    assert MEMBER_FACING[form_name] <= set(form_class.plain_fields)
