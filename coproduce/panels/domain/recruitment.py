"""Operations on panels, applications and members. Each lists its side effects."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coproduce.accounts.domain import invite_to_organisation
from coproduce.accounts.models import Invitation, User
from coproduce.core.audit import log_action
from coproduce.core.db import retry_when_locked
from coproduce.core.models import Organisation, Role
from coproduce.initiatives.models import Initiative
from coproduce.panels.domain import tell
from coproduce.panels.models import (
    Application,
    ApplicationStatusChange,
    ContactTask,
    Panel,
    PanelMember,
    PanelTarget,
    Route,
    Status,
)
from coproduce.panels.roles import build_role_description, how_to_reach, role_source
from coproduce.people import messages as people_messages
from coproduce.people.messages import Recipient
from coproduce.people.models import ContactMethod, Format, Message, Person
from coproduce.people.reading import person_wants_easy_read

# Panels


def create_panel(
    organisation: Organisation,
    *,
    actor: User,
    initiatives: list[Initiative] | None = None,
    **fields: Any,
) -> Panel:
    """Set up a panel and make its first role description.

    Side effects: saves the Panel and its initiatives; logs "panels.panel.created".
    """
    with transaction.atomic():
        panel = Panel(organisation=organisation, **fields)
        _generate(panel)
        panel.save()
        if initiatives:
            panel.initiatives.set(initiatives)
        log_action(panel, "panels.panel.created", actor=actor)
    return panel


def update_panel(
    panel: Panel, *, actor: User, initiatives: list[Initiative] | None = None, **fields: Any
) -> Panel:
    """Change a panel's set-up. The role description is not remade here (see the editor).

    Side effects: saves the Panel and its initiatives; logs which fields changed (not values).
    """
    changed = sorted(name for name, value in fields.items() if getattr(panel, name) != value)
    for name, value in fields.items():
        setattr(panel, name, value)
    with transaction.atomic():
        panel.save()
        if initiatives is not None:
            before = set(panel.initiatives.values_list("pk", flat=True))
            panel.initiatives.set(initiatives)
            if before != {initiative.pk for initiative in initiatives}:
                changed.append("initiatives")
        if changed:
            log_action(panel, "panels.panel.updated", actor=actor, data={"fields": changed})
    return panel


class RoleHasEdits(Exception):
    """Making the role description again would replace someone's edits."""


def _generate(panel: Panel) -> None:
    panel.role_standard, panel.role_easy_read = build_role_description(panel)
    panel.role_generated_at = timezone.now()
    panel.role_source = role_source(panel)


def regenerate_role_description(panel: Panel, *, actor: User, replace_edits: bool = False) -> Panel:
    """Make the role description again from the panel's fields.

    Raises RoleHasEdits when someone edited it by hand since it was last made, unless
    `replace_edits`. Side effects: saves the Panel; logs "panels.role.generated".
    """
    if panel.role_has_edits and not replace_edits:
        raise RoleHasEdits
    _generate(panel)
    panel.save(
        update_fields=[
            "role_standard",
            "role_easy_read",
            "role_generated_at",
            "role_source",
            "updated_at",
        ]
    )
    log_action(panel, "panels.role.generated", actor=actor, data={"replaced_edits": replace_edits})
    return panel


def edit_role_description(panel: Panel, *, actor: User, standard: str, easy_read: str) -> Panel:
    """Save hand edits to the role description.

    Side effects: saves the Panel (and when it was edited); logs "panels.role.edited".
    """
    if standard == panel.role_standard and easy_read == panel.role_easy_read:
        return panel
    panel.role_standard, panel.role_easy_read = standard, easy_read
    panel.role_edited_at = timezone.now()
    panel.save(update_fields=["role_standard", "role_easy_read", "role_edited_at", "updated_at"])
    log_action(panel, "panels.role.edited", actor=actor)
    return panel


def role_is_out_of_date(panel: Panel) -> bool:
    """True when the panel's fields changed since the role description was last made."""
    return bool(panel.role_source) and panel.role_source != role_source(panel)


def publish_panel(panel: Panel, *, actor: User) -> None:
    """Put the role description and application form on the public page.

    Raises ValidationError when there is no role description. Side effects: saves the Panel;
    logs "panels.panel.published".
    """
    if not panel.role_standard.strip():
        raise ValidationError(_("Write the role description before you publish the panel."))
    panel.published_at = timezone.now()
    panel.recruitment_closed_at = None
    panel.save(update_fields=["published_at", "recruitment_closed_at", "updated_at"])
    log_action(panel, "panels.panel.published", actor=actor)


