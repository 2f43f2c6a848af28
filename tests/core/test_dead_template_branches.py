"""No template asks again, inside `{% if x %}` or its `{% else %}`, whether `x`: the
answer is already known there, so one of the inner branches can never show."""

from __future__ import annotations

from pathlib import Path

from django.template import Template
from django.template.base import Node
from django.template.defaulttags import IfNode, TemplateLiteral

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _plain_name(condition: object) -> str | None:
    """The variable a condition asks about when it is one plain name ("easy_read")."""
    if isinstance(condition, TemplateLiteral) and condition.text.isidentifier():
        return condition.text
    return None


def _asked_again(node: Node, known: frozenset[str]) -> list[str]:
    found = []
    if isinstance(node, IfNode):
        for condition, _nodelist in node.conditions_nodelists:
            name = _plain_name(condition)
            if name is not None and name in known:
                found.append(name)
        first = _plain_name(node.conditions_nodelists[0][0])
        inside = known | {first} if first else known
        for _condition, nodelist in node.conditions_nodelists:
            for child in nodelist:
                found += _asked_again(child, inside)
        return found
    for attr in node.child_nodelists:
        for child in getattr(node, attr, None) or []:
            found += _asked_again(child, known)
    return found


def test_a_question_asked_again_inside_its_own_answer_is_found():
    template = Template(
        "{% if easy_read %}A{% else %}{% if easy_read %}never{% endif %}{% endif %}"
        "{% if easy_read %}{% if other %}fine{% endif %}{% endif %}"
    )
    found = [name for node in template.nodelist for name in _asked_again(node, frozenset())]
    assert found == ["easy_read"]


def test_no_template_asks_again_what_it_already_knows():
    dead = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        nodes = Template(path.read_text()).nodelist
        names = [name for node in nodes for name in _asked_again(node, frozenset())]
        if names:
            dead[str(path.relative_to(TEMPLATES))] = names
    assert dead == {}
