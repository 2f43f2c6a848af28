"""The only way in and out of access needs (special category data), like `equality.py`.

Pages get flags ("has an adjustment": a set of person ids) from `people_with_adjustments`.
The detail is read only through the `read_*` functions, each of which writes
"panels.access_needs.viewed" to the audit log: who looked, at whose or which meeting's, and
how many; never what the need is. Writes log the record's number only.
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
from coproduce.panels.domain import access_notices
from coproduce.panels.models import (
    AccessNeed,
    Adjustment,
    AdjustmentCheck,
    Meeting,
    Panel,
    PanelMember,
    Route,
)
from coproduce.panels.models.access import NEED_OPTIONS
from coproduce.people.models import Person

if TYPE_CHECKING:
    from coproduce.accounts.models import User

REVIEW_SOON_DAYS = 14


def people_with_adjustments(panel: Panel) -> set[int]:
    """Ids of people on this panel with a current access need: the flag, and nothing more.

    One query, whatever the size of the panel.
    """
    return set(
        AccessNeed.objects.filter(panel=panel, ended_on__isnull=True)
        .values_list("person_id", flat=True)
        .distinct()
    )


def _current_needs(panel: Panel) -> Any:
    return AccessNeed.objects.filter(panel=panel, ended_on__isnull=True).prefetch_related(
        Prefetch(
            "adjustments",
            queryset=Adjustment.objects.filter(ended_on__isnull=True).order_by("agreed_on", "id"),
            to_attr="current_adjustments",
        )
    )


def _log_viewed(panel: Panel, person_id: int, count: int, *, actor: User) -> None:
    """Log a look at one member's needs: whose (their number) and how many, never what."""
    log_action(
        panel,
        "panels.access_needs.viewed",
        actor=actor,
        data={"person": person_id, "count": count},
    )


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
    need = (
        AccessNeed.objects.select_related("person")
        .filter(panel=panel, pk=need_pk, ended_on__isnull=True)
        .first()
    )
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


def read_own_access_need(
    panel: Panel, person: Person, need_pk: int, *, actor: User
) -> AccessNeed | None:
    """One of a member's own current needs, for them to change; None when it is not theirs.

    Call only for the member themself (their own Person on this panel).
    Side effects: logs "panels.access_needs.viewed" with the person's number, when found.
    """
    need = _current_needs(panel).filter(person=person, pk=need_pk).first()
    if need is not None:
        _log_viewed(panel, person.pk, 1, actor=actor)
    return need


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
    log_action(
        meeting.panel,
        "panels.access_needs.viewed",
        actor=actor,
        data={"meeting": meeting.pk, "count": sum(len(v) for v in grouped.values())},
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


def _clean_options(kind: str, options: list[str]) -> list[str]:
    allowed = {value for value, _label in NEED_OPTIONS.get(kind, [])}
    return [option for option in options if option in allowed]


def record_access_need(
    panel: Panel,
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
    by_member: bool = False,
) -> AccessNeed:
    """Record a need a member has told us about (AIS identify and record), with their
    agreement that we keep it: given now, `consent_via` online (the member themself) or to
    staff by phone, on paper or in conversation.

    `by_member`: the member added it themself, so the named contact and deputy are told.
    Side effects: saves an AccessNeed; logs "panels.access_need.recorded" (its number and the
    consent route only); with `by_member`, after commit, enqueues an email to the contact and
    deputy that says only that a need was added or changed.
    """
    if consent_via not in Route.values:
        raise ValueError(f"unknown consent route {consent_via!r}")
    _check_member(panel, person)
    need = AccessNeed.objects.create(
        organisation=panel.organisation,
        panel=panel,
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
        panel,
        "panels.access_need.recorded",
        actor=actor,
        data={"need": need.pk, "consent_via": consent_via},
    )
    if by_member:
        access_notices.notify_contacts_on_commit(need)
    return need


def update_access_need(
    need: AccessNeed, *, actor: User, by_member: bool = False, **fields: Any
) -> AccessNeed:
    """Change a need, or end it (`ended=True`) when they no longer need it.

    `by_member`: the member changed it themself, so the named contact and deputy are told.
    Side effects: saves the AccessNeed (ending also ends its adjustments); logs
    "panels.access_need.updated" or "panels.access_need.ended" (its number only); with
    `by_member`, after commit, enqueues the same content-free email as `record_access_need`.
    """
    ended = fields.pop("ended", False)
    if "options" in fields:
        fields["options"] = _clean_options(fields.get("kind", need.kind), fields["options"])
    for name, value in fields.items():
        setattr(need, name, value)
    with transaction.atomic():
        if ended:
            need.ended_on = timezone.localdate()
            Adjustment.objects.filter(need=need, ended_on__isnull=True).update(
                ended_on=need.ended_on
            )
        need.save()
        action = "panels.access_need.ended" if ended else "panels.access_need.updated"
        log_action(need.panel, action, actor=actor, data={"need": need.pk})
        if by_member:
            access_notices.notify_contacts_on_commit(need)
    return need


def agree_adjustment(
    need: AccessNeed,
    *,
    actor: User,
    description: str,
    agreed_on: datetime.date,
    review_on: datetime.date,
) -> Adjustment:
    """Record what we agreed to do to meet a need, and when we will check it (AIS meet, review).

    Raises ValidationError when the review date is before the date agreed.
    Side effects: saves an Adjustment; logs "panels.adjustment.agreed" (its number only).
    """
    if review_on < agreed_on:
        raise ValidationError(_("The review date must be after the date you agreed it."))
    adjustment = Adjustment.objects.create(
        organisation=need.organisation,
        need=need,
        panel_id=need.panel_id,
        person_id=need.person_id,
        description=description.strip(),
        agreed_on=agreed_on,
        agreed_by=actor,
        review_on=review_on,
    )
    log_action(
        need.panel, "panels.adjustment.agreed", actor=actor, data={"adjustment": adjustment.pk}
    )
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
        adjustment.need.panel,
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
