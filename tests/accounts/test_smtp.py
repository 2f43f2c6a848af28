"""The invitation email over a real SMTP conversation, with aiosmtpd as the server."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler

from coproduce.accounts import domain
from coproduce.core.models import Role


class Inbox(MessageHandler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


def plain_text(message) -> str:
    """The text/plain part of a received message, with its line endings as written."""
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode().replace("\r\n", "\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()


def test_invitation_email_is_delivered_over_smtp(
    org, dana, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = domain.invite_to_organisation(
            org, email="sam@example.org", role=Role.MEMBER, invited_by=dana
        )
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "sam@example.org"
    assert message["Subject"] == "You are invited to join Riverside Council on Coproduce"
    assert f"http://127.0.0.1:8000/invitations/{invitation.token}/" in message.get_payload()
