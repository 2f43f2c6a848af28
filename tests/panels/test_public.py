"""The public role description and the application form: no login, saved as you go."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from coproduce.panels import domain
from coproduce.panels.models import Application, ApplicationStatusChange, Status
from tests.factories import ApplicationFactory
from tests.markup import flat


def test_public_page_needs_no_login_and_shows_the_role_description(client, panel):
    response = client.get("/panels/riverside/day-services/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Day Services Panel</h1>" in html
    assert "<h2>About the panel</h2>" in html
    assert 'href="/panels/riverside/day-services/apply/"' in html
    assert "contact@example.org" not in html  # the factory contact was replaced by alice
    assert "alice@example.org" in html  # the named contact and how to reach them


def test_public_page_switches_to_easy_read_and_remembers(client, panel):
    html = client.get("/panels/riverside/day-services/?version=easy-read").content.decode()
    assert "<h1>Join Day Services Panel</h1>" in html
    assert "<h2>What is this?</h2>" in html
    assert "Show the standard version" in html
    assert (
        "Join Day Services Panel" in client.get("/panels/riverside/day-services/").content.decode()
    )
    client.get("/panels/riverside/day-services/?version=standard")
    assert (
        "<h1>Day Services Panel</h1>"
        in client.get("/panels/riverside/day-services/").content.decode()
    )


def test_public_page_is_404_until_published(client, panel):
    panel.published_at = None
    panel.save()
    assert client.get("/panels/riverside/day-services/").status_code == 404
    assert client.get("/panels/riverside/day-services/apply/").status_code == 404


def test_public_page_escapes_role_text(client, panel):
    panel.role_standard = "## <script>x</script>\n- <b>bold</b>"
    panel.save()
    html = client.get("/panels/riverside/day-services/").content.decode()
    assert "<h2>&lt;script&gt;x&lt;/script&gt;</h2>" in html
    assert "<li>&lt;b&gt;bold&lt;/b&gt;</li>" in html


def start(client) -> Application:
    response = client.post("/panels/riverside/day-services/apply/")
    application = Application.objects.filter(status=Status.DRAFT).latest("id")
    assert response.status_code == 302
    assert response["Location"] == f"/apply/{application.token}/"
    return application


def test_apply_start_makes_a_draft_and_remembers_it_on_this_device(client, panel):
    application = start(client)
    assert application.status == Status.DRAFT
    assert application.route == "online"
    html = client.get("/panels/riverside/day-services/apply/").content.decode()
    assert f'href="/apply/{application.token}/"' in html
    assert "Carry on with your application" in html


def test_apply_get_makes_nothing(client, panel):
    client.get("/panels/riverside/day-services/apply/")
    assert Application.objects.count() == 0


def test_autosave_by_htmx_keeps_half_finished_answers(client, panel):
    application = start(client)
    response = client.post(
        f"/apply/{application.token}/",
        {"action": "autosave", "name": "Sam Lee", "email": "not-an-email", "why_join": "Be"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    # Only the words: they go into the status region that stays on the page, so they are read.
    assert re.fullmatch(r"Your answers are saved \(\d\d:\d\d\)\.", response.content.decode())
    application.refresh_from_db()
    assert (application.name, application.email, application.why_join) == (
        "Sam Lee",
        "not-an-email",
        "Be",
    )
    assert application.status == Status.DRAFT


def test_the_form_keeps_one_status_region_for_autosave(client, panel):
    application = start(client)
    html = flat(client.get(f"/apply/{application.token}/").content.decode())
    assert 'hx-target="#autosave-status" hx-swap="innerHTML"' in html
    assert '<p id="autosave-status" class="autosave-status" role="status"></p>' in html


def labels(html: str) -> dict[str, str]:
    """Each field's label (or legend) text, by the field's name."""
    found = {}
    for name, text in re.findall(r'<label for="id_(\w+)">(.*?)</label>', html, re.S):
        found[name] = re.sub(r"<[^>]+>", "", text).strip()
    for text in re.findall(r"<legend>(.*?)</legend>", html, re.S):
        found["legend:" + re.sub(r"<[^>]+>", "", text).strip()] = ""
    return found


@pytest.mark.parametrize("version", ["standard", "easy-read"])
def test_only_optional_answers_say_optional_from_the_first_view(client, panel, version):
    application = start(client)
    html = client.get(f"/apply/{application.token}/?version={version}").content.decode()
    said = labels(html)
    needed = {"name", "why_join"}
    # Email, phone and address are needed for the way of contact chosen: their hints say
    # so, and they are not labelled "(optional)".
    assert {name for name, text in said.items() if text.endswith("(optional)")} == {
        "area",
        "experience",
        "attachment",
    }
    assert {"email", "phone", "address"} | needed <= said.keys()
    assert not any(said[name].endswith("(optional)") for name in needed)
    legends = [name for name in said if name.startswith("legend:")]
    assert not legends[0].endswith("(optional)")  # how we should contact you
    assert legends[1].endswith("(optional)")  # how they heard about the panel


def test_saving_a_draft_needs_nothing_filled_in(client, panel):
    application = start(client)
    response = client.post(f"/apply/{application.token}/", {"action": "save"})
    assert response.status_code == 302
    response = client.post(
        f"/apply/{application.token}/", {"action": "autosave"}, headers={"HX-Request": "true"}
    )
    assert "There is a problem" not in response.content.decode()


def test_a_failed_send_says_error_first_in_the_page_title(client, panel):
    application = start(client)
    html = flat(client.get(f"/apply/{application.token}/").content.decode())
    assert "<title>Your application \N{EN DASH} Coproduce</title>" in html
    response = client.post(f"/apply/{application.token}/", {"action": "submit"})
    html = flat(response.content.decode())
    assert "<title>Error: Your application \N{EN DASH} Coproduce</title>" in html


def test_save_and_finish_later_works_without_javascript(client, panel):
    application = start(client)
    response = client.post(
        f"/apply/{application.token}/", {"action": "save", "name": "Sam Lee", "why_join": "To help"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/apply/{application.token}/saved/"
    page = client.get(response["Location"]).content.decode()
    assert f"http://testserver/apply/{application.token}/" in page  # the address asked for
    form = client.get(f"/apply/{application.token}/").content.decode()
    assert 'value="Sam Lee"' in form
    assert "To help</textarea>" in form


def test_submit_half_finished_shows_errors_and_loses_nothing(client, panel):
    application = start(client)
    response = client.post(
        f"/apply/{application.token}/",
        {
            "action": "submit",
            "name": "",
            "contact_channel": "email",
            "email": "",
            "experience": "I use day services three days a week.",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter your name." in html
    assert "Enter your email address, or choose another way." in html
    assert "Tell us why you want to join. A few words is fine." in html
    assert "I use day services three days a week.</textarea>" in html
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.experience == "I use day services three days a week."


def valid_answers(**extra):
    return {
        "action": "submit",
        "name": "Sam Lee",
        "contact_channel": "email",
        "email": "Sam@Example.org",
        "why_join": "I want day services to listen.",
        **extra,
    }


def test_submit_sends_the_application_and_moves_to_equality_questions(
    client, panel, mailoutbox, django_capture_on_commit_callbacks
):
    application = start(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/apply/{application.token}/", valid_answers())
    assert response.status_code == 302
    assert response["Location"] == f"/apply/{application.token}/equality/"
    application.refresh_from_db()
    assert application.status == Status.RECEIVED
    assert application.email == "sam@example.org"
    assert application.submitted_at is not None
    change = ApplicationStatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.delivery) == (
        "draft",
        "received",
        "message",
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sam@example.org"]
    # The applicant's private link, to come back to their application.
    assert f"{settings.SITE_URL}/apply/{application.token}/done/" in mailoutbox[0].body
    # Sent: the form link now goes to "thank you", never back to an editable form.
    assert client.get(f"/apply/{application.token}/")["Location"] == (
        f"/apply/{application.token}/done/"
    )


def test_how_they_heard_about_the_panel_is_kept(client, panel):
    application = start(client)
    client.post(f"/apply/{application.token}/", valid_answers(heard_from="group"))
    application.refresh_from_db()
    assert application.get_heard_from_display() == "A group or charity I go to"


def test_duplicate_application_from_the_same_email_gets_a_kind_message(client, panel):
    ApplicationFactory(panel=panel, email="sam@example.org")
    application = start(client)
    response = client.post(f"/apply/{application.token}/", valid_answers(email="SAM@example.org"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "We already have an application from this email address for Day Services Panel" in html
    assert "you do not need to apply again" in html
    assert 'value="Sam Lee"' in html
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.why_join == "I want day services to listen."


def test_attachment_of_the_wrong_type_is_refused_and_nothing_typed_is_lost(client, panel):
    application = start(client)
    upload = SimpleUploadedFile("run.exe", b"MZ\x90\x00", "application/octet-stream")
    response = client.post(f"/apply/{application.token}/", valid_answers(attachment=upload))
    assert response.status_code == 200
    html = response.content.decode()
    assert "We cannot take this kind of file." in html
    assert "I want day services to listen.</textarea>" in html
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert not application.attachment
    assert application.why_join == "I want day services to listen."


def test_attachment_pretending_to_be_a_pdf_is_refused(client, panel):
    application = start(client)
    upload = SimpleUploadedFile("letter.pdf", b"<html>not a pdf", "application/pdf")
    response = client.post(f"/apply/{application.token}/", valid_answers(attachment=upload))
    assert "We cannot take this kind of file." in response.content.decode()


def test_attachment_too_large_is_refused_with_the_limit(client, panel, settings):
    settings.PANELS_ATTACHMENT_MAX_MB = 1
    application = start(client)
    upload = SimpleUploadedFile("letter.pdf", b"%PDF" + b"0" * (1024 * 1024), "application/pdf")
    response = client.post(
        f"/apply/{application.token}/", {**valid_answers(attachment=upload), "action": "save"}
    )
    assert response.status_code == 200
    assert "The file is too big. It must be smaller than 1 MB." in response.content.decode()
    application.refresh_from_db()
    assert application.name == "Sam Lee"
    assert not application.attachment


def test_good_attachment_is_kept_with_the_application(client, panel):
    application = start(client)
    upload = SimpleUploadedFile("my letter.pdf", b"%PDF-1.4 ...", "application/pdf")
    client.post(f"/apply/{application.token}/", valid_answers(attachment=upload))
    application.refresh_from_db()
    assert application.status == Status.RECEIVED
    assert application.attachment_name == "my letter.pdf"
    assert application.attachment.read() == b"%PDF-1.4 ..."


@pytest.mark.parametrize(
    ("channel", "missing", "message"),
    [
        ("phone", "phone", "Enter your phone number, or choose another way."),
        ("text", "phone", "Enter your phone number, or choose another way."),
        ("post", "address", "Enter your address, or choose another way."),
    ],
)
def test_submit_needs_the_detail_for_the_chosen_channel(client, panel, channel, missing, message):
    application = start(client)
    response = client.post(
        f"/apply/{application.token}/", valid_answers(contact_channel=channel, email="")
    )
    assert message in response.content.decode()
    assert f'href="#id_{missing}"' in response.content.decode()


def test_easy_read_application_form_uses_easy_read_words(client, panel):
    application = start(client)
    html = client.get(f"/apply/{application.token}/?version=easy-read").content.decode()
    assert "What is your name?" in html
    assert "Why do you want to join?" in html
    assert 'class="easy-read"' in html


def test_unknown_token_is_404(client, panel):
    assert client.get("/apply/not-a-token/").status_code == 404


def test_submit_application_race_becomes_a_duplicate(panel):
    first = ApplicationFactory(panel=panel, email="sam@example.org", status="draft")
    second = ApplicationFactory(panel=panel, email="sam@example.org", status="draft")
    domain.submit_application(first)
    with pytest.raises(domain.DuplicateApplication):
        domain.submit_application(second)
    second.refresh_from_db()
    assert second.status == Status.DRAFT


def test_a_late_autosave_never_turns_a_sent_application_back_into_a_draft(client, panel):
    """The autosave of a field left just as "Send" is pressed can arrive after the sending.
    It read the application while it was still a draft (`stale` here)."""
    application = start(client)
    stale = Application.objects.get(pk=application.pk)
    assert client.post(f"/apply/{application.token}/", valid_answers()).status_code == 302
    with pytest.raises(ValidationError, match="already been sent"):
        domain.save_application_draft(stale, name="Changed", why_join="Late words")
    application.refresh_from_db()
    assert (application.status, application.name) == (Status.RECEIVED, "Sam Lee")
    assert application.submitted_at is not None
    # Sending twice (a double click, a second tab) makes one status change, not two.
    assert domain.submit_application(stale).status == Status.RECEIVED
    assert ApplicationStatusChange.objects.filter(application=application).count() == 1


def test_a_very_long_answer_is_refused_beside_the_field_and_not_stored_whole(client, panel):
    application = start(client)
    huge = "word " * 20_000  # 100,000 letters: under the request limit, over the answer's
    response = client.post(
        f"/apply/{application.token}/",
        {
            "action": "submit",
            "name": "Sam",
            "contact_channel": "post",
            "address": "1 Mill Lane",
            "why_join": huge,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "This answer is too long: it has 99999 letters and spaces. Make it shorter than 5000."
        in html
    )
    application.refresh_from_db()
    assert (application.status, len(application.why_join)) == (Status.DRAFT, 5000)


def test_starting_application_after_application_asks_that_browser_to_wait(client, panel):
    from django.test import Client

    from coproduce.core.limits import ANONYMOUS_WRITES

    for _ in range(ANONYMOUS_WRITES.per_client):
        start(client)
    response = client.post("/panels/riverside/day-services/apply/")
    assert response.status_code == 429
    assert "You have sent a lot in a short time." in response.content.decode()
    assert Application.objects.count() == ANONYMOUS_WRITES.per_client
    start(Client())  # someone else on the same wifi can still apply
