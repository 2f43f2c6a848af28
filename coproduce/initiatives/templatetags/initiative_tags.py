from __future__ import annotations

from django import template
from django.utils.translation import gettext, gettext_noop

from coproduce.core.models import AuditEntry

register = template.Library()

# What each thing done to an initiative reads as on its "What has happened" list.
SENTENCES = {
    "initiatives.initiative.created": gettext_noop("%(who)s started this initiative."),
    "initiatives.person.added": gettext_noop("%(who)s added %(name)s."),
    "initiatives.person.removed": gettext_noop("%(who)s took %(name)s off this work."),
    "decisions.decision.recorded": gettext_noop("%(who)s recorded a decision."),
    "decisions.decision.updated": gettext_noop("%(who)s changed a decision."),
    "initiatives.initiative.stage_changed": gettext_noop("%(who)s moved it to a new stage."),
}
OTHER = gettext_noop("%(who)s changed the details.")


@register.filter
def timeline_sentence(entry: AuditEntry) -> str:
    """One line of an initiative's timeline: who did what (the page escapes it)."""
    data = entry.data if isinstance(entry.data, dict) else {}
    words = gettext(SENTENCES.get(entry.action, OTHER))
    return words % {"who": entry.actor, "name": data.get("name", "")}
