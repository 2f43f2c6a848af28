"""The organisation's Ladder overview, read by level (`?level=`)."""

import pytest
from django.urls import reverse

from coproduce.initiatives.models import Level
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def levels(org):
    InitiativeFactory(organisation=org, title="My own support plan", level=Level.INDIVIDUAL)
    InitiativeFactory(organisation=org, title="Day centre timetable", level=Level.SERVICE)
    InitiativeFactory(organisation=org, title="Carers strategy", level=Level.STRATEGIC)
    InitiativeFactory(organisation=org, title="Not sorted yet", level="")


def titles(client, org, **params) -> list[str]:
    body = client.get(reverse("ladder_overview", kwargs={"org": org.slug}), params)
    text = body.content.decode()
    names = ["My own support plan", "Day centre timetable", "Carers strategy", "Not sorted yet"]
    return [name for name in names if name in text]


def test_overview_shows_every_level_by_default(client_as, alice, org, levels):
    client = client_as(alice)
    assert len(titles(client, org)) == 4


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("individual", ["My own support plan"]),
        ("service", ["Day centre timetable"]),
        ("strategic", ["Carers strategy"]),
        ("not_said", ["Not sorted yet"]),
    ],
)
def test_overview_reads_one_level(client_as, alice, org, levels, level, expected):
    assert titles(client_as(alice), org, level=level) == expected


def test_overview_refuses_an_unknown_level_in_plain_words(client_as, alice, org, levels):
    client = client_as(alice)
    url = reverse("ladder_overview", kwargs={"org": org.slug})
    body = client.get(url, {"level": "everything\x00"}).content.decode()
    assert "Choose a level from the list." in body
    assert len(titles(client, org, level="²")) == 4


def test_overview_links_the_report_for_staff_only(client_as, alice, bob, org, levels):
    url = reverse("ladder_overview", kwargs={"org": org.slug})
    report = reverse("assurance_report", kwargs={"org": org.slug})
    assert report in client_as(alice).get(url).content.decode()
    assert report not in client_as(bob).get(url).content.decode()
