"""Our tiny text format as HTML, with glossary words linked to their meaning."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from coproduce.panels.plain_language import Glossary, text_html

register = template.Library()


@register.filter
def role_text(text: str, heading_level: int = 2) -> SafeString:
    """'## ' lines become headings, '- ' lines list items, other lines paragraphs (escaped)."""
    return text_html(text, heading_level)


@register.simple_tag
def glossary_text(
    text: str, glossary: Glossary | None = None, heading_level: int = 3
) -> SafeString:
    """Text in our tiny format, with the first use of each glossary word linked to its meaning.

    Put `{% include "panels/_words_explained.html" %}` after the last use on the page.
    """
    return text_html(text, heading_level, glossary)
