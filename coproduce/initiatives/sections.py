"""Parts of the initiative page that the apps built on initiatives provide.

`initiatives` sits below those apps (the ladder is built on it), so it never imports them. An
app adds a part by registering, in its `AppConfig.ready()`, a name (the template's context key)
and a read-only function of the initiative; the template `initiatives/initiative_detail.html`
includes the app's partial. Same pattern as `core.audit.register_private_entries`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coproduce.initiatives.models import Initiative

_sections: dict[str, Callable[[Initiative], Any]] = {}


def register_initiative_section(name: str, build: Callable[[Initiative], Any]) -> None:
    """Show `build(initiative)` on every initiative page as `name`. Called from `ready()`."""
    _sections[name] = build


def initiative_sections_for(initiative: Initiative) -> dict[str, Any]:
    """Every registered part of this initiative's page, by name."""
    return {name: build(initiative) for name, build in _sections.items()}
