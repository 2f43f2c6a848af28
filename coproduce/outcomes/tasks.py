"""Background tasks: thin wrappers that load by id and call the domain."""

from django.tasks import task

from coproduce.outcomes.models import Response


@task()
def send_review_reminder_task(response_id: int) -> None:
    from coproduce.outcomes import domain  # the domain enqueues this task (architecture.md)

    response = Response.objects.select_related("organisation", "owner__user", "contribution").get(
        pk=response_id
    )
    domain.send_review_reminder(response)
