"""The demo panel gets meetings, an agreement, access needs and a glossary, once."""

from __future__ import annotations

from django.core.management import call_command

from coproduce.panels.models import AccessNeed, AgreementVersion, GlossaryTerm, Meeting


def test_seed_demo_loads_panel_meetings_once(db):
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)
    assert sorted(Meeting.objects.values_list("title", flat=True)) == [
        "Getting started",
        "Getting to day services",
    ]
    assert AgreementVersion.objects.get().signatures.count() == 1
    assert AccessNeed.objects.count() == 2
    assert GlossaryTerm.objects.count() == 12
