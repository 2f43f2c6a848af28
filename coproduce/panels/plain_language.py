"""The plain-language check and the glossary, for every text a member will read.

Advice only: nothing here ever stops someone saving. Targets:
reading age 9 to 11 (Flesch-Kincaid grade 4 to 6; UK reading age is about grade + 5),
sentences of 15 to 20 words on average and none over 25; easy read: 15 words at most.

textstat 0.7.13 looks words up in NLTK's CMU dictionary and downloads it on first use. We
never download anything at run time: `_pyphen_only` makes textstat count syllables with
pyphen's British English hyphenation dictionary, which is inside the pyphen wheel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import textstat
import textstat.backend.counts._count_syllables as _textstat_syllables
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.core.models import Organisation
from coproduce.panels.models import GlossaryTerm


def _pyphen_only(lang: str) -> None:
    return None  # textstat then falls back to pyphen for every word


_textstat_syllables.get_cmudict = _pyphen_only
LANG = "en_GB"
textstat.set_lang(LANG)

GRADE_MAX = 6
AVERAGE_MAX = 20
LONGEST_MAX = 25
EASY_READ_MAX = 15
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
    jargon: list[GlossaryTerm] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)

    @property
    def reading_age(self) -> int | None:
        return None if self.grade is None else max(5, round(self.grade) + 5)

    @property
    def ok(self) -> bool:
        return self.words > 0 and not self.advice


def check_text(text: str, glossary: Glossary | None = None, *, easy_read: bool = False) -> Report:
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


class Glossary:
    """An organisation's glossary terms, found in text with one regular expression.

    `used` remembers the terms a page has linked, in order, for its "Words explained" list.
    """

    def __init__(self, terms: list[GlossaryTerm], *, easy_read: bool = False) -> None:
        self.terms = terms
        self.easy_read = easy_read
        self.used: dict[int, GlossaryTerm] = {}
        self._by_spelling: dict[str, GlossaryTerm] = {}
        for term in terms:
            for spelling in term.spellings():
                self._by_spelling.setdefault(spelling.lower(), term)
        spellings = sorted(self._by_spelling, key=len, reverse=True)
        self._pattern = (
            re.compile(
                r"(?<![\w-])(" + "|".join(re.escape(escape(s)) for s in spellings) + r")(?![\w-])",
                re.IGNORECASE,
            )
            if spellings
            else None
        )

    @classmethod
    def for_organisation(cls, organisation: Organisation, *, easy_read: bool = False) -> Glossary:
        return cls(list(GlossaryTerm.objects.for_organisation(organisation)), easy_read=easy_read)

    def terms_in(self, text: str) -> list[GlossaryTerm]:
        if self._pattern is None:
            return []
        found: dict[int, GlossaryTerm] = {}
        for match in self._pattern.finditer(escape(text or "")):
            term = self._by_spelling[match.group(1).lower()]
            found.setdefault(term.pk, term)
        return list(found.values())

    def link(self, escaped: str) -> str:
        """Link the first use on the page of each term to its meaning at the foot of the page."""
        if self._pattern is None:
            return escaped

        def replace(match: re.Match[str]) -> str:
            term = self._by_spelling[match.group(1).lower()]
            if term.pk in self.used:
                return match.group(0)
            self.used[term.pk] = term
            return f'<a class="glossary-term" href="#word-{anchor(term)}">{match.group(0)}</a>'

        return self._pattern.sub(replace, escaped)


def anchor(term: GlossaryTerm) -> str:
    return slugify(term.term) or str(term.pk)


def text_html(text: str, heading_level: int = 2, glossary: Glossary | None = None) -> SafeString:
    """Our tiny text format as HTML: '## ' headings, '- ' list items, other lines paragraphs.

    Every piece of text is escaped before any tag is added; glossary links go into the
    escaped text.
    """
    level = max(2, min(int(heading_level), 6))

    def inline(value: str) -> str:
        escaped = str(escape(value))
        return glossary.link(escaped) if glossary is not None else escaped

    html: list[str] = []
    in_list = False
    for raw in (text or "").splitlines():
        line = raw.strip()
        if line.startswith("- "):
            if not in_list:
                html.append("<ul>")
                in_list = True
            html.append(f"<li>{inline(line[2:].strip())}</li>")
            continue
        if in_list:
            html.append("</ul>")
            in_list = False
        if line.startswith("## "):
            html.append(f"<h{level}>{inline(line[3:].strip())}</h{level}>")
        elif line:
            html.append(f"<p>{inline(line)}</p>")
    if in_list:
        html.append("</ul>")
    return mark_safe("\n".join(html))  # noqa: S308 -- every piece escaped above


def plain_check_attrs(url: str, field_name: str, *, easy_read: bool = False) -> dict[str, Any]:
    """htmx attributes for a text box: ask for advice a second after typing stops."""
    return {
        "hx-post": url,
        "hx-trigger": "input changed delay:1s",
        "hx-target": f"#id_{field_name}-check",
        "hx-swap": "innerHTML",
        "hx-vals": f'{{"check_field": "{field_name}", "easy_read": "{"1" if easy_read else ""}"}}',
    }
