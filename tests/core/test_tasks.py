"""Background work through the real database backend and its worker command."""

import pytest
from django.core import mail
from django.core.management import call_command

from coproduce.accounts.tasks import send_invitation_email_task
from tests.factories import InvitationFactory


@pytest.mark.django_db(transaction=True)
def test_database_backend_worker_sends_invitation_email(settings, org):
    # Changing TASKS makes Django rebuild its task backends (django.tasks.signals).
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    invitation = InvitationFactory(organisation=org, email="sam@example.org")
    result = send_invitation_email_task.enqueue(invitation_id=invitation.pk)
    assert mail.outbox == []  # stored, not yet run
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0)
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
