"""Strengths and relationships: a member says what they bring and want to learn (with their
consent), and staff tick each new member's induction steps."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.panels.induction import FROM_RECORDS
from coproduce.panels.models import InductionStep, InductionTick, PanelMember, Strengths
from coproduce.people.models import Person

if TYPE_CHECKING:
    from coproduce.accounts.models import User

ANSWERS = ("skills", "experience", "interests", "to_learn")


def save_strengths(
    person: Person,
    *,
    actor: User,
    skills: str = "",
    experience: str = "",
    interests: str = "",
    to_learn: str = "",
    share: bool = False,
    how_told: str = "",
) -> Strengths:
    """Keep what someone brings and wants to learn, with their consent (saving is consenting).

    `actor` is the person themselves, or staff recording it for someone without a login (then
    `how_told` says how they told us). `share` is the separate consent to show it to the other
    members of their panels. Refuses (ValidationError) staff writing over the answers of
    someone who has a login: they change their own.
    Side effects: saves the Strengths (consent and sharing dated now); logs
    "panels.strengths.saved" or "panels.strengths.recorded" with which answers changed (never
    the answers).
    """
    on_behalf = person.user_id != actor.pk
    if on_behalf and person.user_id is not None:
        raise ValidationError(
            _("%(name)s can log in, so they change this on their own page.")
            % {"name": person.display_name},
            code="has_login",
        )
    answers = {
        "skills": skills.strip(),
        "experience": experience.strip(),
        "interests": interests.strip(),
        "to_learn": to_learn.strip(),
    }
    if not any(answers.values()):
        raise ValidationError(_("Write an answer to at least one question."), code="empty")
    now = timezone.now()
    with transaction.atomic():
        strengths, _created = Strengths.objects.select_for_update().get_or_create(
            person=person, defaults={"organisation_id": person.organisation_id}
        )
        changed = sorted(name for name in ANSWERS if getattr(strengths, name) != answers[name])
        for name, value in answers.items():
            setattr(strengths, name, value)
        strengths.consent_at = strengths.consent_at or now
        strengths.shared_at = (strengths.shared_at or now) if share else None
        strengths.recorded_by = (
            Person.objects.filter(organisation_id=person.organisation_id, user=actor).first()
            if on_behalf
            else None
        )
        strengths.how_told = how_told if on_behalf else ""
        strengths.save()
        log_action(
            person,
            "panels.strengths.recorded" if on_behalf else "panels.strengths.saved",
            actor=actor,
            data={"fields": changed, "shared": share},
        )
    return strengths


def withdraw_strengths(person: Person, *, actor: User, how_told: str = "") -> bool:
    """Take back consent: what they told us is hidden from everyone but them, and no longer
    shared. Giving it again (saving) shows it again. Returns False if there was nothing shown.
    Side effects: clears the consent and sharing dates; logs "panels.strengths.withdrawn".
    """
    strengths = Strengths.objects.filter(person=person, consent_at__isnull=False).first()
    if strengths is None:
        return False
    strengths.consent_at = None
    strengths.shared_at = None
    strengths.save(update_fields=["consent_at", "shared_at", "updated_at"])
    log_action(
        person,
        "panels.strengths.withdrawn",
        actor=actor,
        data={"how_told": how_told} if how_told else None,
    )
    return True


def tick_induction_step(
    member: PanelMember, step: str, *, done_on: datetime.date, actor: User
) -> InductionTick:
    """Record that a new member's induction step was done, on a date.

    Refuses (ValidationError) a step the records show by themselves (the agreement, payment),
    a date in the future or before they joined, and someone who has left.
    Side effects: saves (or re-dates) the InductionTick; logs "panels.induction.ticked".
    """
    if step not in InductionStep.values or step in FROM_RECORDS:
        raise ValidationError(_("Choose a step to tick."), code="step")
    if member.ended_on is not None:
        raise ValidationError(
            _("%(name)s has left the panel.") % {"name": member.person.display_name},
            code="ended",
        )
    if done_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    if done_on < member.started_on:
        raise ValidationError(
            _("The date cannot be before they joined the panel."), code="before_start"
        )
    tick, _created = InductionTick.objects.update_or_create(
        member=member,
        step=step,
        defaults={
            "organisation_id": member.organisation_id,
            "done_on": done_on,
            "ticked_by": actor,
        },
    )
    log_action(
        member.panel,
        "panels.induction.ticked",
        actor=actor,
        data={"member": member.pk, "step": step},
    )
    return tick


def untick_induction_step(member: PanelMember, step: str, *, actor: User) -> bool:
    """Take a tick away (ticked by mistake). Returns False if it was not ticked.
    Side effects: deletes the InductionTick; logs "panels.induction.unticked"."""
    deleted, _counts = InductionTick.objects.filter(member=member, step=step).delete()
    if deleted:
        log_action(
            member.panel,
            "panels.induction.unticked",
            actor=actor,
            data={"member": member.pk, "step": step},
        )
    return bool(deleted)
