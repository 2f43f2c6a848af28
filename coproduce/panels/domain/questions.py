"""The panel's own multiple-choice questions on its application form (`PanelQuestion`).

A coordinator adds a question with a short list of answers; applicants see it on the form
(it is optional, like everything there); the selection step can use it as a category. Answers
are kept on the application (`Application.extra_answers`, question id -> option value).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.core.audit import log_action
from coproduce.panels.models import Application, Panel, PanelQuestion

if TYPE_CHECKING:
    from coproduce.accounts.models import User

MAX_OPTIONS = 12


def questions_for(panel: Panel) -> list[PanelQuestion]:
    """The questions the panel asks now, oldest first."""
    return list(PanelQuestion.objects.filter(panel=panel, retired_at__isnull=True))


def option_values(labels: list[str]) -> list[dict[str, str]]:
    """Options with keys made from their words (unique, never blank)."""
    options: list[dict[str, str]] = []
    used: set[str] = set()
    for number, label in enumerate(labels, start=1):
        base = slugify(label, allow_unicode=True)[:40] or f"option-{number}"
        value, extra = base, 2
        while value in used:
            value, extra = f"{base}-{extra}", extra + 1
        used.add(value)
        options.append({"value": value, "label": label})
    return options


@transaction.atomic
def add_panel_question(
    panel: Panel, *, actor: User, text: str, hint: str = "", options: list[str]
) -> PanelQuestion:
    """Add a multiple-choice question to the panel's application form.

    Side effects: saves a PanelQuestion; logs "panels.question.added".
    """
    question = PanelQuestion.objects.create(
        organisation=panel.organisation,
        panel=panel,
        text=text,
        hint=hint,
        options=option_values(options),
        created_by=actor,
    )
    log_action(question, "panels.question.added", actor=actor, data={"panel": panel.pk})
    return question


def retire_panel_question(question: PanelQuestion, *, actor: User) -> PanelQuestion:
    """Stop asking a question. Answers already given are kept, with their meaning.

    Side effects: saves the question; logs "panels.question.retired".
    """
    if question.retired_at is None:
        question.retired_at = timezone.now()
        question.save(update_fields=["retired_at"])
        log_action(question, "panels.question.retired", actor=actor)
    return question


def clean_extra_answers(
    questions: list[PanelQuestion], answers: Mapping[str, Any]
) -> dict[str, str]:
    """Keep only answers to these questions that are one of their options (by question id)."""
    kept = {}
    for question in questions:
        value = answers.get(str(question.pk))
        if value and str(value) in question.labels():
            kept[str(question.pk)] = str(value)
    return kept


@dataclass(frozen=True)
class AnswerLine:
    question: str
    answer: str


def answer_lines(application: Application) -> list[AnswerLine]:
    """The panel's questions with this applicant's answers, for the staff page."""
    lines = []
    for question in PanelQuestion.objects.filter(panel_id=application.panel_id):
        value = (application.extra_answers or {}).get(str(question.pk))
        if value or question.retired_at is None:
            lines.append(AnswerLine(question.text, question.labels().get(value or "", "—")))
    return lines
