"""A panel's way in and out of its members' access needs (special category data).

The needs are the person's (`people.AccessNeed`, written through `people.access`): a panel
reads the needs of its current members, and keeps its own adjustments (what it agreed to
do). Pages get flags ("has an adjustment": a set of person ids) from
`people_with_adjustments`. The detail is read only through the `read_*` functions, each of
which writes "panels.access_needs.viewed" to the audit log: who looked, at whose or which
meeting's, and how many; never what the need is. Writes log the record's number only.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.core.audit import log_action
from coproduce.panels.models import (
    AccessNeed,
    Adjustment,
    AdjustmentCheck,
    Meeting,
    Panel,
    PanelMember,
)
from coproduce.people import access as person_access
from coproduce.people.models import Person

if TYPE_CHECKING:
    from coproduce.accounts.models import User

REVIEW_SOON_DAYS = 14


VIEWED = "panels.access_needs.viewed"


def _member_ids(panel: Panel) -> Any:
    return PanelMember.objects.filter(panel=panel, ended_on__isnull=True).values("person_id")


def people_with_adjustments(panel: Panel) -> set[int]:
    """Ids of people on this panel with a current access need: the flag, and nothing more.

    One query, whatever the size of the panel.
    """
    return person_access.people_with_needs(_member_ids(panel))


def _current_needs(panel: Panel) -> Any:
    """The current needs of the panel's current members, each with this panel's current
    adjustments (`need.current_adjustments`): another panel's plans are its own."""
    needs = person_access.current_needs_of(_member_ids(panel)).select_related(
        "person", "recorded_by"
    )
    return needs.prefetch_related(
        Prefetch(
            "adjustments",
            queryset=Adjustment.objects.filter(panel=panel, ended_on__isnull=True).order_by(
                "agreed_on", "id"
            ),
            to_attr="current_adjustments",
        )
    )


def _log_viewed(panel: Panel, person_id: int, count: int, *, actor: User) -> None:
    """Log a look at one member's needs: whose (their number) and how many, never what."""
    person_access.log_needs_viewed(panel, actor=actor, count=count, action=VIEWED, person=person_id)


def read_access_needs(panel: Panel, person: Person, *, actor: User) -> list[AccessNeed]:
    """One member's current needs with their agreed adjustments (`need.current_adjustments`).

    Call only after `rules.can_read_access_needs` (or for the member themself).
    Side effects: logs "panels.access_needs.viewed" with the person's number.
    """
    needs = list(_current_needs(panel).filter(person=person))
    _log_viewed(panel, person.pk, len(needs), actor=actor)
    return needs


def read_access_need(panel: Panel, need_pk: int, *, actor: User) -> AccessNeed | None:
    """One current need of this panel (with its member), for the named contact or deputy to
    change or to agree an adjustment for; None when there is no such need.

    Call only after `rules.can_read_access_needs`. Side effects: logs
    "panels.access_needs.viewed" with the person's number, when found.
    """
    need = _current_needs(panel).select_related("person").filter(pk=need_pk).first()
    if need is not None:
        _log_viewed(panel, need.person_id, 1, actor=actor)
    return need


def read_adjustment(panel: Panel, adjustment_pk: int, *, actor: User) -> Adjustment | None:
    """One current adjustment of this panel (with its need and member), for a review.

    An adjustment says what someone needs, so reading one counts as reading their need.
    Call only after `rules.can_read_access_needs`. Side effects: logs
    "panels.access_needs.viewed" with the person's number, when found.
    """
    adjustment = (
        Adjustment.objects.select_related("need", "person")
        .filter(panel=panel, pk=adjustment_pk, ended_on__isnull=True)
        .first()
    )
    if adjustment is not None:
        _log_viewed(panel, adjustment.person_id, 1, actor=actor)
    return adjustment


@dataclass
class MeetingNeeds:
    """What a facilitator may read for one meeting: needs by person id, and who else has one."""

    by_person: dict[int, list[AccessNeed]] = field(default_factory=dict)
    flagged_only: set[int] = field(default_factory=set)


def read_meeting_access_needs(
    meeting: Meeting, person_ids: list[int], *, actor: User, everything: bool
) -> MeetingNeeds:
    """Needs of the people coming to a meeting, for the staff running it.

    `everything` (the named contact or deputy) gives every need; otherwise only the needs the
    member agreed to share with facilitators, and a flag for the rest.
    Side effects: logs "panels.access_needs.viewed" with the meeting's number and a count.
    """
    needs = _current_needs(meeting.panel).filter(person_id__in=person_ids)
    result = MeetingNeeds()
    grouped: dict[int, list[AccessNeed]] = defaultdict(list)
    for need in needs:
        if everything or need.share_with_facilitators:
            grouped[need.person_id].append(need)
        else:
            result.flagged_only.add(need.person_id)
    result.by_person = dict(grouped)
    result.flagged_only -= set(grouped)
    person_access.log_needs_viewed(
        meeting.panel,
        actor=actor,
        count=sum(len(v) for v in grouped.values()),
        action=VIEWED,
        meeting=meeting.pk,
    )
    return result


