"""Status messages over a real SMTP conversation, with aiosmtpd as the server."""

from __future__ import annotations

from coproduce.panels import domain
from coproduce.panels.models import ApplicationStatusChange, Status
from tests.factories import ApplicationFactory


def test_status_email_is_delivered_over_smtp(
    panel,
    alice,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(panel=panel, name="Sam Lee", email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        change = domain.change_application_status(application, Status.OFFERED, actor=alice)
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "sam@example.org"
    assert message["Subject"] == "Your application to join Day Services Panel"
    body = message.get_payload(decode=True).decode().replace("\r\n", "\n")
    assert body.startswith("Hello Sam Lee,\n\nWe would like to offer you a place on Day Services")
    assert "If you have a question, contact Alice Okafor: email alice@example.org or phone" in body
    assert "http://127.0.0.1:8000/panels/riverside/day-services/" in body
    assert ApplicationStatusChange.objects.get(pk=change.pk).sent_message.status == "sent"


def test_online_application_confirmation_goes_over_smtp(
    client,
    panel,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    client.post("/panels/riverside/day-services/apply/")
    application = panel.applications.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/apply/{application.token}/",
            {
                "action": "submit",
                "name": "Kim",
                "contact_channel": "email",
                "email": "kim@example.org",
                "why_join": "To help.",
            },
        )
    [message] = smtp_server.messages
    assert message["To"] == "kim@example.org"
    assert (
        "Thank you for applying to join Day Services Panel."
        in message.get_payload(decode=True).decode()
    )
