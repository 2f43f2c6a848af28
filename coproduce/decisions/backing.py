"""Leaders' backing of a panel or a piece of work: a named commitment, and whether it was kept.

The seed: a panel's work "must be supported and respected" by leaders. A backing says who
backs it, in what job, what they committed to and by when, and later whether they did it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.decisions.models import Backing
from coproduce.initiatives.models import Initiative
from coproduce.panels.models import Panel
from coproduce.people.models import Person

if TYPE_CHECKING:
    from coproduce.accounts.models import User


def record_backing(
    *,
    actor: User,
    sponsor: Person,
    sponsor_role: str,
    backed_on: datetime.date,
    commitment: str,
    due_on: datetime.date | None = None,
    panel: Panel | None = None,
    initiative: Initiative | None = None,
) -> Backing:
    """Record that `sponsor` backs `panel` or `initiative` (one of them) and what they
    committed to.

    Refuses (ValidationError) a due date before the date of the backing, and a sponsor from
    another organisation. Side effects: saves the Backing; logs "decisions.backing.recorded".
    """
    owner = panel or initiative
    if owner is None or (panel is not None and initiative is not None):
        raise ValueError("Back a panel or a piece of work, not both.")
    if sponsor.organisation_id != owner.organisation_id:
        raise ValidationError(_("Choose someone from this organisation."), code="org")
    if due_on is not None and due_on < backed_on:
        raise ValidationError(
            {"due_on": _("The date it is due must be on or after the date they backed it.")},
            code="due_before",
        )
    with transaction.atomic():
        backing = Backing.objects.create(
            organisation=owner.organisation,
            panel=panel,
            initiative=initiative,
            sponsor=sponsor,
            sponsor_role=sponsor_role,
            backed_on=backed_on,
            commitment=commitment,
            due_on=due_on,
            recorded_by=Person.objects.filter(
                organisation=owner.organisation, user_id=actor.pk
            ).first(),
        )
        log_action(backing, "decisions.backing.recorded", actor=actor)
    return backing


def record_backing_kept(
    backing: Backing, *, actor: User, kept: str, kept_note: str = ""
) -> Backing:
    """Say whether the sponsor did what they committed to (kept, not kept, or not due yet).

    Refuses (ValidationError) "not kept" without a note of what happened. Side effects:
    saves the Backing's `kept` and `kept_note`; logs "decisions.backing.kept_changed".
    """
    if kept not in Backing.Kept.values:
        raise ValidationError(_("Choose one of the answers."), code="bad_kept")
    if kept == Backing.Kept.NOT_KEPT and not kept_note.strip():
        raise ValidationError(
            {"kept_note": _("Say what happened, so the panel can follow it up.")},
            code="note_needed",
        )
    with transaction.atomic():
        backing.kept = kept
        backing.kept_note = kept_note
        backing.save(update_fields=["kept", "kept_note"])
        log_action(backing, "decisions.backing.kept_changed", actor=actor, data={"kept": kept})
    return backing
