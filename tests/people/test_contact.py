import pytest

from coproduce.people.contact import how_to_reach, prefers_email
from coproduce.people.models import Person


@pytest.mark.parametrize(
    ("email", "methods", "expected"),
    [
        ("sam@example.org", [], True),
        ("sam@example.org", ["email", "phone"], True),
        ("sam@example.org", ["text"], False),
        ("", [], False),
        ("", ["email"], False),
    ],
)
def test_prefers_email_only_with_an_address_and_no_other_choice(email, methods, expected):
    assert prefers_email(Person(name="Sam", email=email, contact_methods=methods)) is expected


def test_how_to_reach_names_every_way_there_is():
    person = Person(name="Sam Jones", email="sam@example.org", phone="01632 960000")
    assert how_to_reach(person) == "Sam Jones: email sam@example.org or phone 01632 960000"
    assert how_to_reach(Person(name="Sam Jones")) == "Sam Jones"
