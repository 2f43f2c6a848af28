"""Every lint or type suppression says why, on the same line.

A bare `# noqa` or `# type: ignore` hides a warning and the reason it was safe to hide;
the next person cannot tell whether it still is. The house way: `# noqa: F401 -- why`.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("coproduce", "config", "tests", "bench", "scripts")
SUPPRESSION = re.compile(r"#\s*(noqa|type:\s*ignore)\b(?P<rest>.*)$")


def unexplained(text: str) -> list[int]:
    """Line numbers of suppressions with no reason after them."""
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        found = SUPPRESSION.search(line)
        if found and not re.search(r"(--|#)\s*\w", found.group("rest")):
            lines.append(number)
    return lines


def test_a_bare_suppression_is_caught_and_an_explained_one_is_not():
    assert unexplained("import os  # noqa: F401\nx = 1  # type: ignore[attr-defined]\n") == [1, 2]
    assert unexplained("import os  # noqa: F401 -- re-exported for the settings\n") == []


def test_every_suppression_in_the_repository_says_why():
    files = [p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py")]
    assert len(files) > 100  # the walk really found the code
    found = {
        f"{path.relative_to(ROOT)}:{number}"
        for path in files
        for number in unexplained(path.read_text(encoding="utf-8"))
    }
    assert sorted(found) == []
