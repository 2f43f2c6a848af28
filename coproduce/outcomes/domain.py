"""Operations for "you said, we did": contributions in, responses, changes, outcomes,
feedback, publishing, and reminders when a response's review date comes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.core.db import enqueue_after_commit
from coproduce.core.links import absolute_url
from coproduce.core.models import Organisation
from coproduce.initiatives.models import Initiative
from coproduce.ladder.models import Action
from coproduce.outcomes import tasks
from coproduce.outcomes.models import (
    Change,
    Contribution,
    Credit,
    FeedbackSent,
    Outcome,
    Publication,
    Response,
    Source,
)
from coproduce.panels.models import Meeting, Panel
from coproduce.people.messages import send_to_each
from coproduce.people.models import Person
from coproduce.workshops.models import Activity, Idea
from coproduce.workshops.queries import results_for

if TYPE_CHECKING:
    from coproduce.accounts.models import User

Decision = Response.Decision


def _same_organisation(organisation: Organisation, *records: Any) -> None:
    for record in records:
        if record is not None and record.organisation_id != organisation.pk:
            raise ValidationError(_("That record belongs to another organisation."))


def add_contribution(
    organisation: Organisation,
    *,
    actor: User,
    source: str,
    text: str,
    said_on: datetime.date,
    initiative: Initiative | None = None,
    panel: Panel | None = None,
    meeting: Meeting | None = None,
    credited: Iterable[Person] = (),
    consent_given_on: datetime.date | None = None,
    workshop_activity: Activity | None = None,
) -> Contribution:
    """Record something a panel, a workshop or a respondent said.

    People are named (`credited`) only with their consent, given on `consent_given_on`.
    `workshop_activity` says which activity of the initiative's workshops it came from (sent
    on from the workshop's record). Side effects: saves the Contribution and one Credit per
    person; logs "outcomes.contribution.added".
    """
    credited = list(credited)
    _same_organisation(organisation, initiative, panel, meeting, workshop_activity, *credited)
    if initiative is None and panel is None:
        raise ValidationError(_("Say which initiative or panel it belongs to."))
    if meeting is not None and (panel is None or meeting.panel_id != panel.pk):
        raise ValidationError(_("Choose a meeting of this panel."))
    if workshop_activity is not None and (
        initiative is None or workshop_activity.workshop.initiative_id != initiative.pk
    ):
        raise ValidationError(_("Choose an activity of this initiative's workshops."))
    if credited and consent_given_on is None:
        raise ValidationError(_("Only name people who agreed to it."))
    consented_on = consent_given_on or timezone.localdate()
    contribution = Contribution.objects.create(
        organisation=organisation,
        initiative=initiative,
        panel=panel,
        source=source,
        meeting=meeting,
        workshop_activity=workshop_activity,
        text=text.strip(),
        said_on=said_on,
        added_by=actor,
    )
    Credit.objects.bulk_create(
        Credit(
            organisation=organisation,
            contribution=contribution,
            person=person,
            consent_given_on=consented_on,
        )
        for person in credited
    )
    log_action(contribution, "outcomes.contribution.added", actor=actor, data={"source": source})
    return contribution


def import_workshop_results(activity: Activity, *, actor: User, top: int = 3) -> list[Contribution]:
    """Turn a Dotmocracy's top-voted ideas (rank `top` or better, ties included, at least one
    vote) into contributions of the workshop's initiative. Safe to run again.

    Side effects: saves one Contribution per new idea; logs "outcomes.contribution.imported"
    once, with how many were added.
    """
    workshop = activity.workshop
    done = set(
        Contribution.objects.filter(
            workshop_activity=activity, source=Source.DOTMOCRACY_RESULT
        ).values_list("idea_id", flat=True)
    )
    said_on = timezone.localdate(workshop.starts_at)
    rows = [
        Contribution(
            organisation=activity.organisation,
            initiative_id=workshop.initiative_id,
            source=Source.DOTMOCRACY_RESULT,
            workshop_activity=activity,
            idea_id=result.idea_id,
            text=result.text,
            said_on=said_on,
            added_by=actor,
        )
        for result in results_for(activity)
        if result.rank <= top and result.total > 0 and result.idea_id not in done
    ]
    created = Contribution.objects.bulk_create(rows)
    log_action(
        activity, "outcomes.contribution.imported", actor=actor, data={"added": len(created)}
    )
    return created


def import_workshop_ideas(activity: Activity, *, actor: User) -> list[Contribution]:
    """Every idea of a workshop activity, as contributions ("an idea from a workshop").
    Safe to run again. Side effects: saves the new Contributions; logs once."""
    workshop = activity.workshop
    said_on = timezone.localdate(workshop.starts_at)
    ideas = Idea.objects.filter(activity=activity, hidden=False).exclude(
        pk__in=Contribution.objects.filter(source=Source.WORKSHOP_IDEA, idea__isnull=False).values(
            "idea_id"
        )
    )
    created = Contribution.objects.bulk_create(
        Contribution(
            organisation=activity.organisation,
            initiative_id=workshop.initiative_id,
            source=Source.WORKSHOP_IDEA,
            workshop_activity=activity,
            idea=idea,
            text=idea.text,
            said_on=said_on,
            added_by=actor,
        )
        for idea in ideas.order_by("created_at", "id")
    )
    log_action(
        activity, "outcomes.contribution.imported", actor=actor, data={"added": len(created)}
    )
    return created


def import_ladder_actions(initiative: Initiative, *, actor: User) -> list[Contribution]:
    """Every next step adopted from the initiative's Ladder assessments, as contributions.
    Safe to run again. Side effects: saves the new Contributions; logs once."""
    actions = Action.objects.filter(initiative=initiative).exclude(
        pk__in=Contribution.objects.filter(ladder_action__isnull=False).values("ladder_action_id")
    )
    created = Contribution.objects.bulk_create(
        Contribution(
            organisation=initiative.organisation,
            initiative=initiative,
            source=Source.LADDER_ACTION,
            ladder_action=action,
            text=action.text,
            said_on=timezone.localdate(action.created_at),
            added_by=actor,
        )
        for action in actions.order_by("created_at", "id")
    )
    log_action(
        initiative, "outcomes.contribution.imported", actor=actor, data={"added": len(created)}
    )
    return created


def record_response(
    contribution: Contribution,
    *,
    actor: User,
    decision: str,
    decided_by: str,
    decided_on: datetime.date,
    reason: str = "",
    review_on: datetime.date | None = None,
    owner: Person | None = None,
) -> Response:
    """Record what was decided about a contribution, when the decision is made.

    "Not adopted" needs a reason in plain words. Raises ValidationError keyed by field.
    Side effects: saves the Response, and on the contribution the latest response and the
    date of the first; logs "outcomes.response.recorded" (the decision only); tells each
    person credited with it, by the way they chose (sent after commit).
    """
    reason = reason.strip()
    errors: dict[str, str] = {}
    if decision == Decision.NOT_ADOPTED and not reason:
        errors["reason"] = _(
            "Say why it was not adopted, in plain words. People have a right to know."
        )
    if decided_on < contribution.said_on:
        errors["decided_on"] = _("The decision cannot be before the date it was said.")
    if review_on is not None and review_on < decided_on:
        errors["review_on"] = _("The review date must be on or after the decision.")
    if errors:
        raise ValidationError(errors)
    _same_organisation(contribution.organisation, owner)
    with transaction.atomic():
        response = Response.objects.create(
            organisation=contribution.organisation,
            contribution=contribution,
            decision=decision,
            reason=reason,
            decided_by=decided_by,
            decided_on=decided_on,
            review_on=review_on,
            owner=owner,
            recorded_by=actor,
        )
        contribution.latest_response = response
        if contribution.first_response_on is None or decided_on < contribution.first_response_on:
            contribution.first_response_on = decided_on
        contribution.save(update_fields=["latest_response", "first_response_on"])
        log_action(response, "outcomes.response.recorded", actor=actor, data={"decision": decision})
        tell_credited(response)
    return response


def tell_credited(response: Response) -> None:
    """Tell each person credited with what was said that it has an answer ("you said, we
    did"). The message names the initiative or panel, never what was said or decided.
    Side effects: saves one people Message each (once per response); sent after commit."""
    contribution = response.contribution
    where = contribution.initiative or contribution.panel
    title = getattr(where, "title", None) or getattr(where, "name", "")
    people = [
        credit.person
        for credit in contribution.credits.select_related("person").order_by("person__name")
    ]
    send_to_each(
        people,
        "you_said.answered",
        f"response:{response.pk}",
        link=absolute_url(reverse("outcomes_mine", kwargs={"org": contribution.organisation.slug})),
        title=title,
    )


def record_change(
    contribution: Contribution,
    *,
    actor: User,
    what: str,
    happened_on: datetime.date,
    evidence_link: str = "",
    evidence_file: UploadedFile | None = None,
) -> Change:
    """What actually changed. Side effects: saves the Change (and any evidence file); logs
    "outcomes.change.recorded"."""
    change = Change(
        organisation=contribution.organisation,
        contribution=contribution,
        what=what.strip(),
        happened_on=happened_on,
        evidence_link=evidence_link,
        recorded_by=actor,
    )
    if evidence_file is not None:
        name = evidence_file.name or "evidence"
        change.evidence_name = name[-200:]
        change.evidence_file.save(name, evidence_file, save=False)
    change.save()
    log_action(change, "outcomes.change.recorded", actor=actor)
    return change


def record_outcome(
    contribution: Contribution, *, actor: User, kind: str, what: str, noted_on: datetime.date
) -> Outcome:
    """The difference it made, later. Side effects: saves the Outcome; logs
    "outcomes.outcome.recorded"."""
    outcome = Outcome.objects.create(
        organisation=contribution.organisation,
        contribution=contribution,
        kind=kind,
        what=what.strip(),
        noted_on=noted_on,
        recorded_by=actor,
    )
    log_action(outcome, "outcomes.outcome.recorded", actor=actor)
    return outcome


def record_feedback(
    contribution: Contribution,
    *,
    actor: User,
    to_whom: str,
    sent_on: datetime.date,
    format: str,
) -> FeedbackSent:
    """Who was told what happened, when and how. Side effects: saves the FeedbackSent; logs
    "outcomes.feedback.recorded"."""
    feedback = FeedbackSent.objects.create(
        organisation=contribution.organisation,
        contribution=contribution,
        to_whom=to_whom,
        sent_on=sent_on,
        format=format,
        recorded_by=actor,
    )
    log_action(feedback, "outcomes.feedback.recorded", actor=actor, data={"format": format})
    return feedback


def set_published(
    *,
    actor: User,
    publish: bool,
    initiative: Initiative | None = None,
    panel: Panel | None = None,
) -> Publication:
    """Put a "you said, we did" page on the web without login, or take it down. The address
    stays the same if it is published again. Side effects: saves the Publication; logs
    "outcomes.page.published" or "outcomes.page.unpublished"."""
    owner: Initiative | Panel | None = initiative if initiative is not None else panel
    if owner is None:
        raise ValueError("set_published needs an initiative or a panel")
    publication, _created = Publication.objects.get_or_create(
        organisation=owner.organisation, initiative=initiative, panel=panel
    )
    publication.published_at = timezone.now() if publish else None
    publication.published_by = actor if publish else None
    publication.save()
    log_action(
        owner,
        "outcomes.page.published" if publish else "outcomes.page.unpublished",
        actor=actor,
    )
    return publication


# Review reminders


def responses_due_for_review(today: datetime.date) -> list[Response]:
    """Current responses (the latest of their contribution) whose review date has come, that
    have an owner and have not been reminded since that date was set."""
    return list(
        Response.objects.filter(
            review_on__lte=today,
            owner__isnull=False,
            contribution__latest_response=F("pk"),
        )
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=F("review_on")))
        .select_related("owner", "contribution", "organisation")
        .order_by("review_on", "id")
    )


def remind_due_reviews(*, today: datetime.date, dry_run: bool = False) -> list[Response]:
    """Remind each owner of a response whose review date has come. Runs daily from cron.

    Side effects (not in a dry run): saves `reminded_on` on each; logs
    "outcomes.review.reminded"; after commit, enqueues one email task each.
    """
    due = responses_due_for_review(today)
    if dry_run:
        return due
    with transaction.atomic():
        for response in due:
            response.reminded_on = today
            response.save(update_fields=["reminded_on"])
            log_action(response, "outcomes.review.reminded", actor=None)
            enqueue_after_commit(tasks.send_review_reminder_task, response_id=response.pk)
    return due


def send_review_reminder(response: Response) -> int:
    """Email the owner that a decision is due a fresh look. Side effects: sends one email
    (none when the owner has no address)."""
    owner = response.owner
    address = owner.email if owner else ""
    if not address and owner is not None and owner.user is not None:
        address = owner.user.email
    if not address:
        return 0
    contribution = response.contribution
    link = settings.SITE_URL + reverse(
        "outcomes_contribution",
        kwargs={"org": response.organisation.slug, "contribution_pk": contribution.pk},
    )
    body = render_to_string(
        "outcomes/email/review_reminder.txt",
        {
            "owner": owner,
            "response": response,
            "contribution": contribution,
            "link": link,
            "site_name": settings.SITE_NAME,
        },
    )
    return send_mail(
        subject=_("A decision is due for review"),
        message=body,
        from_email=None,
        recipient_list=[address],
    )
