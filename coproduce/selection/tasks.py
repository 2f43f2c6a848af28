"""Background tasks: thin wrappers that load by id and call the domain."""

from django.tasks import task

from coproduce.selection.models import SelectionRun


@task()
def run_selection_task(run_id: int) -> None:
    from coproduce.selection import domain  # the domain enqueues this task (see architecture.md)

    domain.run_selection(SelectionRun.objects.select_related("panel").get(pk=run_id))
