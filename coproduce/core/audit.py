"""The audit log. Domain functions call `log_action`; views never write entries themselves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Q, Value, When

from coproduce.core.models import AuditEntry, Membership, Organisation

if TYPE_CHECKING:
    from coproduce.accounts.models import User


def log_action(
    target: models.Model | None,
    action: str,
    *,
    actor: User | AnonymousUser | None = None,
    organisation: Organisation | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` (a dotted name, e.g. "initiatives.person.added").

    An anonymous visitor (or no actor: the system) is saved as no actor.

    `organisation` defaults to the target's own. Keep `data` small and free of special
    category data (health, access needs, equality answers): the log is read by admins.
    Side effects: saves one AuditEntry.
    """
    if organisation is None and target is not None:
        organisation = getattr(target, "organisation", None)
        if organisation is None and isinstance(target, Organisation):
            organisation = target
    if isinstance(actor, AnonymousUser) or not getattr(actor, "is_authenticated", False):
        actor = None  # a visitor, or the system
    return AuditEntry.objects.create(
        organisation=organisation,
        actor=actor,
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


@dataclass(frozen=True)
class PrivateEntries:
    """Which audit entries one reader may not see: `hide` leaves them out of the log, `mask`
    shows only when something happened (no who, no what, no record). None means none."""

    hide: Q | None = None
    mask: Q | None = None


_private_entry_rules: list[Callable[[Membership], PrivateEntries]] = []


def register_private_entries(rule: Callable[[Membership], PrivateEntries]) -> None:
    """Let an app that keeps special category data (wellbeing) say, per reader, which of its
    audit entries the activity log must hide or mask. Called from the app's `ready()`, so core
    never imports the app."""
    if rule not in _private_entry_rules:
        _private_entry_rules.append(rule)


def entries_visible_to(membership: Membership) -> models.QuerySet[AuditEntry]:
    """The organisation's audit log as this member may read it, newest first: each entry
    annotated `masked` (show it only as "something private happened"), and the entries the
    registered rules hide left out. A few queries, whatever the length of the log."""
    entries = AuditEntry.objects.filter(organisation_id=membership.organisation_id)
    masked: Q | None = None
    for rule in _private_entry_rules:
        private = rule(membership)
        if private.hide is not None:
            entries = entries.exclude(private.hide)
        if private.mask is not None:
            masked = private.mask if masked is None else masked | private.mask
    if masked is None:
        return entries.annotate(masked=Value(False))
    return entries.annotate(masked=Case(When(masked, then=Value(True)), default=Value(False)))
