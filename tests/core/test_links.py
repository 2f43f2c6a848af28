"""Links people copy, print or scan use the address the page was served at, unless SITE_URL
is set (behind a proxy); without a request (emails from tasks) they use SITE_URL."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from coproduce.core.links import absolute_url
from tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db


def test_link_uses_the_address_the_request_came_to(settings):
    settings.SITE_URL_FIXED = False
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8080")
    assert absolute_url("/join/", request) == "http://127.0.0.1:8080/join/"


def test_site_url_overrides_the_request_when_set(settings):
    settings.SITE_URL_FIXED = True
    settings.SITE_URL = "https://coproduce.example.org"
    settings.ALLOWED_HOSTS = ["internal"]
    request = RequestFactory().get("/", HTTP_HOST="internal:8000")
    assert absolute_url("/join/", request) == "https://coproduce.example.org/join/"


def test_without_a_request_links_use_site_url(settings):
    settings.SITE_URL_FIXED = False
    settings.SITE_URL = "https://coproduce.example.org"
    assert absolute_url("/join/") == "https://coproduce.example.org/join/"


def test_workshop_join_link_on_the_room_screen_follows_the_request(
    client_as, alice, initiative, settings
):
    workshop = WorkshopFactory(initiative=initiative)
    path = reverse("workshop_join", kwargs={"code": workshop.join_code})
    screen = reverse(
        "workshop_screen",
        kwargs={"org": workshop.organisation.slug, "pk": initiative.pk, "workshop_pk": workshop.pk},
    )
    client = client_as(alice)
    settings.SITE_URL_FIXED = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    page = client.get(screen).content.decode()
    assert f"testserver{path}" in page
    assert "127.0.0.1:8000" not in page
    settings.SITE_URL_FIXED = True
    settings.SITE_URL = "https://coproduce.example.org"
    page = client.get(screen).content.decode()
    assert f"coproduce.example.org{path}" in page
    assert "testserver" not in page
