"""The plain-language check: reading age, long sentences, long words, jargon.

Advice only: nothing here ever stops someone saving (the easy read gate in
`coproduce.core.forms` asks staff to confirm instead). Targets:
reading age 9 to 11 (Flesch-Kincaid grade 4 to 6; UK reading age is about grade + 5),
sentences of 15 to 20 words on average and none over 25; easy read: 15 words at most and a
reading age of 9 at most.

It lives in core, below every app, so any app's form can use it; the glossary (jargon) is
the panels app's, passed in as anything with `terms_in(text)`.

textstat 0.7.13 looks words up in NLTK's CMU dictionary and downloads it on first use. We
never download anything at run time: `_pyphen_only` makes textstat count syllables with
pyphen's British English hyphenation dictionary, which is inside the pyphen wheel.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import textstat
import textstat.backend.counts._count_syllables as _textstat_syllables
from django.utils.translation import gettext as _


class Jargon(Protocol):
    def terms_in(self, text: str) -> list[Any]: ...


def _pyphen_only(lang: str) -> None:
    return None  # textstat then falls back to pyphen for every word


_textstat_syllables.get_cmudict = _pyphen_only
LANG = "en_GB"
textstat.set_lang(LANG)

GRADE_MAX = 6
AVERAGE_MAX = 20
LONGEST_MAX = 25
EASY_READ_MAX = 15
EASY_READ_AGE_MAX = 9  # the easy read gate: reading age 9 at most
LONG_WORD_SYLLABLES = 4
LONG_WORD_LETTERS = 13
# The check reads at most this much (a long paper's worth): counting syllables takes time in
# proportion to the letters, and one word of 2 MB took 13 seconds.
MAX_CHECK_CHARS = 20_000

APOSTROPHES = "'\u2019-"
WORD = re.compile(rf"[A-Za-z][A-Za-z{APOSTROPHES}]*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _lines(text: str) -> list[str]:
    """The text as lines, without the "## " and "- " markers of our tiny text format."""
    lines = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        for marker in ("## ", "- "):
            if line.startswith(marker):
                line = line[len(marker) :].strip()
        if line:
            lines.append(line)
    return lines


def sentences(text: str) -> list[str]:
    """Each line is at least one sentence (easy read puts one idea on each line)."""
    found = []
    for line in _lines(text):
        found += [part.strip() for part in SENTENCE_END.split(line) if part.strip()]
    return found


def syllables(word: str) -> int:
    return int(textstat.syllable_count(word))


@dataclass
class Report:
    words: int = 0
    sentences: int = 0
    grade: float | None = None
    average: float = 0
    longest: int = 0
    longest_start: str = ""
    long_words: list[str] = field(default_factory=list)
    jargon: list[Any] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)

    @property
    def reading_age(self) -> int | None:
        return None if self.grade is None else max(5, round(self.grade) + 5)

    @property
    def ok(self) -> bool:
        return self.words > 0 and not self.advice


def check_text(text: str, glossary: Jargon | None = None, *, easy_read: bool = False) -> Report:
    """Measure a text (its first MAX_CHECK_CHARS characters) and say, in plain words, what
    would make it easier to read."""
    text = (text or "")[:MAX_CHECK_CHARS]
    found = sentences(text)
    report = Report()
    if not found:
        return report
    counts = [len(WORD.findall(s)) for s in found]
    report.words = sum(counts)
    report.sentences = len(found)
    if not report.words:
        return report
    # Give textstat one sentence a line, so list items and easy read lines count as sentences.
    joined = " ".join(s if s[-1] in ".!?" else f"{s}." for s in found)
    report.grade = round(float(textstat.flesch_kincaid_grade(joined)), 1)
    report.average = round(report.words / report.sentences, 1)
    report.longest = max(counts)
    longest = found[counts.index(report.longest)]
    report.longest_start = " ".join(longest.split()[:6])
    seen: dict[str, None] = {}
    for word in WORD.findall(" ".join(found)):
        bare = word.strip(APOSTROPHES)
        if bare.lower() in seen or bare.isupper():
            continue
        if len(bare) >= LONG_WORD_LETTERS or syllables(bare) >= LONG_WORD_SYLLABLES:
            seen[bare.lower()] = None
    report.long_words = list(seen)[:10]
    if glossary is not None:
        report.jargon = glossary.terms_in(text)
    report.advice = _advice(report, easy_read=easy_read)
    return report


def _advice(report: Report, *, easy_read: bool) -> list[str]:
    advice = []
    if report.grade is not None and report.grade > GRADE_MAX:
        advice.append(
            _(
                "This suits a reading age of about %(age)s. Aim for 9 to 11: use shorter "
                "sentences and shorter words."
            )
            % {"age": report.reading_age}
        )
    average_max, longest_max = (
        (EASY_READ_MAX, EASY_READ_MAX) if easy_read else (AVERAGE_MAX, LONGEST_MAX)
    )
    if report.average > average_max:
        advice.append(
            _("Sentences have %(n)s words on average. Aim for %(max)s or fewer.")
            % {"n": report.average, "max": average_max}
        )
    if report.longest > longest_max:
        advice.append(
            _('The longest sentence has %(n)s words. It starts "%(start)s". Try splitting it.')
            % {"n": report.longest, "start": report.longest_start}
        )
    if report.long_words:
        advice.append(
            _("Long words: %(words)s. Is there a shorter word you could use?")
            % {"words": ", ".join(report.long_words)}
        )
    for term in report.jargon:
        if term.plain:
            advice.append(
                _('"%(term)s" is jargon. Try "%(plain)s".')
                % {"term": term.term, "plain": term.plain}
            )
        else:
            advice.append(
                _('"%(term)s" is jargon. Explain it, or readers can open its meaning.')
                % {"term": term.term}
            )
    return advice


def plain_check_attrs(
    url: str, field_name: str, *, easy_read: bool = False, gated: bool = False
) -> dict[str, Any]:
    """htmx attributes for a text box: ask for advice a second after typing stops."""
    values = json.dumps(
        {
            "check_field": field_name,
            "easy_read": "1" if easy_read else "",
            "gate": "1" if gated else "",
        }
    )
    return {
        "hx-post": url,
        "hx-trigger": "input changed delay:1s",
        "hx-target": f"#id_{field_name}-check",
        "hx-swap": "innerHTML",
        "hx-vals": values,
    }


def easy_read_problems(text: str) -> list[str]:
    """Why an easy read text is not ready yet, in plain words: a sentence over 15 words or a
    reading age over 9. An empty list means it passes."""
    report = check_text(text, easy_read=True)
    problems = []
    if report.longest > EASY_READ_MAX:
        problems.append(
            _(
                'A sentence has %(n)s words. It starts "%(start)s". Easy read sentences have '
                "%(max)s words or fewer."
            )
            % {"n": report.longest, "start": report.longest_start, "max": EASY_READ_MAX}
        )
    age = report.reading_age
    if age is not None and age > EASY_READ_AGE_MAX:
        problems.append(
            _(
                "This suits a reading age of about %(age)s. Easy read needs %(max)s or under: "
                "use shorter words and shorter sentences."
            )
            % {"age": age, "max": EASY_READ_AGE_MAX}
        )
    return problems


# Where a long sentence can be cut: after a comma, semicolon or colon, or before a joining word.
_CLAUSE_BREAK = re.compile(
    r"(?<=[,;:])\s+|\s+(?=(?:and|but|or|so|because|which|who|when|if|including|with)\b)",
    re.IGNORECASE,
)
# Words that keep their capital at the start of a line that follows "We meet".
_KEEP_CAPITAL = frozenset(
    [*(m.lower() for m in calendar.month_name[1:]), *(d.lower() for d in calendar.day_name), "i"]
)


def _word_count(text: str) -> int:
    return len(WORD.findall(text))


def _tidy(line: str) -> str:
    line = line.strip().rstrip(",;:").strip()
    if not line:
        return ""
    line = line[0].upper() + line[1:]
    return line if line[-1] in ".!?" else f"{line}."


def _cut(line: str, most: int) -> list[str]:
    """Cut a line with no clause break left into pieces of at most `most` words."""
    pieces: list[str] = []
    current: list[str] = []
    for token in line.split():
        if current and _word_count(" ".join([*current, token])) > most:
            pieces.append(" ".join(current))
            current = []
        current.append(token)
    if current:
        pieces.append(" ".join(current))
    return pieces


def easy_lines(text: str, *, most: int = EASY_READ_MAX) -> list[str]:
    """Staff's words as easy read lines: one sentence a line, none over `most` words.

    A long sentence is cut at its commas and joining words ("and", "because"), and only when
    that is not enough, every `most` words. Each line starts with a capital and ends with a
    full stop. The words themselves are staff's: a long word stays long (the check says so).
    """
    lines: list[str] = []
    for sentence in sentences(text):
        if _word_count(sentence) <= most:
            lines.append(_tidy(sentence))
            continue
        current = ""
        for piece in _CLAUSE_BREAK.split(sentence):
            if not piece.strip():
                continue
            joined = f"{current} {piece.strip()}".strip()
            if current and _word_count(joined) > most:
                lines += [_tidy(p) for p in _cut(current, most)]
                current = piece.strip()
            else:
                current = joined
        if current:
            lines += [_tidy(p) for p in _cut(current, most)]
    return [line for line in lines if _word_count(line)]


def lower_first(text: str) -> str:
    """ "Once a month" -> "once a month", to follow "We meet"; "Mondays" and "I" stay."""
    text = text.strip()
    first = text.split(maxsplit=1)[0].strip(",.").lower() if text else ""
    if not text or first.rstrip("s") in _KEEP_CAPITAL or text[:2].isupper():
        return text
    return text[0].lower() + text[1:]
