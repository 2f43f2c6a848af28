"""Background tasks: thin wrappers that load by id and call the domain."""

from django.tasks import task

from coproduce.selection.models import SelectionRun


@task()
def run_selection_task(run_id: int) -> None:
    from coproduce.selection import domain  # inline: the domain enqueues these tasks

    domain.run_selection(SelectionRun.objects.select_related("panel").get(pk=run_id))
