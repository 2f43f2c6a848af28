"""Deleting what panels no longer need to keep (UK GDPR Art. 5(1)(c) and (e)).

Two kinds of record, each on a documented clock (docs/panels.md, "Retention"):

- an `EqualityRecord` goes `PANELS_EQUALITY_RETENTION_MONTHS` (default 12) months after its
  application ended: declined (from that step), or accepted and the membership that came of
  it ended (from the end date); or, for an applicant still waiting (received, contacted,
  invited, offered, waiting list), after recruitment closed (the public page came down:
  `Panel.recruitment_closed_at`) and has stayed closed. Current members' answers stay: the
  panel's membership report counts them;
- an unsent draft `Application` (and its uploaded file) goes `PANELS_DRAFT_RETENTION_DAYS`
  (default 30) days after it was last saved;
- the messages about an application (`people.Message`: its news to the applicant, with
  their name and private link, and the note to the named contact that they took or turned
  down a place) go on the equality record's clock, once the application has ended, or with
  the draft.

`apply_retention` is safe to run again and again: a second run finds nothing more. It runs
daily from `manage.py apply_panel_retention` (cron), or as `tasks.apply_panel_retention_task`.
What it deletes is counted, never described: the audit log and log line carry numbers only.
"""

from __future__ import annotations

import calendar
import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from coproduce.core.audit import log_action
from coproduce.core.models import Organisation
from coproduce.panels.domain.equality import OPEN_STATUSES
from coproduce.panels.models import (
    Application,
    ApplicationStatusChange,
    EqualityRecord,
    PanelMember,
    Status,
)
from coproduce.people.models import Message

logger = logging.getLogger(__name__)

WAITING = (*OPEN_STATUSES, Status.OFFERED)


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same time `months` calendar months earlier (the 31st becomes the month's last day)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def ended_applications(now: datetime.datetime | None = None) -> QuerySet[Application]:
    """Applications that ended more than `PANELS_EQUALITY_RETENTION_MONTHS` ago (see the
    module docstring): what is kept about them only for that long goes now."""
    now = now or timezone.now()
    cutoff = months_before(now, settings.PANELS_EQUALITY_RETENTION_MONTHS)
    memberships = PanelMember.objects.filter(application=OuterRef("pk"))
    applications = Application.objects.annotate(
        is_member=Exists(memberships.filter(ended_on__isnull=True)),
        was_member=Exists(memberships),
        last_ended=Subquery(memberships.order_by("-ended_on").values("ended_on")[:1]),
    )
    declined = Q(status=Status.DECLINED, status_changed_at__lte=cutoff)
    left = Q(
        status=Status.ACCEPTED,
        is_member=False,
        was_member=True,
        last_ended__lte=timezone.localdate(cutoff),
    )
    accepted_never_joined = Q(
        status=Status.ACCEPTED, was_member=False, status_changed_at__lte=cutoff
    )
    closed = Q(
        status__in=WAITING,
        panel__published_at__isnull=True,
        panel__recruitment_closed_at__lte=cutoff,
    )
    return applications.filter(declined | left | accepted_never_joined | closed)


def expired_equality_records(now: datetime.datetime | None = None) -> QuerySet[EqualityRecord]:
    """Equality records whose retention period is over (see the module docstring)."""
    return EqualityRecord.objects.filter(application__in=ended_applications(now).values("pk"))


def messages_about(applications: QuerySet[Application]) -> QuerySet[Message]:
    """The people.Messages about `applications`: each step's news to the applicant, and the
    named contact's note that they took or turned down a place (reads only)."""
    news = ApplicationStatusChange.objects.filter(
        application__in=applications.values("pk"), sent_message__isnull=False
    ).values("sent_message_id")
    keys = applications.annotate(
        message_key=Concat(Value("application:"), Cast("pk", CharField()))
    ).values("message_key")
    return Message.objects.filter(
        Q(pk__in=news) | Q(kind__in=["offer.accepted", "offer.declined"], key__in=keys)
    )


def abandoned_drafts(now: datetime.datetime | None = None) -> QuerySet[Application]:
    """Unsent applications not saved for `PANELS_DRAFT_RETENTION_DAYS` days."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PANELS_DRAFT_RETENTION_DAYS)
    return Application.objects.filter(status=Status.DRAFT, updated_at__lte=cutoff)


@dataclass
class RetentionResult:
    equality_records: int = 0
    drafts: int = 0
    files: int = 0
    messages: int = 0
    by_organisation: dict[int, Counter[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {"equality_records": self.equality_records, "drafts": self.drafts}

    def count(self, organisation_id: int, kind: str, n: int) -> None:
        self.by_organisation.setdefault(organisation_id, Counter())[kind] += n


def _delete_files(files: list[Any]) -> None:
    for attachment in files:
        attachment.delete(save=False)


def due_for_retention(now: datetime.datetime | None = None) -> RetentionResult:
    """What `apply_retention` would delete now, counted (for --dry-run)."""
    result = RetentionResult()
    for organisation_id in expired_equality_records(now).values_list("organisation_id", flat=True):
        result.equality_records += 1
        result.count(organisation_id, "equality_records", 1)
    for organisation_id in abandoned_drafts(now).values_list("organisation_id", flat=True):
        result.drafts += 1
        result.count(organisation_id, "drafts", 1)
    for organisation_id in _expired_messages(now).values_list("organisation_id", flat=True):
        result.messages += 1
        result.count(organisation_id, "messages", 1)
    return result


def _expired_messages(now: datetime.datetime | None) -> QuerySet[Message]:
    return messages_about(ended_applications(now)) | messages_about(abandoned_drafts(now))


def apply_retention(now: datetime.datetime | None = None) -> RetentionResult:
    """Delete the equality records, unsent drafts and messages about applications whose time
    is up.

    Side effects: deletes EqualityRecords, people.Messages about ended applications, draft
    Applications and their uploaded files (after commit, so a rolled-back run keeps them);
    logs "panels.retention.applied" for each organisation that lost something, with counts
    only; writes one log line with the totals.
    """
    now = now or timezone.now()
    result = RetentionResult()
    with transaction.atomic():
        records = list(
            expired_equality_records(now).select_for_update().values_list("pk", "organisation_id")
        )
        EqualityRecord.objects.filter(pk__in=[pk for pk, _org in records]).delete()
        for _pk, organisation_id in records:
            result.count(organisation_id, "equality_records", 1)
        result.equality_records = len(records)

        messages = list(_expired_messages(now).values_list("pk", "organisation_id"))
        Message.objects.filter(pk__in=[pk for pk, _org in messages]).delete()
        for _pk, organisation_id in messages:
            result.count(organisation_id, "messages", 1)
        result.messages = len(messages)

        drafts = list(abandoned_drafts(now).select_for_update())
        files = [draft.attachment for draft in drafts if draft.attachment]
        Application.objects.filter(pk__in=[draft.pk for draft in drafts]).delete()
        for draft in drafts:
            result.count(draft.organisation_id, "drafts", 1)
        result.drafts = len(drafts)
        result.files = len(files)
        transaction.on_commit(partial(_delete_files, files))

        organisations = Organisation.objects.in_bulk(list(result.by_organisation))
        for organisation_id, counts in result.by_organisation.items():
            log_action(
                None,
                "panels.retention.applied",
                organisation=organisations[organisation_id],
                data={
                    "equality_records": counts["equality_records"],
                    "drafts": counts["drafts"],
                    "messages": counts["messages"],
                },
            )
    logger.info(
        "Panels retention: deleted %d equality records and %d unsent drafts (%d files).",
        result.equality_records,
        result.drafts,
        result.files,
    )
    return result