def unpublish_panel(panel: Panel, *, actor: User) -> None:
    """Take the public page down, which closes recruitment (the retention clock for waiting
    applicants' equality answers starts). Side effects: saves the Panel; logs
    "panels.panel.unpublished"."""
    panel.published_at = None
    panel.recruitment_closed_at = timezone.now()
    panel.save(update_fields=["published_at", "recruitment_closed_at", "updated_at"])
    log_action(panel, "panels.panel.unpublished", actor=actor)


def set_panel_targets(
    panel: Panel, targets: list[tuple[str, str, int, int]], *, actor: User
) -> None:
    """Replace the panel's target ranges: (category, value, min_percent, max_percent) each.

    Side effects: deletes and saves PanelTargets; logs "panels.targets.set" (how many).
    """
    with transaction.atomic():
        PanelTarget.objects.filter(panel=panel).delete()
        PanelTarget.objects.bulk_create(
            PanelTarget(
                organisation=panel.organisation,
                panel=panel,
                category=category,
                value=value,
                min_percent=low,
                max_percent=high,
            )
            for category, value, low, high in targets
        )
        log_action(panel, "panels.targets.set", actor=actor, data={"targets": len(targets)})


# Applications


class DuplicateApplication(ValidationError):
    pass


DRAFT_FIELDS = (
    "name",
    "email",
    "phone",
    "address",
    "contact_channel",
    "wants_easy_read",
    "why_join",
    "experience",
    "area",
    "heard_from",
    "extra_answers",
)


def start_application(
    panel: Panel, *, route: str = Route.ONLINE, entered_by: User | None = None
) -> Application:
    """Open a draft application. Side effects: saves it (no log until it is sent)."""
    return Application.objects.create(
        organisation=panel.organisation, panel=panel, route=route, entered_by=entered_by
    )


def _refuse_unless_draft(application: Application) -> None:
    if not application.is_draft:
        raise ValidationError(_("This application has already been sent."), code="sent")


def save_application_draft(application: Application, **fields: Any) -> Application:
    """Keep what the applicant has typed so far (any field may be empty or half done).

    Raises ValidationError ("sent") when it was sent meanwhile: the autosave of a field left
    just as "Send" is pressed can arrive after the sending. Only what a draft may change is
    written, under the row's lock, so a late save never turns a sent application back into a
    draft. Drafts are not logged: autosave would fill the log. Side effects: saves the
    Application.
    """
    _refuse_unless_draft(application)
    attachment = fields.pop("attachment", None)
    for name, value in fields.items():
        if name in DRAFT_FIELDS:
            setattr(application, name, value)
    if attachment:
        application.attachment = attachment
        application.attachment_name = attachment.name[:200]
    application.email = application.email.strip().lower()
    changed = [
        *DRAFT_FIELDS,
        "updated_at",
        *(("attachment", "attachment_name") if attachment else ()),
    ]

    def write() -> None:
        with transaction.atomic():
            _refuse_unless_draft(
                Application.objects.select_for_update().only("status").get(pk=application.pk)
            )
            application.save(update_fields=changed)

    retry_when_locked(write)
    return application


def find_duplicate(application: Application) -> Application | None:
    """Another sent application to the same panel from the same email address, if any."""
    if not application.email:
        return None
    return (
        Application.objects.filter(
            panel=application.panel,
            email__iexact=application.email,
            submitted_at__isnull=False,
        )
        .exclude(pk=application.pk)
        .first()
    )


def duplicate_message(panel: Panel) -> str:
    return _(
        "We already have an application from this email address for %(panel)s, so you do not "
        "need to apply again. If you want to change or add something, contact %(contact)s."
    ) % {"panel": panel.name, "contact": panel.named_contact.display_name}


