"""The workshop record as CSV: one row per fact, no names of people, no access needs; and
every contribution as CSV, one row each (names only of people who gave one)."""

from __future__ import annotations

import csv
from typing import Any

from django.utils.translation import gettext as _

from coproduce.workshops.models import StoryStep
from coproduce.workshops.queries import Record
from coproduce.workshops.record import Said


def _safe(value: Any) -> str:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_record_csv(out: Any, record: Record) -> None:
    writer = csv.writer(out)
    row = lambda *cells: writer.writerow([_safe(c) for c in cells])  # noqa: E731 -- a one-line row writer
    row(_("section"), _("activity"), _("item"), _("detail"), _("value"))
    workshop = record.workshop
    row(_("workshop"), "", _("title"), "", workshop.title)
    row(_("workshop"), "", _("date"), "", workshop.starts_at.date().isoformat())
    for activity in record.agenda:
        row(
            _("agenda"),
            activity.title,
            activity.get_kind_display(),
            _("minutes"),
            activity.planned_minutes,
        )
    for line in record.attendance:
        row(_("attendance"), "", line.label, _("came"), line.came)
        row(_("attendance"), "", line.label, _("left early"), line.left_early)
    for activity, answers in record.warm_ups:
        for text in answers:
            row(_("warm-up"), activity.title, text, "", "")
    for activity, ideas in record.ideas:
        for idea in ideas:
            source = _("best idea of a four") if idea.group_id else ""
            row(_("idea"), activity.title, idea.text, source, "")
    for activity, results in record.results:
        for result in results:
            row(_("result"), activity.title, result.text, _("place"), result.rank)
            row(_("result"), activity.title, result.text, _("total"), result.total)
            row(_("result"), activity.title, result.text, _("from lived experience"), result.lived)
            row(
                _("result"), activity.title, result.text, _("from learnt experience"), result.learnt
            )
    feelings = dict(StoryStep.Feeling.choices)
    for activity, boards in record.boards:
        for group, steps in boards:
            board = group.title or _("Group %(n)s's journey") % {"n": group.number}
            for number, step in enumerate(steps, start=1):
                for name in StoryStep.TEXT_FIELDS:
                    label = StoryStep.label(name)
                    row(
                        _("storyboard"),
                        activity.title,
                        board,
                        f"{number}. {label}",
                        getattr(step, name),
                    )
                row(
                    _("storyboard"),
                    activity.title,
                    board,
                    f"{number}. {StoryStep.label('feeling')}",
                    feelings.get(step.feeling, "") if step.feeling else "",
                )


def write_contributions_csv(out: Any, contributions: list[Said]) -> None:
    """One row per contribution, in the record's order, after one row of headings."""
    writer = csv.writer(out)
    writer.writerow(
        [
            _("activity"),
            _("kind"),
            _("group"),
            _("who"),
            _("text"),
            _("revision"),
            _("what it replaced"),
            _("replaced by"),
            _("entered by"),
            _("notes"),
            _("time"),
        ]
    )
    for item in contributions:
        writer.writerow(
            [
                _safe(cell)
                for cell in (
                    item.activity.title,
                    item.kind_label,
                    item.group,
                    item.who,
                    item.text,
                    "" if item.revision is None else item.revision,
                    item.replaced,
                    item.replaced_by,
                    item.entered_by,
                    "; ".join(item.notes),
                    item.at.isoformat(timespec="seconds"),
                )
            ]
        )
