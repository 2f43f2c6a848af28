"""Telling the named contact and deputy of each panel a member is on that the member added or
changed an access need (the member's own, read by every panel they are on).

The email says only that: no name, no panel, no kind of need, nothing the member wrote. An
inbox may be read by others, and a need is health data. The link (`/access-needs/`, with no
panel or person number in it) needs a login and lists the recent changes on the panels the
reader looks after; each person's needs page, which only the contact and deputy can open,
logs each look.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from coproduce.core.db import enqueue_after_commit
from coproduce.panels import tasks
from coproduce.panels.models import AccessNeed, Panel
from coproduce.panels.queries import contact_addresses


def notify_contacts_on_commit(need: AccessNeed) -> None:
    """After the change is committed, enqueue the email to the contacts and deputies.
    Registered with `people.access.register_need_changed` (people never imports panels).

    Side effects: registers one `send_access_need_notice_task` in `transaction.on_commit`, so a
    rolled-back change sends nothing.
    """
    enqueue_after_commit(tasks.send_access_need_notice_task, need_id=need.pk)


def send_access_need_notice(need: AccessNeed) -> int:
    """Email the named contact and deputy of each panel the member is on now that they added
    or changed an access need.

    Side effects: sends one email to each address, once even when it looks after two of their
    panels. Returns how many were sent.
    """
    # No panel or person number in the address: a mailbox and its links are not private.
    link = settings.SITE_URL + reverse("access_needs_changed")
    body = render_to_string(
        "panels/email/access_need.txt", {"link": link, "site_name": settings.SITE_NAME}
    )
    addresses: list[str] = []
    panels = Panel.objects.filter(
        members__person_id=need.person_id, members__ended_on__isnull=True
    ).select_related("named_contact__user", "deputy_contact__user")
    for panel in panels.distinct():
        for address in contact_addresses(panel):
            if address.lower() not in (a.lower() for a in addresses):
                addresses.append(address)
    sent = 0
    for address in addresses:
        sent += send_mail(
            subject=_("A member added or changed an access need"),
            message=body,
            from_email=None,
            recipient_list=[address],
        )
    return sent
