"""Background tasks: thin wrappers that load by id and call the domain."""

from django.tasks import task

from coproduce.panels.models import ApplicationStatusChange


@task()
def send_status_email_task(change_id: int) -> None:
    from coproduce.panels import domain  # the domain enqueues this task (see architecture.md)

    change = ApplicationStatusChange.objects.select_related(
        "application__panel__organisation", "application__panel__named_contact"
    ).get(pk=change_id)
    domain.send_status_email(change)
