from __future__ import annotations

from django.tasks import task


@task()
def deliver_message_task(message_id: int) -> bool:
    """Send one saved message (see people.messages.deliver)."""
    from coproduce.people import messages  # inline: messages enqueues this task

    return messages.deliver(message_id)
