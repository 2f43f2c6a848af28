"""Render a role description's tiny text format as HTML."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def role_text(text: str, heading_level: int = 2) -> SafeString:
    """'## ' lines become headings, '- ' lines list items, other lines paragraphs.

    Every piece of text is escaped before any tag is added.
    """
    level = max(2, min(int(heading_level), 6))
    html: list[str] = []
    in_list = False
    for raw in (text or "").splitlines():
        line = raw.strip()
        if line.startswith("- "):
            if not in_list:
                html.append("<ul>")
                in_list = True
            html.append(f"<li>{escape(line[2:].strip())}</li>")
            continue
        if in_list:
            html.append("</ul>")
            in_list = False
        if line.startswith("## "):
            html.append(f"<h{level}>{escape(line[3:].strip())}</h{level}>")
        elif line:
            html.append(f"<p>{escape(line)}</p>")
    if in_list:
        html.append("</ul>")
    return mark_safe("\n".join(html))  # noqa: S308 -- every piece escaped above