def due_reviews(panel: Panel, *, today: datetime.date | None = None) -> list[Adjustment]:
    """Current adjustments to review in the next two weeks, or overdue (for the contact)."""
    today = today or timezone.localdate()
    return list(
        Adjustment.objects.filter(
            panel=panel,
            ended_on__isnull=True,
            review_on__lte=today + datetime.timedelta(days=REVIEW_SOON_DAYS),
        )
        .select_related("person")
        .order_by("review_on", "id")
    )


def _check_member(panel: Panel, person: Person) -> None:
    if not PanelMember.objects.filter(panel=panel, person=person, ended_on__isnull=True).exists():
        raise ValidationError(_("%(name)s is not on this panel.") % {"name": person})


def record_access_need(
    panel: Panel,
    person: Person,
    *,
    actor: User,
    by_member: bool = False,
    **fields: Any,
) -> AccessNeed:
    """Record a need of a member of this panel (AIS identify and record): the person's need,
    seen by every panel they are on. `fields` as `people.access.record_access_need`.

    Raises ValidationError when they are not on the panel now.
    Side effects: as `people.access.record_access_need` (with `by_member`, the named contacts
    and deputies of their panels get an email that says only that something changed).
    """
    _check_member(panel, person)
    return person_access.record_access_need(person, actor=actor, by_person=by_member, **fields)


def agree_adjustment(
    panel: Panel,
    need: AccessNeed,
    *,
    actor: User,
    description: str,
    agreed_on: datetime.date,
    review_on: datetime.date,
) -> Adjustment:
    """Record what this panel agreed to do to meet a need, and when it will check it (AIS meet,
    review). The adjustment is the panel's; the need stays the person's.

    Raises ValidationError when the review date is before the date agreed.
    Side effects: saves an Adjustment; logs "panels.adjustment.agreed" (its number only).
    """
    if review_on < agreed_on:
        raise ValidationError(_("The review date must be after the date you agreed it."))
    adjustment = Adjustment.objects.create(
        organisation=need.organisation,
        need=need,
        panel=panel,
        person_id=need.person_id,
        description=description.strip(),
        agreed_on=agreed_on,
        agreed_by=actor,
        review_on=review_on,
    )
    log_action(panel, "panels.adjustment.agreed", actor=actor, data={"adjustment": adjustment.pk})
    return adjustment


def review_adjustment(
    adjustment: Adjustment,
    *,
    actor: User,
    reviewed_on: datetime.date,
    next_review_on: datetime.date | None,
    description: str | None = None,
) -> Adjustment:
    """Record a review: the adjustment goes on (with the next review date) or ends.

    `next_review_on=None` ends it. Side effects: saves the Adjustment; logs
    "panels.adjustment.reviewed" (its number, and whether it goes on).
    """
    if next_review_on is not None and next_review_on <= reviewed_on:
        raise ValidationError(_("The next review must be after this one."))
    adjustment.reviewed_on = reviewed_on
    if description is not None and description.strip():
        adjustment.description = description.strip()
    if next_review_on is None:
        adjustment.ended_on = reviewed_on
    else:
        adjustment.review_on = next_review_on
    adjustment.save()
    log_action(
        adjustment.panel,
        "panels.adjustment.reviewed",
        actor=actor,
        data={"adjustment": adjustment.pk, "continues": next_review_on is not None},
    )
    return adjustment


def record_adjustment_checks(
    meeting: Meeting, results: dict[int, tuple[str, str]], *, actor: User
) -> int:
    """Record, for one meeting, whether each adjustment was met: {adjustment id: (result, note)}.

    Only adjustments of this meeting's panel count; others are ignored.
    Side effects: saves AdjustmentChecks; logs "panels.adjustments.checked" (how many).
    """
    valid = set(
        Adjustment.objects.filter(panel=meeting.panel, pk__in=results).values_list("pk", flat=True)
    )
    saved = 0
    with transaction.atomic():
        for adjustment_id, (result, note) in results.items():
            if adjustment_id not in valid or result not in AdjustmentCheck.Result.values:
                continue
            AdjustmentCheck.objects.update_or_create(
                adjustment_id=adjustment_id,
                meeting=meeting,
                defaults={
                    "organisation": meeting.organisation,
                    "result": result,
                    "note": note.strip(),
                    "checked_by": actor,
                },
            )
            saved += 1
        log_action(meeting, "panels.adjustments.checked", actor=actor, data={"count": saved})
    return saved


def adjustment_checks(meeting: Meeting) -> dict[int, AdjustmentCheck]:
    return {check.adjustment_id: check for check in AdjustmentCheck.objects.filter(meeting=meeting)}


def adjustments_met_summary(meeting: Meeting) -> dict[str, int]:
    """How many adjustments were met, partly met and not met at a meeting (counts only)."""
    counts = dict.fromkeys(AdjustmentCheck.Result.values, 0)
    for result in AdjustmentCheck.objects.filter(meeting=meeting).values_list("result", flat=True):
        counts[result] += 1
    return counts
