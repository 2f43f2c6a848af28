"""Pieces the panel forms share: date and time inputs, file checks, the plain-language check."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from coproduce.core.plain_check import PlainCheckMixin
from coproduce.panels.forms.applications import ALLOWED_ATTACHMENTS, check_upload
from coproduce.panels.models.meetings import EARLIEST_MEETING, LATEST_MEETING

__all__ = [
    "DATETIME_ERROR",
    "PAPER_TYPES",
    "DateTimeInput",
    "PlainCheckMixin",
    "check_paper",
    "datetime_field",
    "in_meeting_range",
]

DATETIME_ERROR = _("Enter a real date and time, for example 2026-05-05 14:00.")
DATE_FORMAT_HINT = _("For example 2026-05-05 14:00.")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


def in_meeting_range(value: datetime.datetime) -> None:
    """Refuse a date people cannot meet on (9999-12-31 broke every page that showed it)."""
    if not EARLIEST_MEETING <= value <= LATEST_MEETING:
        raise forms.ValidationError(
            _("Enter a date from the year %(first)s to %(last)s.")
            % {"first": EARLIEST_MEETING.year, "last": LATEST_MEETING.year},
            code="out_of_range",
        )


def datetime_field(label: Any, *, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        validators=[in_meeting_range],
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={"invalid": DATETIME_ERROR, "required": _("Enter the date and time.")},
    )


PAPER_TYPES = {
    ext: ALLOWED_ATTACHMENTS[ext]
    for ext in (".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".mp3", ".m4a")
}


def check_paper(upload: UploadedFile, *, limit_mb: int) -> None:
    """Raise ValidationError unless the file is a document or recording we accept."""
    check_upload(
        upload,
        limit_mb=limit_mb,
        allowed=PAPER_TYPES,
        too_big=_(
            "The file is too big. It must be smaller than %(limit)s MB. What you typed is "
            "kept: choose a smaller file and save again."
        ),
        wrong_type=_(
            "We cannot take this kind of file. Use a PDF, a Word or OpenDocument file, a text "
            "file, or a sound recording (MP3 or M4A). What you typed is kept."
        ),
    )
