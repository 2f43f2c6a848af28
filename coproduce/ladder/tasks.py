"""Background tasks: thin wrappers that load by id and call the domain."""

from django.tasks import task

from coproduce.ladder.models import LinkMessage


@task()
def send_link_message_task(message_id: int) -> None:
    from coproduce.ladder import delivery  # delivery enqueues this task (see architecture.md)

    message = LinkMessage.objects.select_related(
        "response__person",
        "response__round__initiative__lead",
        "response__round__opened_by",
        "response__round__organisation",
    ).get(pk=message_id)
    delivery.send_link_message(message)