def submit_application(application: Application, *, actor: User | None = None) -> Application:
    """Send a finished draft: it becomes "received" and the applicant is told how we will reply.

    Raises DuplicateApplication when this email address already applied to this panel.
    Side effects: saves the Application and its first status change; logs
    "panels.application.received"; after commit, emails the applicant or makes a staff task.
    """
    if not application.is_draft:
        return application
    if find_duplicate(application):
        raise DuplicateApplication(duplicate_message(application.panel), code="duplicate")

    def write() -> Application:
        with transaction.atomic():
            fresh = Application.objects.select_for_update().only("status").get(pk=application.pk)
            if not fresh.is_draft:  # a second tab, or a double click, sent it first
                application.status = fresh.status
                return application
            application.submitted_at = timezone.now()
            application.save(update_fields=["submitted_at", "updated_at"])
            change_application_status(application, Status.RECEIVED, actor=actor)
        return application

    try:
        return retry_when_locked(write)
    except IntegrityError as error:  # a second tab sent the same email at the same moment
        application.submitted_at = None
        raise DuplicateApplication(
            duplicate_message(application.panel), code="duplicate"
        ) from error


def enter_application(
    panel: Panel, *, actor: User, route: str, attachment: Any = None, **fields: Any
) -> Application:
    """Record an application taken by phone, on paper or in conversation, as such.

    Raises DuplicateApplication like `submit_application`. Side effects: everything
    `submit_application` does; the application records who entered it and the route.
    """
    with transaction.atomic():
        application = start_application(panel, route=route, entered_by=actor)
        save_application_draft(application, attachment=attachment, **fields)
        submit_application(application, actor=actor)
    return application


STATUS_MESSAGES = {
    Status.RECEIVED: gettext_lazy(
        "Thank you for applying to join %(panel)s. We have your application. "
        "We will get in touch to tell you what happens next."
    ),
    Status.CONTACTED: gettext_lazy(
        "Thank you for talking with us about %(panel)s. We are still looking at applications. "
        "We will tell you what happens next."
    ),
    Status.INVITED: gettext_lazy(
        "We would like to meet you for a friendly chat about %(panel)s. It is not an interview. "
        "%(contact)s will get in touch to find a time and place that suit you. "
        "You can bring someone with you."
    ),
    Status.OFFERED: gettext_lazy(
        "We would like to offer you a place on %(panel)s. Please tell %(contact)s if you would "
        "like to join. You can ask us anything before you decide."
    ),
    Status.ACCEPTED: gettext_lazy(
        "Welcome to %(panel)s. We are glad you are joining. %(contact)s will send you the date "
        "of your first meeting and anything you need to get ready."
    ),
    Status.DECLINED: gettext_lazy(
        "Thank you for your interest in %(panel)s. This time we cannot offer you a place. "
        "We are sorry. Your experience matters, and we would like to tell you about other ways "
        "to get involved. If you want to talk about this, contact %(contact)s."
    ),
    Status.WAITING_LIST: gettext_lazy(
        "We have put you on the waiting list for %(panel)s. This means we will get in touch if "
        "a place comes up. You do not need to do anything now."
    ),
}

# The same messages in easy read, for applicants who asked for it: one idea a line.
STATUS_MESSAGES_EASY_READ = {
    Status.RECEIVED: gettext_lazy(
        "Thank you for asking to join %(panel)s.\nWe have your form.\n"
        "We will tell you what happens next."
    ),
    Status.CONTACTED: gettext_lazy(
        "Thank you for talking with us.\nWe are still reading forms.\n"
        "We will tell you what happens next."
    ),
    Status.INVITED: gettext_lazy(
        "We would like to meet you for a chat about %(panel)s.\nIt is not a test.\n"
        "%(contact)s will get in touch to find a time.\nYou can bring someone with you."
    ),
    Status.OFFERED: gettext_lazy(
        "We would like you to join %(panel)s.\nPlease tell %(contact)s if you want to join.\n"
        "You can ask us anything first."
    ),
    Status.ACCEPTED: gettext_lazy(
        "Welcome to %(panel)s.\nWe are glad you are joining.\n"
        "%(contact)s will tell you the date of your first meeting."
    ),
    Status.DECLINED: gettext_lazy(
        "Thank you for asking to join %(panel)s.\nThis time we cannot give you a place.\n"
        "We are sorry.\nWhat you know matters to us.\n"
        "We can tell you about other ways to take part.\n"
        "You can talk to %(contact)s about this."
    ),
    Status.WAITING_LIST: gettext_lazy(
        "You are on the waiting list for %(panel)s.\n"
        "We will tell you if a place comes up.\nYou do not need to do anything now."
    ),
}

TASK_KIND = {
    ContactMethod.POST: ContactTask.Kind.LETTER,
    ContactMethod.PHONE: ContactTask.Kind.PHONE,
    ContactMethod.TEXT: ContactTask.Kind.TEXT,
    ContactMethod.SUPPORTER: ContactTask.Kind.SUPPORTER,
}


