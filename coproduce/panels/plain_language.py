"""The glossary, and our tiny text format as HTML, for every text a member will read.

The plain-language check itself is `coproduce.core.plain` (below every app); its names are
here too, so the panel code reads them from one place.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from coproduce.core.models import Organisation
from coproduce.core.plain import (
    APOSTROPHES,
    EASY_READ_AGE_MAX,
    EASY_READ_MAX,
    GRADE_MAX,
    MAX_CHECK_CHARS,
    WORD,
    Report,
    check_text,
    easy_lines,
    plain_check_attrs,
    sentences,
    syllables,
)
from coproduce.panels.models import GlossaryTerm

__all__ = [
    "APOSTROPHES",
    "EASY_READ_AGE_MAX",
    "EASY_READ_MAX",
    "GRADE_MAX",
    "MAX_CHECK_CHARS",
    "WORD",
    "Glossary",
    "Report",
    "anchor",
    "check_text",
    "easy_lines",
    "plain_check_attrs",
    "sentences",
    "syllables",
    "text_html",
]


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
