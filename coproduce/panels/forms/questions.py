"""The panel's own questions: on the application form, and the form to add one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import TEXT_MAX
from coproduce.core.plain_check import PlainCheckMixin
from coproduce.panels.domain.questions import MAX_OPTIONS, clean_extra_answers, questions_for
from coproduce.panels.models import PanelQuestion


def field_name(question: PanelQuestion) -> str:
    return f"question_{question.pk}"


def add_question_fields(
    form: forms.BaseForm, questions: list[PanelQuestion], answers: dict[str, str]
) -> None:
    """One optional radio question per panel question, just before the file upload."""
    for question in questions:
        form.fields[field_name(question)] = forms.ChoiceField(
            label=question.text,
            help_text=question.hint or _("You do not have to answer this."),
            choices=[(o["value"], o["label"]) for o in question.options],
            widget=forms.RadioSelect,
            required=False,
            initial=answers.get(str(question.pk)),
        )
    if questions and "attachment" in form.fields:
        form.fields["attachment"] = form.fields.pop("attachment")


def extra_answers_typed(form: forms.BaseForm, questions: list[PanelQuestion]) -> dict[str, str]:
    """The answers as sent (only real options), for the draft and for sending."""
    typed = {str(q.pk): form.data.get(field_name(q), "") for q in questions}
    return clean_extra_answers(questions, typed)


class PanelQuestionForm(PlainCheckMixin, forms.Form):
    plain_fields = {"text": False, "hint": False, "options": False}

    text = forms.CharField(
        label=_("The question"),
        help_text=_(
            "For example: Which of our services do you use most? Do not ask about health, "
            "disability, ethnic group, religion or sexual orientation here: those are in the "
            "equality questions, which we keep apart and ask for consent."
        ),
        max_length=300,
        error_messages={"required": _("Type the question.")},
    )
    hint = forms.CharField(
        label=_("Extra help under the question (you can leave this empty)"),
        max_length=300,
        required=False,
    )
    options = forms.CharField(
        label=_("The answers people can choose from"),
        help_text=_("Put each answer on its own line. Between 2 and %(most)s answers.")
        % {"most": MAX_OPTIONS},
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_MAX,
        error_messages={"required": _("Type at least 2 answers, each on its own line.")},
    )

    def clean_options(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["options"].splitlines()]
        answers: list[str] = []
        for line in lines:
            if line and line.casefold() not in {a.casefold() for a in answers}:
                answers.append(line)
        if len(answers) < 2:
            raise forms.ValidationError(_("Type at least 2 answers, each on its own line."))
        if len(answers) > MAX_OPTIONS:
            raise forms.ValidationError(
                _("You typed %(count)s answers. Keep it to %(most)s or fewer.")
                % {"count": len(answers), "most": MAX_OPTIONS}
            )
        too_long = [a for a in answers if len(a) > 100]
        if too_long:
            raise forms.ValidationError(
                _("Keep each answer under 100 letters. This one is too long: %(answer)s")
                % {"answer": too_long[0][:40] + "…"}
            )
        return answers

    def domain_fields(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PanelQuestionsMixin(forms.BaseForm):
    """Adds the panel's own questions to an application form; `clean` collects the answers.

    The panel comes from `panel=` or the form's instance (an application).
    """

    questions: list[PanelQuestion]
    panel: Any

    def __init__(self, *args: Any, panel: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if panel is None and getattr(instance, "panel_id", None):
            panel = instance.panel  # type: ignore[union-attr]  # instance has panel_id here
        self.panel = panel
        self.questions = questions_for(panel) if panel else []
        add_question_fields(self, self.questions, getattr(instance, "extra_answers", None) or {})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["extra_answers"] = extra_answers_typed(self, self.questions)
        return data
