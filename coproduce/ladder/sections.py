"""Parts of the Ladder results page that apps built on the ladder provide.

The ladder sits below them (assurance reads the ladder's results), so it never imports them.
An app adds a part by registering, in its `AppConfig.ready()`, a name (the template's context
key) and a read-only function of the page's `LadderResults`; `ladder/results.html` includes
the app's partial. Same pattern as `initiatives.sections`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coproduce.ladder.queries import LadderResults

_sections: dict[str, Callable[[LadderResults], Any]] = {}


def register_results_section(name: str, build: Callable[[LadderResults], Any]) -> None:
    """Show `build(results)` beside every Ladder result as `name`. Called from `ready()`."""
    _sections[name] = build


def results_sections_for(results: LadderResults) -> dict[str, Any]:
    """Every registered part of an initiative's Ladder results page, by name."""
    return {name: build(results) for name, build in _sections.items()}