def status_message(application: Application, status: str) -> str:
    """The plain-English message for an applicant at this step, in easy read when they
    asked for it (on the application or on their record)."""
    panel = application.panel
    easy_read = application.wants_easy_read or person_wants_easy_read(application.person)
    messages = STATUS_MESSAGES_EASY_READ if easy_read else STATUS_MESSAGES
    return messages[Status(status)] % {
        "panel": panel.name,
        "contact": panel.named_contact.display_name,
    }


def change_application_status(
    application: Application,
    status: str,
    *,
    actor: User | None,
    note: str = "",
    notify: bool = True,
) -> ApplicationStatusChange:
    """Move an application to `status` and tell the applicant by the channel they chose.

    The message goes through `people.messages` (see `send_status_message`): by the way they
    chose, after commit, or on the staff to-do list for a letter, text or call.
    Accepting links the application to a Person (found by email, or new) and adds them to the
    panel as a member from today.
    Side effects: saves the Application and an ApplicationStatusChange (and maybe a
    people.Message, a Person and a PanelMember); logs "panels.application.<status>".
    """
    if status == Status.DRAFT or status not in Status.values:
        raise ValidationError(_("Choose a step."), code="invalid_status")
    if status == application.status:
        raise ValidationError(_("The application is already at that step."), code="same")
    message = ""
    if notify:
        message = status_message(application, status)
        if note.strip():
            message = f"{message}\n\n{note.strip()}"
    Delivery = ApplicationStatusChange.Delivery
    delivery = Delivery.MESSAGE if notify else Delivery.NONE
    with transaction.atomic():
        change = ApplicationStatusChange.objects.create(
            organisation=application.organisation,
            application=application,
            from_status=application.status,
            to_status=status,
            actor=actor,
            message=message,
            delivery=delivery,
        )
        application.status = status
        application.status_changed_at = change.created_at
        application.save(update_fields=["status", "status_changed_at", "updated_at"])
        if status == Status.ACCEPTED:
            _join_panel(application, actor=actor)
        log_action(
            application,
            f"panels.application.{status}",
            actor=actor,
            data={"from": change.from_status, "delivery": delivery},
        )
        if delivery == ApplicationStatusChange.Delivery.MESSAGE:
            send_status_message(change)
    return change


# The steps staff can move many applications to at once, and what the page calls each.
BULK_STEPS = (Status.INVITED, Status.OFFERED, Status.WAITING_LIST, Status.DECLINED)


@dataclass
class BulkOutcome:
    """What a change to many applications did: each one changed, or skipped and why."""

    changed: list[Application] = field(default_factory=list)
    skipped: list[tuple[Application, str]] = field(default_factory=list)


def change_many_statuses(
    applications: list[Application], status: str, *, actor: User, note: str = ""
) -> BulkOutcome:
    """Move each application to `status` (shortlist to a chat, offer, waiting list or decline).

    Each goes through `change_application_status`, so each applicant gets their usual message
    by the channel they chose. All in one transaction, with the rows locked: an application
    that is already at that step, has joined the panel, or is from another panel than the
    first is skipped, with the reason. Refuses (ValidationError) a step that is not one of
    BULK_STEPS. Side effects: as `change_application_status`, for each one changed; logs
    "panels.application.bulk_changed" (the counts) on the panel.
    """
    if status not in BULK_STEPS:
        raise ValidationError(_("Choose what to do with the applications."), code="invalid_status")
    outcome = BulkOutcome()
    if not applications:
        return outcome
    panel = applications[0].panel

    def write() -> BulkOutcome:
        outcome = BulkOutcome()
        with transaction.atomic():
            locked = list(
                Application.objects.select_for_update()
                .filter(pk__in=[a.pk for a in applications])
                .select_related("panel__named_contact")
                .order_by("name", "pk")
            )
            for application in locked:
                reason = _bulk_skip_reason(application, panel, status)
                if reason:
                    outcome.skipped.append((application, reason))
                    continue
                change_application_status(application, status, actor=actor, note=note)
                outcome.changed.append(application)
            log_action(
                panel,
                "panels.application.bulk_changed",
                actor=actor,
                data={
                    "status": status,
                    "changed": len(outcome.changed),
                    "skipped": len(outcome.skipped),
                },
            )
        return outcome

    return retry_when_locked(write)


