"""Adding an activity: the kind first, then a form with only that kind's own boxes."""

from __future__ import annotations

import re

import pytest

from coproduce.workshops.forms import KIND_FIELDS, ActivityForm
from coproduce.workshops.models import Activity
from tests.factories import ActivityFactory
from tests.workshops.test_views import staff_url

pytestmark = pytest.mark.django_db

ALL_KIND_FIELDS = {name for names in KIND_FIELDS.values() for name in names}


def field_names(html: str) -> set[str]:
    """The names of the boxes a person fills in (not the page's hidden token)."""
    names = set(re.findall(r'<(?:input|textarea|select)[^>]*\sname="(\w+)"', html))
    return names & ALL_KIND_FIELDS


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("plain", {"title", "instruction", "easy_read_instruction", "planned_minutes"}),
        (
            "warm_up",
            {"warm_up", "title", "instruction", "easy_read_instruction", "planned_minutes"},
        ),
        (
            "one_two_four",
            {
                "title",
                "question",
                "instruction",
                "easy_read_instruction",
                "alone_minutes",
                "pairs_minutes",
                "fours_minutes",
                "all_minutes",
            },
        ),
        (
            "storyboard",
            {"title", "instruction", "easy_read_instruction", "planned_minutes", "group_size"},
        ),
        (
            "dotmocracy",
            {
                "title",
                "instruction",
                "easy_read_instruction",
                "planned_minutes",
                "mode",
                "dots_per_person",
                "max_dots_per_idea",
                "hide_tallies",
            },
        ),
    ],
)
def test_each_kind_shows_only_its_own_fields(client_as, alice, workshop, kind, expected):
    page = client_as(alice).get(staff_url("activity_create", workshop) + f"?kind={kind}")
    html = page.content.decode()
    assert field_names(html) == expected
    assert f'action="?kind={kind}"' in html
    assert "What it is for:" in html  # the method's card


def test_without_a_kind_the_page_asks_for_one_first(client_as, alice, workshop):
    html = client_as(alice).get(staff_url("activity_create", workshop)).content.decode()
    assert field_names(html) == set()
    assert html.count('name="kind"') == len(Activity.Kind.choices)
    assert 'method="get"' in html
    assert "There is a problem" not in html


def test_a_kind_that_does_not_exist_asks_again_and_says_so(client_as, alice, workshop):
    url = staff_url("activity_create", workshop) + "?kind=juggling"
    html = client_as(alice).get(url).content.decode()
    assert "Choose one of the kinds of activity." in html
    assert field_names(html) == set()


def test_a_post_without_a_kind_saves_nothing(client_as, alice, workshop):
    client_as(alice).post(staff_url("activity_create", workshop), {"title": "Welcome"})
    assert Activity.objects.count() == 0


def test_a_bad_one_two_four_keeps_what_was_typed(client_as, alice, workshop):
    url = staff_url("activity_create", workshop) + "?kind=one_two_four"
    response = client_as(alice).post(
        url,
        {
            "title": "Ideas for the garden",
            "question": "",
            "alone_minutes": "1",
            "pairs_minutes": "99",
            "fours_minutes": "4",
            "all_minutes": "5",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Write the question people will think about." in html
    assert 'value="Ideas for the garden"' in html
    assert 'name="pairs_minutes" value="99"' in html
    assert Activity.objects.count() == 0


def test_one_two_four_takes_the_sum_of_its_steps_as_its_time(client_as, alice, workshop):
    url = staff_url("activity_create", workshop) + "?kind=one_two_four"
    client_as(alice).post(
        url,
        {
            "title": "Ideas",
            "question": "What next?",
            "alone_minutes": "2",
            "pairs_minutes": "3",
            "fours_minutes": "5",
            "all_minutes": "10",
        },
    )
    activity = Activity.objects.get()
    assert (activity.kind, activity.planned_minutes, activity.question) == (
        "one_two_four",
        20,
        "What next?",
    )


def test_a_warm_up_post_cannot_set_dots(client_as, alice, workshop):
    url = staff_url("activity_create", workshop) + "?kind=warm_up"
    client_as(alice).post(
        url,
        {"warm_up": "good_thing", "planned_minutes": "", "dots_per_person": "40"},
    )
    activity = Activity.objects.get()
    assert (activity.kind, activity.title, activity.planned_minutes, activity.dots_per_person) == (
        "warm_up",
        "One good thing",
        5,
        None,
    )


def test_a_plain_item_needs_its_minutes(client_as, alice, workshop):
    url = staff_url("activity_create", workshop) + "?kind=plain"
    html = client_as(alice).post(url, {"title": "Break"}).content.decode()
    assert "Say how many minutes it takes." in html
    assert 'value="Break"' in html
    assert Activity.objects.count() == 0


def test_editing_keeps_the_kind_and_shows_only_its_fields(client_as, alice, workshop):
    activity = ActivityFactory(
        workshop=workshop, kind=Activity.Kind.STORYBOARD, title="Journeys", group_size=3
    )
    client = client_as(alice)
    url = staff_url("activity_edit", workshop, activity_pk=activity.pk)
    html = client.get(url).content.decode()
    assert field_names(html) == set(KIND_FIELDS["storyboard"])
    client.post(
        url,
        {
            "title": "Journeys home",
            "instruction": "",
            "easy_read_instruction": "",
            "planned_minutes": "40",
            "group_size": "4",
            "kind": "dotmocracy",  # not a field here: ignored
        },
    )
    activity.refresh_from_db()
    assert (activity.kind, activity.title, activity.group_size, activity.planned_minutes) == (
        "storyboard",
        "Journeys home",
        4,
        40,
    )


def test_the_form_puts_the_kind_in_what_it_gives_the_domain():
    form = ActivityForm({"title": "Break", "planned_minutes": "15"}, kind="plain")
    assert form.is_valid(), form.errors
    assert form.activity_fields() == {
        "title": "Break",
        "instruction": "",
        "easy_read_instruction": "",
        "planned_minutes": 15,
        "kind": "plain",
    }
