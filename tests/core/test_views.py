import pytest

from coproduce.core.models import AuditEntry, Membership, Organisation, Role
from coproduce.people.models import Person
from tests.markup import flat


def test_display_preferences_are_remembered(client, db):
    response = client.post(
        "/display/", {"text": "large", "contrast": "high", "next": "/accessibility/"}
    )
    assert response["Location"] == "/accessibility/"
    page = client.get("/accessibility/").content.decode()
    assert '<html lang="en-gb" class="text-large contrast-high">' in flat(page)


def test_text_size_link_keeps_one_next_however_often_it_is_followed(client, db):
    import re

    def link_on(url: str) -> str:
        page = client.get(url).content.decode()
        return re.search(r'<a href="([^"]*)">Text size and colours</a>', page).group(1)

    first = link_on("/accessibility/?a=1")
    assert first == "/display/?next=/accessibility/%3Fa%3D1"
    assert link_on(first) == first
    assert link_on(link_on(first)) == first
    assert link_on("/display/?next=https://evil.example/") == "/display/"


def test_display_ignores_next_to_other_sites(client, db):
    response = client.post(
        "/display/", {"text": "large", "contrast": "standard", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/display/"


@pytest.mark.parametrize("next_url", ["Ab Ab", "dashboard", "x" * 5000])
def test_display_ignores_next_that_is_not_a_path(client, db, next_url):
    response = client.post("/display/", {"text": "large", "contrast": "standard", "next": next_url})
    assert response["Location"] == "/display/"


def test_display_ignores_a_tampered_cookie(client, db):
    client.cookies["display"] = "huge.neon"
    assert '<html lang="en-gb" class="">' in flat(client.get("/accessibility/").content.decode())


def test_create_organisation_makes_creator_admin_with_a_person(client_as, db):
    from tests.factories import UserFactory

    user = UserFactory(email="lead@example.org", name="Lee")
    response = client_as(user).post(
        "/organisations/new/", {"name": "Riverside Council", "kind": "council"}
    )
    organisation = Organisation.objects.get(name="Riverside Council")
    assert organisation.slug == "riverside-council"
    assert response["Location"] == "/o/riverside-council/"
    assert Membership.objects.get(user=user).role == Role.ADMIN
    assert Person.objects.get(organisation=organisation).user == user
    assert AuditEntry.objects.get(organisation=organisation).action == "core.organisation.created"


def test_create_organisation_gives_a_unique_slug(client_as, org):
    from tests.factories import UserFactory

    client_as(UserFactory()).post("/organisations/new/", {"name": "Riverside", "kind": "council"})
    assert Organisation.objects.filter(slug="riverside-2").exists()


def test_not_found_page_is_friendly(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We cannot find that page" in response.content.decode()


def test_forbidden_page_is_friendly(client_as, bob):
    response = client_as(bob).get("/o/riverside/people/")
    assert response.status_code == 403
    assert "Your role does not let you open this page." in response.content.decode()


def test_csrf_failure_page_is_friendly(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/display/", {"text": "large", "contrast": "standard"})
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()


def test_a_request_over_the_size_limit_is_refused_in_plain_words(client_as, alice, settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    response = client_as(alice).post("/o/riverside/people/new/", {"name": "x" * 2_000_000})
    assert response.status_code == 400
    assert "Go back, make what you wrote shorter" in response.content.decode()
    assert not Person.objects.filter(name__startswith="xxx").exists()


def test_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    assert "Sorry, something went wrong" in render_to_string("500.html")


def test_audit_log_pages_newest_first(client_as, dana, org):
    from coproduce.core.audit import log_action

    for n in range(60):
        log_action(org, f"test.event.{n}", actor=dana)
    page = client_as(dana).get("/o/riverside/audit/").content.decode()
    assert "test.event.59" in page
    assert "test.event.5<" not in page  # the oldest are on page 2
    assert "Page 1 of 2" in page


def test_pages_send_a_strict_content_security_policy(client, db):
    csp = client.get("/accessibility/")["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "style-src 'self';" in csp
    assert "unsafe-inline" not in csp
