"""Background tasks: thin wrappers that load by id and call the domain."""

from django.tasks import task

from coproduce.wellbeing.models import CheckIn, Concern


@task()
def send_new_concern_email_task(concern_id: int) -> None:
    from coproduce.wellbeing import domain  # inline: the domain enqueues these tasks

    concern = Concern.objects.select_related(
        "organisation", "panel__named_contact__user", "panel__deputy_contact__user"
    ).get(pk=concern_id)
    domain.send_new_concern_email(concern)


@task()
def send_check_in_email_task(check_in_id: int) -> None:
    from coproduce.wellbeing import domain  # inline: the domain enqueues these tasks

    check_in = CheckIn.objects.select_related(
        "organisation", "panel__named_contact__user", "panel__deputy_contact__user"
    ).get(pk=check_in_id)
    domain.send_check_in_email(check_in)
