"""Operations on Ladder rounds, answers and actions. Each says what it saves and logs.

Answers never go into the audit log: it is read by admins, and the answers are private.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.initiatives.models import Initiative
from coproduce.ladder import delivery
from coproduce.ladder.bank import NOT_SURE, latest_bank_version
from coproduce.ladder.codes import new_short_code, new_token
from coproduce.ladder.models import Action, Response, Round, SummaryShare, default_link_expiry
from coproduce.ladder.path_bank import load_any_bank
from coproduce.ladder.scoring import InvalidAnswer
from coproduce.people.models import Person

if TYPE_CHECKING:
    from coproduce.accounts.models import User


class CannotAnswer(Exception):
    """This response cannot take answers now. `reason` is "submitted", "expired" or "closed"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_can_answer(response: Response, *, by_staff: bool = False) -> None:
    """Raise CannotAnswer unless `response` can still change.

    Staff entering answers for someone (a paper or phone answer) are not held by the link's
    expiry date, only by the round being closed.
    """
    if response.submitted_at is not None:
        raise CannotAnswer("submitted")
    if response.round.closed_at is not None:
        raise CannotAnswer("closed")
    if not by_staff and response.link_has_expired:
        raise CannotAnswer("expired")


def open_round(initiative: Initiative, *, actor: User) -> Round:
    """Start a new round of the Ladder questions for everyone involved in `initiative`.

    Refuses (ValidationError) while another round is open or when nobody is involved.
    Side effects: saves the Round and one Response (with a private link and a short code) for
    every involved person, in the capacity of their involvement, under the latest bank; marks
    the initiative's open actions to be checked in this round; logs "ladder.round.opened";
    sends each person their link (`delivery.send_invitations`: saved, logged, and emailed
    after commit to those who chose email).
    """
    with transaction.atomic():
        if Round.objects.filter(initiative=initiative, closed_at__isnull=True).exists():
            raise ValidationError(
                _("A round is already open. Close it before you start a new one."),
                code="round_open",
            )
        involvements = list(initiative.involvements.select_related("person"))
        if not involvements:
            raise ValidationError(
                _("Add the people involved first. Then you can ask them."), code="nobody"
            )
        last = Round.objects.filter(initiative=initiative).aggregate(n=Max("number"))["n"]
        try:
            with transaction.atomic():
                round_ = Round.objects.create(
                    organisation=initiative.organisation,
                    initiative=initiative,
                    number=(last or 0) + 1,
                    opened_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:  # another tab opened one a moment ago
            raise ValidationError(
                _("A round is already open. Close it before you start a new one."),
                code="round_open",
            ) from None
        version = latest_bank_version()
        codes = _fresh_codes(len(involvements))
        Response.objects.bulk_create(
            Response(
                organisation=initiative.organisation,
                round=round_,
                person=involvement.person,
                capacity=involvement.capacity,
                bank_version=version,
                short_code=code,
            )
            for involvement, code in zip(involvements, codes, strict=True)
        )
        Action.objects.filter(initiative=initiative, status=Action.Status.OPEN).update(
            checked_in_round=round_
        )
        log_action(
            round_,
            "ladder.round.opened",
            actor=actor,
            data={"number": round_.number, "invited": len(involvements), "bank_version": version},
        )
        delivery.send_invitations(round_, actor=actor)
    return round_


def add_to_round(round_: Round, person: Person, *, actor: User) -> Response:
    """Ask `person`, who joined the initiative after `round_` opened, in that round too.

    Refuses (ValidationError) when the round is closed, when the person is not involved in
    the initiative, or when they already have answers in this round (from another tab too).
    Side effects: saves one Response (with a private link and a short code) in the capacity of
    their involvement, under the bank the round's other answers use (the latest bank when it
    has none); logs "ladder.round.person_added"; sends them their link
    (`delivery.send_invitations`).
    """
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.closed_at is not None:
            raise ValidationError(
                _("This round is closed. Start a new round to ask them."), code="closed"
            )
        involvement = locked.initiative.involvements.filter(person=person).first()
        if involvement is None:
            raise ValidationError(
                _("%(name)s is not part of this work. Add them to it first.")
                % {"name": person.display_name},
                code="not_involved",
            )
        if locked.responses.filter(person=person).exists():
            raise ValidationError(
                _("%(name)s has already been asked in this round.") % {"name": person.display_name},
                code="duplicate",
            )
        version = (
            locked.responses.order_by("id").values_list("bank_version", flat=True).first()
            or latest_bank_version()
        )
        response = Response.objects.create(
            organisation=locked.organisation,
            round=locked,
            person=person,
            capacity=involvement.capacity,
            bank_version=version,
            short_code=_fresh_codes(1)[0],
        )
        log_action(
            locked,
            "ladder.round.person_added",
            actor=actor,
            data={"number": locked.number, "person": person.pk},
        )
        delivery.send_invitations(locked, actor=actor)
    return response


def close_round(round_: Round, *, actor: User) -> bool:
    """Stop taking answers in `round_`. Returns False if it was already closed.

    Answers saved but not sent are kept (and not scored). Side effects: saves closed_at;
    withdraws link messages not sent yet (`delivery.withdraw_links`); logs
    "ladder.round.closed" with how many sent their answers.
    """
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.closed_at is not None:
            return False
        locked.closed_at = round_.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        submitted = locked.responses.filter(submitted_at__isnull=False).count()
        delivery.withdraw_links(locked.responses.all(), reason="The round closed.")
        log_action(
            locked,
            "ladder.round.closed",
            actor=actor,
            data={"number": locked.number, "submitted": submitted},
        )
    return True


def renew_link(response: Response, *, actor: User) -> Response:
    """Give `response` a new private link and short code, working for another LINK_DAYS.

    The old link and code stop working; saved answers are kept. Refuses (CannotAnswer) once
    the answers are sent or the round is closed. Side effects: saves the response; logs
    "ladder.link.renewed"; withdraws messages with the old link not sent yet; sends the person
    the new link (`delivery.send_new_link`, by the way they chose).
    """
    with transaction.atomic():
        locked = Response.objects.select_for_update().select_related("round").get(pk=response.pk)
        check_can_answer(locked, by_staff=True)
        locked.token = new_token()
        locked.short_code = _fresh_codes(1)[0]
        locked.link_expires_at = default_link_expiry()
        locked.save(update_fields=["token", "short_code", "link_expires_at", "updated_at"])
        log_action(locked, "ladder.link.renewed", actor=actor, data={"round": locked.round_id})
        delivery.withdraw_links(
            Response.objects.filter(pk=locked.pk), reason="A new link replaced this one."
        )
        delivery.send_new_link(locked, actor=actor)
    return locked


def record_answer(
    response: Response,
    question_key: str,
    option_key: str,
    *,
    entered_by: Any = None,
    position: int | None = None,
) -> Response:
    """Save one answer (an option key of the response's own bank version, or "not_sure").

    The row is locked and re-read first, so answers given in two tabs at once are both kept.
    `entered_by` is the member of staff typing in a paper or phone answer: the response is then
    marked as entered by proxy. `position` is the question to come back to.
    Raises CannotAnswer (sent, closed, expired link), UnknownBankVersion (its bank is gone) or
    InvalidAnswer (no such question or option); nothing is saved then.
    Side effects: saves the response; on the first answer logs "ladder.response.started"
    (never the answer itself).
    """
    with transaction.atomic():
        locked = Response.objects.select_for_update().select_related("round").get(pk=response.pk)
        check_can_answer(locked, by_staff=entered_by is not None)
        question = _question(locked.bank_version, question_key)
        if option_key != NOT_SURE:
            try:
                question.option(option_key)
            except KeyError:
                raise InvalidAnswer(
                    f"question {question_key!r} has no option {option_key!r}"
                ) from None
        first = locked.started_at is None
        locked.answers = {**locked.answers, question_key: option_key}
        if position is not None:
            locked.position = position
        if first:
            locked.started_at = timezone.now()
        if entered_by is not None:
            locked.by_proxy = True
            locked.entered_by = entered_by
        locked.save()
        if first:
            log_action(
                locked,
                "ladder.response.started",
                actor=entered_by,
                data={"round": locked.round_id, "by_proxy": entered_by is not None},
            )
    _copy(locked, response)
    return response


def save_position(response: Response, position: int) -> None:
    """Remember which question to come back to. Side effects: saves the response."""
    Response.objects.filter(pk=response.pk, submitted_at__isnull=True).update(position=position)
    response.position = position


def submit_response(response: Response, *, entered_by: Any = None) -> bool:
    """Send the answers. Returns False, changing nothing, if they were already sent.

    Unanswered questions count as "not sure". Raises CannotAnswer (closed, expired link) or
    UnknownBankVersion; the saved answers are kept either way.
    Side effects: saves submitted_at (and the proxy marks when `entered_by` is given);
    withdraws link messages not sent yet; logs "ladder.response.submitted".
    """
    with transaction.atomic():
        locked = Response.objects.select_for_update().select_related("round").get(pk=response.pk)
        if locked.submitted_at is not None:
            _copy(locked, response)
            return False
        check_can_answer(locked, by_staff=entered_by is not None)
        load_any_bank(locked.bank_version)  # raises UnknownBankVersion
        locked.submitted_at = timezone.now()
        if entered_by is not None:
            locked.by_proxy = True
            locked.entered_by = entered_by
        locked.save()
        delivery.withdraw_links(
            Response.objects.filter(pk=locked.pk), reason="Their answers were sent."
        )
        log_action(
            locked,
            "ladder.response.submitted",
            actor=entered_by,
            data={"round": locked.round_id, "by_proxy": locked.by_proxy},
        )
    _copy(locked, response)
    return True


def adopt_action(
    initiative: Initiative,
    *,
    round_: Round,
    question_key: str,
    text: str,
    owner: Person,
    due_on: datetime.date,
    actor: User,
) -> Action:
    """Take on a next step with an owner and a date.

    Refuses (ValidationError) an owner from another organisation, or a second open action for
    the same question (say, a double click). Side effects: saves the Action; logs
    "ladder.action.adopted".
    """
    if owner.organisation_id != initiative.organisation_id:
        raise ValidationError(_("That person is not part of this organisation."))
    try:
        with transaction.atomic():
            action = Action.objects.create(
                organisation=initiative.organisation,
                initiative=initiative,
                round=round_,
                question_key=question_key,
                text=text,
                owner=owner,
                due_on=due_on,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise ValidationError(
            _("This step is already on the action plan."), code="duplicate"
        ) from None
    log_action(
        action,
        "ladder.action.adopted",
        actor=actor,
        data={"initiative": initiative.pk, "question": question_key, "owner": owner.pk},
    )
    return action


def complete_action(action: Action, *, actor: User) -> bool:
    """Mark an action done. Returns False if it already was.

    Side effects: saves status and done_at; logs "ladder.action.done".
    """
    updated = Action.objects.filter(pk=action.pk, status=Action.Status.OPEN).update(
        status=Action.Status.DONE, done_at=timezone.now()
    )
    if not updated:
        return False
    action.refresh_from_db(fields=["status", "done_at"])
    log_action(action, "ladder.action.done", actor=actor, data={"initiative": action.initiative_id})
    return True


def _question(version: int, key: str) -> Any:
    bank = load_any_bank(version)
    try:
        return bank.question(key)
    except KeyError:
        raise InvalidAnswer(f"bank v{version} has no question {key!r}") from None


def _fresh_codes(count: int) -> list[str]:
    """`count` short codes that no response has yet."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_short_code() for _ in range(count - len(codes))} - codes
        taken = set(
            Response.objects.filter(short_code__in=wanted).values_list("short_code", flat=True)
        )
        codes |= wanted - taken
    return sorted(codes)


def _copy(source: Response, target: Response) -> None:
    if source is target:
        return
    for field in (
        "answers",
        "position",
        "started_at",
        "submitted_at",
        "by_proxy",
        "entered_by_id",
        "updated_at",
    ):
        setattr(target, field, getattr(source, field))


def share_summary(initiative: Initiative, *, actor: User) -> SummaryShare:
    """Make the initiative's Ladder summary readable without login at an unguessable address.

    Sharing what is already shared returns the same address. Side effects: saves a
    SummaryShare; logs "ladder.summary.shared".
    """
    with transaction.atomic():
        share, created = SummaryShare.objects.get_or_create(
            initiative=initiative,
            defaults={
                "organisation": initiative.organisation,
                "shared_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        if created:
            log_action(initiative, "ladder.summary.shared", actor=actor)
    return share


def stop_sharing_summary(initiative: Initiative, *, actor: User) -> bool:
    """Stop the shared address working. Returns False if it was not shared.

    Side effects: deletes the SummaryShare; logs "ladder.summary.unshared".
    """
    deleted, _kinds = SummaryShare.objects.filter(initiative=initiative).delete()
    if deleted:
        log_action(initiative, "ladder.summary.unshared", actor=actor)
    return bool(deleted)
