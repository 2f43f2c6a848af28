"""The plain-language check on a form's text boxes, and the easy read gate.

Every form whose words reach members, applicants or participants says which of its text
boxes are checked (`plain_fields`: name -> True for an easy read box) and which free text is
not read by them (`plain_exempt`: their own words, names, numbers, notes for staff).
tests/core/test_plain_fields.py walks every form and fails on a text box in neither.

The check is advice and never blocks saving, with one exception: an easy read box whose
text has a sentence over 15 words or a reading age over 9 is refused until staff tick
"I have checked this with a person who uses easy read". What they typed is kept; the tick
is recorded in the audit log (who and when) by `record_easy_read_checks`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.core.audit import log_action
from coproduce.core.models import Organisation
from coproduce.core.plain import Jargon, Report, check_text, easy_read_problems, plain_check_attrs
from coproduce.core.tenancy import current_organisation

CHECKED_SUFFIX = "_checked_with_reader"
CHECKED_ACTION = "core.easy_read.checked"

# The glossary lives in panels, an app above core: it registers how to find an
# organisation's jargon (from PanelsConfig.ready), as payments registers its rate reader.
_glossary_finders: list[Callable[[Organisation], Jargon]] = []


def register_glossary_finder(finder: Callable[[Organisation], Jargon]) -> None:
    if finder not in _glossary_finders:
        _glossary_finders.append(finder)


class _LazyGlossary:
    """The organisation's glossary, read from the database only when a report needs it."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self._found: list[Jargon] | None = None

    def terms_in(self, text: str) -> list[Any]:
        if self._found is None:
            self._found = [finder(self.organisation) for finder in _glossary_finders]
        return [term for glossary in self._found for term in glossary.terms_in(text)]


def plain_check_url(organisation: Organisation) -> str:
    """The one endpoint that gives advice while someone types (panels.views.glossary)."""
    return reverse("panel_plain_check", kwargs={"org": organisation.slug})


if TYPE_CHECKING:
    from coproduce.accounts.models import User

    _FormBase = forms.BaseForm
else:
    _FormBase = object


class PlainBoundField(forms.BoundField):
    """A text box with the plain-language advice under it (templates/forms/field.html)."""

    @cached_property
    def plain_report(self) -> Report:
        return cast("PlainCheckMixin", self.form).plain_report(self.name)

    @property
    def plain_gated(self) -> bool:
        form = cast("PlainCheckMixin", self.form)
        return form.easy_read_gate and form.plain_fields.get(self.name, False)

    @property
    def plain_easy_read(self) -> bool:
        return cast("PlainCheckMixin", self.form).plain_fields.get(self.name, False)


class PlainCheckMixin(_FormBase):
    """Put it first in the bases: `class AimForm(PlainCheckMixin, forms.ModelForm)`."""

    plain_fields: dict[str, bool] = {}
    plain_exempt: frozenset[str] = frozenset()
    # False where members write the easy read themselves (a point for the group agreement):
    # they get the advice, never the refusal.
    easy_read_gate = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.glossary: Jargon | None = None
        for name, easy_read in self.plain_fields.items():
            if name not in self.fields:
                continue
            self.fields[name].bound_field_class = PlainBoundField
            if easy_read and self.easy_read_gate:
                self.fields[name + CHECKED_SUFFIX] = forms.BooleanField(
                    label=_("I have checked this with a person who uses easy read"),
                    required=False,
                )
                self._place_after(name, name + CHECKED_SUFFIX)
        organisation = current_organisation()
        if organisation is not None and self.plain_fields:
            # Every form under /o/<org>/ gets the live check without its view asking.
            self.setup_plain_check(
                check_url=plain_check_url(organisation), glossary=_LazyGlossary(organisation)
            )

    def _place_after(self, name: str, extra: str) -> None:
        order = [key for key in self.fields if key != extra]
        order.insert(order.index(name) + 1, extra)
        self.fields = {key: self.fields[key] for key in order}

    def place_ticks(self) -> None:
        """Put each easy read tick box back under its text box (after a form drops or
        orders its fields), and drop a tick whose text box has gone."""
        for name, easy_read in self.plain_fields.items():
            tick = name + CHECKED_SUFFIX
            if easy_read and tick in self.fields:
                if name in self.fields:
                    self._place_after(name, tick)
                else:
                    del self.fields[tick]

    def setup_plain_check(self, *, check_url: str, glossary: Jargon | None = None) -> None:
        """Ask for advice while staff type (htmx), and find jargon with `glossary`."""
        self.glossary = glossary
        for name, easy_read in self.plain_fields.items():
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    plain_check_attrs(
                        check_url,
                        name,
                        easy_read=easy_read,
                        gated=easy_read and self.easy_read_gate,
                    )
                )

    def _text(self, name: str) -> str:
        if self.is_bound:
            return str(self.data.get(self.add_prefix(name), "") or "")
        return str(self.initial.get(name, "") or "")

    def plain_report(self, name: str) -> Report:
        return check_text(self._text(name), self.glossary, easy_read=self.plain_fields[name])

    def plain_reports(self) -> dict[str, Report]:
        return {name: self.plain_report(name) for name in self.plain_fields if name in self.fields}

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or self.cleaned_data
        # The ticks are not part of the record: keep them apart so `**cleaned_data` still
        # fits the domain functions.
        self.easy_read_ticks = {
            name: bool(cleaned.pop(name + CHECKED_SUFFIX, False))
            for name, easy_read in self.plain_fields.items()
            if easy_read and name in self.fields and self.easy_read_gate
        }
        for name, ticked in self.easy_read_ticks.items():
            problems = easy_read_problems(str(cleaned.get(name) or ""))
            if problems and not ticked:
                for problem in problems:
                    self.add_error(name, problem)
                self.add_error(
                    name,
                    _(
                        "Make it shorter and simpler, or tick the box to say you have checked "
                        "it with a person who uses easy read."
                    ),
                )
        return cleaned

    def easy_read_checked(self) -> list[str]:
        """The easy read boxes staff ticked as checked with a person, that needed it."""
        return [
            name
            for name, ticked in getattr(self, "easy_read_ticks", {}).items()
            if ticked and easy_read_problems(str(self.cleaned_data.get(name) or ""))
        ]


def record_easy_read_checks(form: PlainCheckMixin, target: Model, *, actor: User | None) -> None:
    """Log who said each easy read text was checked with a person, and when.

    Side effects: one audit entry for each ticked box whose text needed it.
    """
    for name in form.easy_read_checked():
        log_action(target, CHECKED_ACTION, actor=actor, data={"field": name})
