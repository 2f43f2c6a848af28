"""Each line of an initiative's "What has happened" list says who did what in plain words."""

from __future__ import annotations

from coproduce.accounts.models import User
from coproduce.core.models import AuditEntry
from coproduce.initiatives.templatetags.initiative_tags import timeline_sentence

JO = User(name="Jo Bloggs", email="jo@example.org")


def entry(action: str, **data) -> AuditEntry:
    return AuditEntry(action=action, actor=JO, data=data)


def cases() -> list[tuple[AuditEntry, str]]:
    return [
        (entry("initiatives.initiative.created"), "Jo Bloggs started this initiative."),
        (entry("initiatives.person.added", name="Sam <Lee>"), "Jo Bloggs added Sam <Lee>."),
        (entry("initiatives.person.removed", name="Sam"), "Jo Bloggs took Sam off this work."),
        (entry("decisions.decision.recorded"), "Jo Bloggs recorded a decision."),
        (entry("decisions.decision.updated"), "Jo Bloggs changed a decision."),
        (entry("initiatives.initiative.stage_changed"), "Jo Bloggs moved it to a new stage."),
        (entry("initiatives.initiative.updated"), "Jo Bloggs changed the details."),
    ]


def test_each_action_reads_as_its_own_sentence():
    assert [timeline_sentence(e) for e, _ in cases()] == [words for _, words in cases()]
