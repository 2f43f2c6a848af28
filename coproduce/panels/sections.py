"""Parts of the panel page that the apps built on panels provide.

`panels` sits below those apps (decisions is built on it), so it never imports them. An app
adds a part by registering, in its `AppConfig.ready()`, a name (the template's context key)
and a read-only function of the panel and the reader's membership; the template
`panels/panel_detail.html` includes the app's partial. The same pattern as
`initiatives.sections`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coproduce.core.models import Membership
from coproduce.panels.models import Panel

_sections: dict[str, Callable[[Panel, Membership], Any]] = {}


def register_panel_section(name: str, build: Callable[[Panel, Membership], Any]) -> None:
    """Show `build(panel, membership)` on every panel page as `name`. Called from `ready()`."""
    _sections[name] = build


def panel_sections_for(panel: Panel, membership: Membership) -> dict[str, Any]:
    """Every registered part of this panel's page, for this reader, by name."""
    return {name: build(panel, membership) for name, build in _sections.items()}