def _bulk_skip_reason(application: Application, panel: Panel, status: str) -> str:
    if application.panel_id != panel.pk:
        return _("It is for another panel.")
    if application.status == Status.DRAFT:
        return _("It has not been sent yet.")
    if application.status == status:
        return _("It is already at that step.")
    if application.status == Status.ACCEPTED:
        return _("They have already joined the panel. Change this one on its own page.")
    return ""


class OfferNotOpen(ValidationError):
    """The place is not on offer any more: already accepted or declined, or never offered."""


def answer_offer(
    application: Application, *, accept: bool, actor: User | None, how_told: str = ""
) -> ApplicationStatusChange:
    """The applicant accepts or declines the place they were offered.

    `actor` is None when the applicant answers from their private link, or staff recording
    the applicant's answer (then `how_told` says how they told us: by phone, by letter...).
    Locks the application row, so two answers at once (two taps, two tabs, staff and the
    applicant together) make one change: the second is refused with OfferNotOpen.
    Side effects: as `change_application_status` (accepting joins the panel and sends the
    welcome by the applicant's channel; declining sends nothing, as the applicant chose it);
    saves who recorded it and how; when the applicant answered from their link, tells the
    panel's named contact (`tell.offer_answered`); logs "panels.application.offer_accepted" or
    "panels.application.offer_declined".
    """

    def write() -> ApplicationStatusChange:
        with transaction.atomic():
            recorder = None
            if actor is not None:  # read here, so a "locked" read is tried again too
                recorder = Person.objects.filter(
                    organisation_id=application.organisation_id, user=actor
                ).first()
            locked = Application.objects.select_for_update().get(pk=application.pk)
            if locked.status != Status.OFFERED:
                raise OfferNotOpen(_offer_closed_message(locked), code=locked.status)
            change = change_application_status(
                locked,
                Status.ACCEPTED if accept else Status.DECLINED,
                actor=actor,
                notify=accept,
            )
            change.recorded_by = recorder
            change.how_told = how_told if actor is not None else ""
            change.by_applicant = actor is None
            change.save(update_fields=["recorded_by", "how_told", "by_applicant"])
            if actor is None:  # staff who recorded it know already
                tell.offer_answered(locked, accept=accept)
            log_action(
                locked,
                "panels.application.offer_accepted"
                if accept
                else "panels.application.offer_declined",
                actor=actor,
                data={"recorded": actor is not None},
            )
        application.refresh_from_db()
        return change

    return retry_when_locked(write)


def _offer_closed_message(application: Application) -> str:
    if application.status == Status.ACCEPTED:
        return _("You have already accepted this place. There is nothing more to do.")
    if application.status == Status.DECLINED:
        return _("This place is no longer on offer.")
    return _("There is no place on offer to answer yet.")


def applicant_recipient(application: Application) -> Person | Recipient:
    """Who gets an applicant's messages: their record once they have one, else the
    applicant as they gave themselves on the form."""
    if application.person is not None:
        return application.person
    return Recipient(
        organisation_id=application.organisation_id,
        name=application.name or str(_("Applicant")),
        email=application.email,
        phone=application.phone,
        address=application.address,
        contact_methods=(application.contact_channel,) if application.contact_channel else (),
        formats=(Format.EASY_READ,) if application.wants_easy_read else (),
    )


def send_status_message(change: ApplicationStatusChange) -> Message | None:
    """Tell the applicant about one step, with their private link. Returns None if it was
    made before. Call it in the transaction that made the step.

    Side effects: saves a people.Message (sent after commit, or on the staff to-do list)
    and links it to the change.
    """
    application = change.application
    panel = application.panel
    sent = people_messages.send_message(
        applicant_recipient(application),
        "application.status",
        f"{application.pk}:{change.pk}",
        link=settings.SITE_URL + reverse("panel_application_done", args=[application.token]),
        panel=panel.name,
        message=change.message,
        contact=how_to_reach(panel.named_contact),
        organisation=panel.organisation.name,
        panel_link=settings.SITE_URL
        + reverse("panel_public", args=[panel.organisation.slug, panel.slug]),
    )
    if sent is not None:
        change.sent_message = sent
        change.save(update_fields=["sent_message"])
    return sent


