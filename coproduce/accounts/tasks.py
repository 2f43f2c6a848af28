"""Background tasks: thin wrappers that load by id and call the domain."""

from django.tasks import task

from coproduce.accounts.models import Invitation


@task()
def send_invitation_email_task(invitation_id: int) -> None:
    from coproduce.accounts import domain  # inline: the domain enqueues these tasks

    invitation = Invitation.objects.select_related("organisation").get(pk=invitation_id)
    domain.send_invitation_email(invitation)
