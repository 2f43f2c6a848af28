"""Recording the decisions taken on a piece of work or by a panel.

A decision that came from something someone said also answers it in "you said, we did": it
records a `Response` on that contribution through the outcomes domain, so the contribution's
story, its measures and its public page show the decision like any other answer.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.core.models import Organisation
from coproduce.decisions.models import VOTE_COUNTS, CameFrom, Decision, How, vote_count_problems
from coproduce.initiatives.models import Initiative
from coproduce.outcomes import domain as outcomes
from coproduce.outcomes.models import Contribution
from coproduce.panels.models import Meeting, Panel
from coproduce.people.models import Person
from coproduce.workshops.models import Workshop

if TYPE_CHECKING:
    from coproduce.accounts.models import User


def _check(
    *,
    organisation: Organisation,
    initiative: Initiative | None,
    panel: Panel | None,
    how: str,
    decided_on: datetime.date,
    votes: dict[str, int | None],
    came_from: str,
    workshop: Workshop | None,
    meeting: Meeting | None,
    contribution: Contribution | None,
    means: str,
    people: list[Person],
) -> None:
    """Refuse a decision that does not hold together, with each message by its field."""
    for record in (initiative, panel, workshop, meeting, contribution, *people):
        if record is not None and record.organisation_id != organisation.pk:
            raise ValidationError(_("That record belongs to another organisation."))
    if initiative is None and panel is None:
        raise ValidationError(_("Say which piece of work or which panel it belongs to."))
    errors: dict[str, str] = dict(vote_count_problems(how, votes))
    if how not in How.values:
        errors["how"] = _("Choose how it was decided.")
    if workshop is not None and (initiative is None or workshop.initiative_id != initiative.pk):
        errors["workshop"] = _("Choose a workshop of this piece of work.")
    elif workshop is not None and decided_on < timezone.localdate(workshop.starts_at):
        errors["decided_on"] = _("The decision cannot be before the workshop it came from.")
    if meeting is not None and (panel is None or meeting.panel_id != panel.pk):
        errors["meeting"] = _("Choose a meeting of this panel.")
    elif meeting and meeting.starts_at and decided_on < timezone.localdate(meeting.starts_at):
        errors["decided_on"] = _("The decision cannot be before the meeting it came from.")
    if contribution is not None and not (
        (initiative is not None and contribution.initiative_id == initiative.pk)
        or (panel is not None and contribution.panel_id == panel.pk)
    ):
        errors["contribution"] = _("Choose something said about this piece of work or panel.")
    if came_from and came_from not in CameFrom.values:
        errors["came_from"] = _("Choose what it came from.")
    needed: dict[str, tuple[str, Any, str]] = {
        CameFrom.WORKSHOP: ("workshop", workshop, _("Choose the workshop it came from.")),
        CameFrom.MEETING: ("meeting", meeting, _("Choose the meeting it came from.")),
        CameFrom.CONTRIBUTION: (
            "contribution",
            contribution,
            _("Choose what was said that it came from."),
        ),
    }
    if came_from in needed:
        field, record, message = needed[came_from]
        if record is None:
            errors.setdefault(field, message)
    if came_from == CameFrom.CONTRIBUTION and contribution is not None and not means:
        errors["means"] = _("Choose what the decision means for what was said.")
    if errors:
        raise ValidationError(errors)


def _answer_contribution(decision: Decision, *, actor: User, means: str) -> None:
    """Record the decision as the answer to its contribution in "you said, we did", unless the
    answer it already recorded says the same."""
    contribution = decision.contribution
    if contribution is None or not means:
        return
    earlier = decision.response
    if (
        earlier is not None
        and earlier.contribution_id == contribution.pk
        and earlier.decision == means
        and earlier.decided_on == decision.decided_on
    ):
        return
    try:
        decision.response = outcomes.record_response(
            contribution,
            actor=actor,
            decision=means,
            decided_by=str(How(decision.how).label),
            decided_on=decision.decided_on,
            reason=decision.what,
        )
    except ValidationError as error:  # keyed by the outcomes form's fields: say it here
        messages = error.message_dict
        raise ValidationError(
            {
                "decided_on" if "decided_on" in messages else "means": [
                    message for field_messages in messages.values() for message in field_messages
                ]
            }
        ) from None
    decision.save(update_fields=["response"])


# What a decision says, besides who took part: the fields `record_decision` and
# `update_decision` take by keyword.
DETAILS = frozenset(
    {"what", "decided_on", "how", "came_from", "workshop", "meeting", "contribution", *VOTE_COUNTS}
)


def _checked(
    organisation: Organisation,
    *,
    initiative: Initiative | None,
    panel: Panel | None,
    people: list[Person],
    means: str,
    details: dict[str, Any],
) -> dict[str, Any]:
    """The fields to save, once they hold together: only the record that matches what it
    came from is kept (a form may send all three). Raises ValidationError keyed by field."""
    if unknown := set(details) - DETAILS:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    came_from = details.get("came_from", "")
    fields: dict[str, Any] = {
        "what": details["what"].strip(),
        "decided_on": details["decided_on"],
        "how": details["how"],
        "came_from": came_from,
        "workshop": details.get("workshop") if came_from == CameFrom.WORKSHOP else None,
        "meeting": details.get("meeting") if came_from == CameFrom.MEETING else None,
        "contribution": (
            details.get("contribution") if came_from == CameFrom.CONTRIBUTION else None
        ),
        **{name: details.get(name) for name in VOTE_COUNTS},
    }
    _check(
        organisation=organisation,
        initiative=initiative,
        panel=panel,
        how=fields["how"],
        decided_on=fields["decided_on"],
        votes={name: fields[name] for name in VOTE_COUNTS},
        came_from=came_from,
        workshop=fields["workshop"],
        meeting=fields["meeting"],
        contribution=fields["contribution"],
        means=means,
        people=people,
    )
    return fields


@transaction.atomic
def record_decision(
    organisation: Organisation,
    *,
    actor: User,
    recorded_by: Person | None,
    initiative: Initiative | None = None,
    panel: Panel | None = None,
    people: Iterable[Person] = (),
    means: str = "",
    **details: Any,
) -> Decision:
    """Record a decision on a piece of work or of a panel. `details`: `what` was decided,
    `decided_on`, `how` (a `How`), and optionally `came_from` (a `CameFrom`) with its
    `workshop`, `meeting` or `contribution`, and the counts of a vote (`VOTE_COUNTS`), which
    only a vote may have and a vote must have.

    `means` is what the decision means for the contribution it came from (a
    `outcomes.Response.Decision`); needed when it came from one. Raises ValidationError keyed
    by field. Side effects: saves the Decision and who took part; records a Response on the
    contribution (which logs "outcomes.response.recorded"); logs
    "decisions.decision.recorded".
    """
    people = list(people)
    fields = _checked(
        organisation,
        initiative=initiative,
        panel=panel,
        people=people,
        means=means,
        details=details,
    )
    decision = Decision.objects.create(
        organisation=organisation,
        initiative=initiative,
        panel=panel,
        recorded_by=recorded_by,
        **fields,
    )
    decision.people.set(people)
    _answer_contribution(decision, actor=actor, means=means)
    log_action(
        initiative or panel or decision,
        "decisions.decision.recorded",
        actor=actor,
        data={"decision": decision.pk, "how": decision.how, "came_from": decision.came_from},
    )
    return decision


@transaction.atomic
def update_decision(
    decision: Decision,
    *,
    actor: User,
    people: Iterable[Person] = (),
    means: str = "",
    **details: Any,
) -> Decision:
    """Correct a recorded decision (staff only: the view checks). `details` as for
    `record_decision`; what is not given is emptied, as a form that leaves it empty does.

    When it now answers a contribution differently (another contribution, another answer or
    date), a new Response is recorded there: "you said, we did" keeps every answer given.
    Raises ValidationError keyed by field. Side effects: saves the Decision and who took
    part; may record a Response; logs "decisions.decision.updated" with the changed fields.
    """
    people = list(people)
    fields = _checked(
        decision.organisation,
        initiative=decision.initiative,
        panel=decision.panel,
        people=people,
        means=means,
        details=details,
    )
    changed = sorted(name for name, value in fields.items() if getattr(decision, name) != value)
    if set(decision.people.values_list("pk", flat=True)) != {person.pk for person in people}:
        changed.append("people")
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.save()
    decision.people.set(people)
    _answer_contribution(decision, actor=actor, means=means)
    log_action(
        decision.initiative or decision.panel or decision,
        "decisions.decision.updated",
        actor=actor,
        data={"decision": decision.pk, "fields": changed},
    )
    return decision
