"""Operations on the organisation's support settings, safeguarding leads, signposting,
training and credit."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.core.audit import log_action
from coproduce.core.models import Organisation
from coproduce.people.models import Person
from coproduce.wellbeing.models import (
    Credit,
    SafeguardingLead,
    SignpostService,
    SupportSettings,
    Training,
    TrainingRecord,
)
from coproduce.wellbeing.queries import open_leads_only_count

if TYPE_CHECKING:
    from coproduce.accounts.models import User

# Settings and safeguarding leads


def set_response_days(organisation: Organisation, days: int, *, actor: User) -> SupportSettings:
    """Change how many working days contacts have to reply to a new concern.
    Side effects: saves the settings; logs "wellbeing.settings.changed"."""
    row, _created = SupportSettings.objects.get_or_create(organisation=organisation)
    row.response_working_days = days
    row.save()
    log_action(row, "wellbeing.settings.changed", actor=actor, data={"days": days})
    return row


def appoint_safeguarding_lead(
    organisation: Organisation, user: Any, *, actor: User | None
) -> SafeguardingLead:
    """Let a login read every concern and check-in of the organisation.
    Side effects: saves a SafeguardingLead (once); logs "wellbeing.lead.appointed"."""
    lead, created = SafeguardingLead.objects.get_or_create(
        organisation=organisation, user=user, defaults={"appointed_by": actor}
    )
    if created:
        log_action(lead, "wellbeing.lead.appointed", actor=actor, data={"user": user.pk})
    return lead


@transaction.atomic
def remove_safeguarding_lead(lead: SafeguardingLead, *, actor: User | None) -> bool:
    """End an appointment, unless it would leave open concerns that nobody can read.

    Raises ValidationError (code "last_lead"), changing nothing, when this is the
    organisation's only lead and a concern sent to the leads only is still open: the named
    contact and deputy may not read it, so it would sit unread. Appoint another lead first.
    Locks the organisation's lead rows (`SELECT ... FOR UPDATE`; SQLite's IMMEDIATE
    transactions), so two admins removing the last two leads at once cannot both succeed,
    and `raise_concern` takes the same lock. Returns False when it was already removed.
    Side effects: deletes the appointment; logs "wellbeing.lead.removed".
    """
    leads = list(
        SafeguardingLead.objects.select_for_update()
        .filter(organisation_id=lead.organisation_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if lead.pk not in leads:
        return False  # a second tab, or another admin, got there first
    if leads == [lead.pk]:
        still_open = open_leads_only_count(lead.organisation)
        if still_open:
            raise ValidationError(
                ngettext(
                    "You cannot remove %(name)s yet. They are the only safeguarding lead, and "
                    "%(count)s concern sent only to the safeguarding leads is still open. "
                    "Nobody else can read it. Make someone else a safeguarding lead first, "
                    "then remove %(name)s.",
                    "You cannot remove %(name)s yet. They are the only safeguarding lead, and "
                    "%(count)s concerns sent only to the safeguarding leads are still open. "
                    "Nobody else can read them. Make someone else a safeguarding lead first, "
                    "then remove %(name)s.",
                    still_open,
                )
                % {"name": lead.user.name or lead.user.email, "count": still_open},
                code="last_lead",
            )
    log_action(lead, "wellbeing.lead.removed", actor=actor, data={"user": lead.user_id})
    lead.delete()
    return True


# Signposting


def save_signpost(
    organisation: Organisation,
    *,
    actor: User,
    service: SignpostService | None = None,
    **fields: Any,
) -> SignpostService:
    """Add a service to the signposting list, or change one.
    Side effects: saves it; logs "wellbeing.signpost.added" or ".changed"."""
    created = service is None
    service = service or SignpostService(organisation=organisation)
    for name, value in fields.items():
        setattr(service, name, value)
    service.save()
    log_action(service, f"wellbeing.signpost.{'added' if created else 'changed'}", actor=actor)
    return service


def remove_signpost(service: SignpostService, *, actor: User) -> None:
    """Side effects: deletes it; logs "wellbeing.signpost.removed"."""
    log_action(service, "wellbeing.signpost.removed", actor=actor)
    service.delete()


# Training and credit


def add_training(organisation: Organisation, *, actor: User, **fields: Any) -> Training:
    """Side effects: saves a Training; logs "wellbeing.training.added"."""
    training = Training.objects.create(organisation=organisation, **fields)
    log_action(training, "wellbeing.training.added", actor=actor)
    return training


def record_training(
    training: Training,
    person: Person,
    *,
    status: str,
    actor: User,
    completed_on: datetime.date | None = None,
    certificate: UploadedFile | None = None,
) -> TrainingRecord:
    """Record that a person was offered, booked or did a training (one row each, updated).
    Side effects: saves the TrainingRecord and any certificate file; logs
    "wellbeing.training.recorded"."""
    if person.organisation_id != training.organisation_id:
        raise ValidationError(_("Choose someone from your organisation."), code="wrong_person")
    record, _created = TrainingRecord.objects.get_or_create(
        organisation=training.organisation,
        training=training,
        person=person,
        defaults={"status": status, "recorded_by": actor},
    )
    record.status = status
    record.completed_on = completed_on
    record.recorded_by = actor
    if certificate is not None:
        name = certificate.name or "certificate"
        record.certificate_name = name[-200:]
        record.certificate.save(name, certificate, save=False)
    record.save()
    log_action(record, "wellbeing.training.recorded", actor=actor, data={"status": status})
    return record


def add_credit(person: Person, *, actor: User, **fields: Any) -> Credit:
    """Name someone in an output, with their consent (the date they agreed is required).
    Side effects: saves a Credit; logs "wellbeing.credit.added"."""
    credit = Credit.objects.create(
        organisation=person.organisation, person=person, recorded_by=actor, **fields
    )
    log_action(credit, "wellbeing.credit.added", actor=actor)
    return credit
