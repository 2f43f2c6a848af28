"""Background tasks: thin wrappers that load by id and call the domain."""

from django.tasks import task

from coproduce.outcomes.models import Response


@task()
def send_review_reminder_task(response_id: int) -> None:
    from coproduce.outcomes import domain  # inline: the domain enqueues these tasks

    response = Response.objects.select_related("organisation", "owner__user", "contribution").get(
        pk=response_id
    )
    domain.send_review_reminder(response)
