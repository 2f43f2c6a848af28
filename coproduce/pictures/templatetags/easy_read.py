"""Template tags for the easy read layout: a picture on the left of each short point.

{% load easy_read %}
{% easy_points panel.role_easy_read panel.organisation "panels.role" panel.pk %}
<ul class="easy-points">{% easypoint "calendar" %}When? ...{% endeasypoint %}</ul>
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from coproduce.pictures import chosen
from coproduce.pictures.points import Linker, builtin_picture, sections_for, suggest

register = template.Library()


@register.simple_tag
def easy_points(
    text: str,
    organisation: Any = None,
    kind: str = "",
    pk: Any = "",
    heading_level: int = 2,
    glossary: Linker | None = None,
    presets: Any = (),
) -> SafeString:
    """Staff-written (or generated) easy read text as points with pictures. `presets`: the
    built-in picture each point of our own ready-made copy came with, by place."""
    owner = f"{kind}:{pk}" if kind and pk else ""
    sections = []
    found = sections_for(
        text, organisation=organisation, owner=owner, presets=[str(p) for p in presets or ()]
    )
    for section in found:
        points = []
        for point in section.points:
            escaped = str(escape(point.text))
            html = glossary.link(escaped) if glossary is not None else escaped
            points.append({"picture": point.picture, "html": mark_safe(html)})  # noqa: S308 -- escaped above
        sections.append({"heading": section.heading, "points": points})
    return render_to_string(
        "easy_read/_points.html",
        {"sections": sections, "level": max(2, min(int(heading_level), 6))},
    )


class EasyPointNode(template.Node):
    def __init__(self, name: FilterExpression, nodelist: NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        picture = builtin_picture(str(self.name.resolve(context)))
        return render_to_string(
            "easy_read/_point.html",
            {"picture": picture, "html": mark_safe(self.nodelist.render(context).strip())},  # noqa: S308 -- a rendered template
        )


@register.tag("easypoint")
def do_easypoint(parser: Parser, token: Token) -> EasyPointNode:
    """One point of our own wording, with the built-in picture named: {% easypoint "clock" %}."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("easypoint takes one picture name")
    nodelist = parser.parse(("endeasypoint",))
    parser.delete_first_token()
    return EasyPointNode(parser.compile_filter(bits[1]), nodelist)


@register.filter
def ladder_question_picture(key: str) -> str:
    return chosen.LADDER_QUESTIONS.get(key, chosen.FALLBACK)


@register.filter
def ladder_answer_picture(key: str) -> str:
    return chosen.LADDER_ANSWERS.get(key, chosen.LADDER_ANSWER_DEFAULT)


@register.simple_tag
def picture_img(name: str, size: int = 48) -> SafeString:
    """Just the picture, for places where the words sit in a label of their own."""
    picture = builtin_picture(name)
    return render_to_string("easy_read/_img.html", {"picture": picture, "size": size})


@register.filter
def suggested_picture(text: str) -> str:
    """The built-in picture suggested by the words of one point (see points.suggest)."""
    return suggest(str(text))