def send_status_email(change: ApplicationStatusChange) -> None:
    """Hand over a status email saved before these went through people.messages (its task
    may still be queued). Side effects: as `send_status_message`."""
    old_email = change.delivery == ApplicationStatusChange.Delivery.EMAIL
    if old_email and change.sent_at is None and change.sent_message_id is None:
        send_status_message(change)


def complete_contact_task(task: ContactTask, *, actor: User) -> None:
    """Mark a letter sent or a call made. Side effects: saves it; logs "panels.task.done"."""
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = actor
        task.save(update_fields=["done_at", "done_by"])
        log_action(task.application, "panels.task.done", actor=actor, data={"kind": task.kind})


def _join_panel(application: Application, *, actor: User | None) -> None:
    person = application.person or _person_for(application, actor=actor)
    if application.person_id is None:
        application.person = person
        application.save(update_fields=["person", "updated_at"])
    if not PanelMember.objects.filter(
        panel=application.panel, person=person, ended_on__isnull=True
    ).exists():
        add_panel_member(
            application.panel,
            person,
            role=PanelMember.Role.MEMBER,
            started_on=timezone.localdate(),
            actor=actor,
            application=application,
        )


def _person_for(application: Application, *, actor: User | None) -> Person:
    if application.email:
        existing = Person.objects.filter(
            organisation=application.organisation, email__iexact=application.email
        ).first()
        if existing:
            if application.wants_easy_read and Format.EASY_READ not in (existing.formats or []):
                # The choice made on the application is kept on their record.
                existing.formats = [*(existing.formats or []), Format.EASY_READ]
                existing.save(update_fields=["formats", "updated_at"])
            return existing
    person = Person.objects.create(
        organisation=application.organisation,
        name=application.name or str(_("Unnamed applicant")),
        email=application.email,
        phone=application.phone,
        address=application.address,
        contact_methods=[application.contact_channel] if application.contact_channel else [],
        formats=[Format.EASY_READ] if application.wants_easy_read else [],
        created_by=actor,
    )
    log_action(person, "people.person.created", actor=actor, data={"from": "panel application"})
    return person


# Members


def add_panel_member(
    panel: Panel,
    person: Person,
    *,
    role: str,
    started_on: datetime.date,
    actor: User | None,
    application: Application | None = None,
) -> PanelMember:
    """Put someone on the panel. Raises ValidationError if they are already a current member.

    Side effects: saves the PanelMember; logs "panels.member.added".
    """
    if PanelMember.objects.filter(panel=panel, person=person, ended_on__isnull=True).exists():
        raise ValidationError(_("%(name)s is already on this panel.") % {"name": person})
    member = PanelMember.objects.create(
        organisation=panel.organisation,
        panel=panel,
        person=person,
        role=role,
        started_on=started_on,
        application=application,
    )
    log_action(panel, "panels.member.added", actor=actor, data={"member": member.pk, "role": role})
    return member


def invite_member_to_log_in(member: PanelMember, *, actor: User) -> Invitation:
    """Send a panel member a link to make their own login (choose a password), by email.

    Uses the organisation's invitation (`accounts.domain.invite_to_organisation`, role
    member), linked to their person record, so the login they make is theirs. Refuses
    (ValidationError) someone who already has a login, has left the panel, or has no email
    address (code "no_email": staff keep recording for them, by phone or letter).
    Side effects: as `invite_to_organisation` (saves the Invitation, logs
    "accounts.invitation.sent", emails the link after commit).
    """
    person = member.person
    if member.ended_on is not None:
        raise ValidationError(_("%(name)s has left the panel.") % {"name": person.display_name})
    if person.user_id is not None:
        raise ValidationError(
            _("%(name)s can already log in.") % {"name": person.display_name}, code="has_login"
        )
    if not person.email:
        raise ValidationError(
            _(
                "%(name)s has no email address. Add one on their page first, or keep "
                "recording their answers for them."
            )
            % {"name": person.display_name},
            code="no_email",
        )
    return invite_to_organisation(
        member.organisation, email=person.email, role=Role.MEMBER, invited_by=actor, person=person
    )


def end_panel_membership(member: PanelMember, *, ended_on: datetime.date, actor: User) -> None:
    """Record that someone left the panel. Side effects: saves it; logs "panels.member.ended"."""
    if ended_on < member.started_on:
        raise ValidationError(_("The end date must be on or after the start date."))
    member.ended_on = ended_on
    member.save(update_fields=["ended_on"])
    log_action(member.panel, "panels.member.ended", actor=actor, data={"member": member.pk})
