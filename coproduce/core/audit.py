"""The audit log. Domain functions call `log_action`; views never write entries themselves."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from coproduce.core.models import AuditEntry, Organisation


def log_action(
    target: models.Model | None,
    action: str,
    *,
    actor: Any = None,
    organisation: Organisation | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` (a dotted name, e.g. "initiatives.person.added").

    `organisation` defaults to the target's own. Keep `data` small and free of special
    category data (health, access needs, equality answers): the log is read by admins.
    Side effects: saves one AuditEntry.
    """
    if organisation is None and target is not None:
        organisation = getattr(target, "organisation", None)
        if organisation is None and isinstance(target, Organisation):
            organisation = target
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        data=data or {},
    )


def entries_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    """The audit entries about one record, newest first."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
