"""Colours only from the tokens: a colour is written once, as a custom property in
static/css/tokens.css, and every stylesheet uses it by name. A colour typed anywhere else
would drift from the high-contrast setting and from the rest of the design."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css"
TOKENS = CSS / "tokens.css"
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\(")
DEFINITION = re.compile(r"^\s*--[a-z0-9-]+\s*:")


def colours_outside_definitions(path: Path) -> list[str]:
    found = []
    text = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)  # comments may name colours
    for number, line in enumerate(text.splitlines(), start=1):
        for declaration in line.split(";"):
            if COLOUR.search(declaration) and not DEFINITION.match(declaration.split("{")[-1]):
                found.append(f"{path.name}:{number}: {declaration.strip()}")
    return found


def test_no_stylesheet_types_a_colour_of_its_own():
    found = [
        line
        for path in sorted(CSS.glob("*.css"))
        if path != TOKENS
        for line in colours_outside_definitions(path)
    ]
    assert found == []


def test_the_tokens_file_writes_colours_only_as_tokens():
    assert colours_outside_definitions(TOKENS) == []
    assert "--group-1:" in TOKENS.read_text()


def test_the_check_finds_a_typed_colour(tmp_path):
    sheet = tmp_path / "planted.css"
    sheet.write_text(
        ":root { --ok: #123456; }\n.x { color: #abc; border: 1px solid rgb(0, 0, 0); }\n"
    )
    assert colours_outside_definitions(sheet) == [
        "planted.css:2: .x { color: #abc",
        "planted.css:2: border: 1px solid rgb(0, 0, 0)",
    ]


def test_every_page_links_the_tokens_before_its_own_stylesheets():
    templates = Path(settings.BASE_DIR) / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        sheets = re.findall(r"css/[a-z-]+\.css", text)
        if "<!DOCTYPE html>" in text and sheets:
            assert sheets[0] == "css/tokens.css", path
