"""Pages with form errors say so first in their title, as GOV.UK pages do: "Error: Make a
claim". One mechanism everywhere: the title block starts with the same `form.errors` check."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
RENDERS_A_FORM = re.compile(r"\{\{ ?form ?\}\}|_checked_form|as_field_group")
PREFIX = '{% block title %}{% if form.errors %}{% translate "Error:" %} {% endif %}'


def test_every_page_with_a_form_starts_its_title_with_error_when_the_form_has_errors():
    pages = [
        path
        for path in TEMPLATES.rglob("*.html")
        if RENDERS_A_FORM.search(path.read_text())
        and "{% block title %}" in path.read_text()
        and not path.name.startswith("_")
    ]
    assert len(pages) > 40
    missing = [  # whitespace aside: djLint puts each tag of the block on a line of its own
        str(path.relative_to(TEMPLATES))
        for path in pages
        if re.sub(r"\s+", "", PREFIX) not in re.sub(r"\s+", "", path.read_text())
    ]
    assert missing == []
