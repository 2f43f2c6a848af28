"""Template lines stay short enough to read: none over 160 characters but those listed in
long_template_lines.txt (still to split by hand), and scripts/wrap-template-text, which
splits them, leaves every page exactly as it was."""

from __future__ import annotations

from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

from django.template import Context, Template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
LIMIT = 160


def listed() -> dict[str, int]:
    lines = (Path(__file__).parent / "long_template_lines.txt").read_text().splitlines()
    return {
        path: int(count)
        for count, path in (line.split() for line in lines if line and not line.startswith("#"))
    }


def wrap_script():
    loader = SourceFileLoader("wrap_template_text", str(ROOT / "scripts/wrap-template-text"))
    spec = spec_from_loader(loader.name, loader)
    assert spec is not None
    module = module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_no_template_has_more_long_lines_than_listed():
    allowed = listed()
    too_many = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = str(path.relative_to(TEMPLATES))
        long = [
            f"templates/{name}:{number} ({len(line)} characters)"
            for number, line in enumerate(path.read_text().splitlines(), 1)
            if len(line) > LIMIT
        ]
        if len(long) > allowed.get(name, 0):
            too_many += long
    assert too_many == [], (
        f"Lines over {LIMIT} characters (run scripts/wrap-template-text, then split the "
        "rest by hand):\n" + "\n".join(too_many)
    )


def test_the_list_names_only_templates_there_are():
    assert [name for name in listed() if not (TEMPLATES / name).exists()] == []


SENTENCE = "We send it an email with a link: open it to check the address is yours, 100% sure."
CASES = [
    '<p>{% translate "' + SENTENCE + ' Then you can make it your \\"main\\" address." %}</p>',
    '<div>\n  <p>{% translate "' + SENTENCE + ' Keep it." as label %}</p>\n  [{{ label }}]\n</div>',
    "<li><span>{% blocktranslate with name=who %} for {{ name }}, "
    + SENTENCE
    + " {% endblocktranslate %}</span></li>",
    "<p>{% blocktranslate count n=many %}{{ n }} thing. "
    + SENTENCE
    + "{% plural %}{{ n }} things. "
    + SENTENCE
    + "{% endblocktranslate %}</p>",
]
TEXT = "<p>" + SENTENCE + " " + SENTENCE + "</p>"  # a space becomes a line break


def test_wrapping_keeps_each_page_exactly_as_it_was():
    wrap = wrap_script().wrap_text
    context = {"who": "Bob <b>", "many": 2}
    for case in CASES:
        source = "{% load i18n %}\n" + case
        wrapped = wrap(source)
        assert wrapped != source
        assert max(len(line) for line in wrapped.splitlines()) <= 120, wrapped
        assert wrap(wrapped) == wrapped
        assert Template(wrapped).render(Context(context)) == Template(source).render(
            Context(context)
        )


def test_a_line_of_text_breaks_between_words():
    wrapped = wrap_script().wrap_text(TEXT)
    assert wrapped.count("\n") == 1
    assert wrapped.replace("\n", " ") == TEXT
