"""The only way in and out of a person's access needs (special category data).

A person tells us once what helps them take part; every panel, meeting and workshop reads
the same record (`panels.domain.access` for a panel, with its own checks and log lines).

Every read of the detail writes a ".viewed" entry to the audit log: who looked, at whose
needs, and how many; never what they are. Writes log the record's number only. Nothing here
sends a message or a live event: apps that must tell someone (a panel's named contact)
register a listener, which is told only the record, and says only that something changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from coproduce.core.audit import log_action
from coproduce.people.models import NEED_OPTIONS, AccessNeed, Person, Route

if TYPE_CHECKING:  # for types only: accounts builds on people, not the other way round
    from coproduce.accounts.models import User

VIEWED = "people.access_needs.viewed"

_changed_listeners: list[Callable[[AccessNeed], None]] = []


def register_need_changed(listener: Callable[[AccessNeed], None]) -> None:
    """Let an app (panels) hear when a person adds or changes a need themself. Called from the
    app's `ready()`, so people never imports it. The listener must send nothing about what
    the need is."""
    if listener not in _changed_listeners:
        _changed_listeners.append(listener)


def current_needs_of(person_ids: Any) -> models.QuerySet[AccessNeed]:
    """The current needs of these people, unread and unlogged: for the domain functions that
    read them (here and in `panels.domain.access`), which log each look. Not for views."""
    return AccessNeed.objects.filter(person_id__in=person_ids, ended_on__isnull=True)


def people_with_needs(person_ids: Any) -> set[int]:
    """Which of these people have a current need: the flag, and nothing more (not logged)."""
    return set(current_needs_of(person_ids).values_list("person_id", flat=True).distinct())


def log_needs_viewed(
    target: models.Model, *, actor: User, count: int, action: str = VIEWED, **data: Any
) -> None:
    """Log one look at needs: on what (a person, a panel, a meeting, a workshop), whose (a
    person's number in `data`) and how many; never what they are."""
    log_action(target, action, actor=actor, data={**data, "count": count})


def read_my_access_needs(person: Person, *, actor: User) -> list[AccessNeed]:
    """A person's own current needs, for their own page, or for staff recording them on the
    person's behalf. Call only for the person themself, or after the caller checked who may.

    Side effects: logs "people.access_needs.viewed" on the person (how many).
    """
    needs = list(current_needs_of([person.pk]))
    log_needs_viewed(person, actor=actor, count=len(needs))
    return needs


def read_my_access_need(person: Person, need_pk: int, *, actor: User) -> AccessNeed | None:
    """One of a person's own current needs, to change or end; None when it is not theirs.

    Side effects: logs "people.access_needs.viewed" on the person, when found.
    """
    need = current_needs_of([person.pk]).filter(pk=need_pk).first()
    if need is not None:
        log_needs_viewed(person, actor=actor, count=1)
    return need


def _clean_options(kind: str, options: list[str]) -> list[str]:
    allowed = {value for value, _label in NEED_OPTIONS.get(kind, [])}
    return [option for option in options if option in allowed]


def _tell_listeners(need: AccessNeed) -> None:
    for listener in _changed_listeners:
        listener(need)


def record_access_need(
    person: Person,
    *,
    actor: User,
    kind: str,
    options: list[str],
    detail: str,
    identified_on: datetime.date,
    identified_how: str,
    share_with_facilitators: bool,
    consent_via: str,
    by_person: bool = False,
) -> AccessNeed:
    """Record a need a person told us about (AIS identify and record), with their agreement
    that we keep it, given now: `consent_via` online (the person themself) or to staff by
    phone, on paper or in conversation (on their behalf).

    `by_person`: they added it themself, so the registered listeners are told (a panel's named
    contact and deputy get an email that says only that something changed).
    Side effects: saves an AccessNeed; logs "people.access_need.recorded" (its number, the
    person's number and the consent route only); with `by_person`, calls the listeners.
    """
    if consent_via not in Route.values:
        raise ValueError(f"unknown consent route {consent_via!r}")
    need = AccessNeed.objects.create(
        organisation=person.organisation,
        person=person,
        kind=kind,
        options=_clean_options(kind, options),
        detail=detail.strip(),
        identified_on=identified_on,
        identified_how=identified_how,
        share_with_facilitators=share_with_facilitators,
        consent_given_at=timezone.now(),
        consent_via=consent_via,
        recorded_by=actor,
    )
    log_action(
        need,
        "people.access_need.recorded",
        actor=actor,
        data={"person": person.pk, "consent_via": consent_via},
    )
    if by_person:
        _tell_listeners(need)
    return need


def update_access_need(
    need: AccessNeed, *, actor: User, by_person: bool = False, **fields: Any
) -> AccessNeed:
    """Change a need, or end it (`ended=True`) when they no longer need it.

    Side effects: saves the AccessNeed (ending it also ends every panel's adjustments for it);
    logs "people.access_need.updated" or "people.access_need.ended" (its number only); with
    `by_person`, calls the listeners, as `record_access_need` does.
    """
    ended = fields.pop("ended", False)
    if "options" in fields:
        fields["options"] = _clean_options(fields.get("kind", need.kind), fields["options"])
    if "detail" in fields:
        fields["detail"] = fields["detail"].strip()
    for name, value in fields.items():
        setattr(need, name, value)
    with transaction.atomic():
        if ended:
            need.ended_on = timezone.localdate()
            # The reverse key from panels' Adjustment: people never imports panels.
            need.adjustments.filter(ended_on__isnull=True).update(ended_on=need.ended_on)
        need.save()
        action = "people.access_need.ended" if ended else "people.access_need.updated"
        log_action(need, action, actor=actor, data={"person": need.person_id})
        if by_person:
            _tell_listeners(need)
    return need
