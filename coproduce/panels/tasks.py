"""Background tasks: thin wrappers that load by id and call the domain."""

from django.tasks import task

from coproduce.panels.models import AccessNeed, ApplicationStatusChange, MeetingMessage


@task()
def send_status_email_task(change_id: int) -> None:
    from coproduce.panels import domain  # inline: the domain enqueues these tasks

    change = ApplicationStatusChange.objects.select_related(
        "application__panel__organisation", "application__panel__named_contact"
    ).get(pk=change_id)
    domain.send_status_email(change)


@task()
def send_meeting_message_task(message_id: int) -> None:
    from coproduce.panels.domain import messages  # inline: the domain enqueues these tasks

    message = MeetingMessage.objects.select_related(
        "person", "meeting__panel__named_contact", "meeting__organisation"
    ).get(pk=message_id)
    messages.send_meeting_message(message)


@task()
def send_access_need_notice_task(need_id: int) -> None:
    from coproduce.panels.domain import access_notices  # inline: the domain enqueues these tasks

    need = AccessNeed.objects.get(pk=need_id)
    access_notices.send_access_need_notice(need)


@task()
def apply_panel_retention_task() -> dict[str, int]:
    """Delete equality records and abandoned drafts whose time is up (`panels.domain.retention`)."""
    from coproduce.panels.domain import retention  # inline: the domain enqueues these tasks

    return retention.apply_retention().as_dict()
