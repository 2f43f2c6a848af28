from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError

from coproduce.core.forms import add_domain_error, editable_copy
from coproduce.core.models import Organisation


class NameForm(forms.Form):
    name = forms.CharField()


class OrganisationNameForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name"]


def _form() -> NameForm:
    form = NameForm({"name": "Bob"})
    assert form.is_valid()
    return form


def test_add_domain_error_puts_a_dict_error_beside_its_field_and_the_rest_on_top():
    form = _form()
    add_domain_error(
        form,
        ValidationError({"name": "That name is taken.", "meeting": "That meeting has gone."}),
        field="name",
    )
    assert form.errors == {
        "name": ["That name is taken."],
        "__all__": ["That meeting has gone."],
    }


def test_add_domain_error_puts_a_plain_error_beside_the_field_asked_for():
    form = _form()
    add_domain_error(form, ValidationError("Say it again.", code="again"), field="name")
    assert form.errors == {"name": ["Say it again."]}
    assert form.has_error("name", code="again")


def test_add_domain_error_without_a_field_puts_it_on_top():
    form = _form()
    add_domain_error(form, ValidationError("Not now."))
    assert (form.errors, form.non_field_errors()) == ({"__all__": ["Not now."]}, ["Not now."])


@pytest.mark.django_db
def test_editable_copy_lets_a_model_form_change_the_copy_only(org):
    form = OrganisationNameForm({"name": "New name"}, instance=editable_copy(org))
    assert form.is_valid()
    assert (form.instance.pk, form.instance.name) == (org.pk, "New name")
    assert org.name == "Riverside Council"
