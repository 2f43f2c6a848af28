"""Shared set-up for the proposal and backing tests: the cast's panel with members, and a
proposal open on it."""

from __future__ import annotations

import datetime

from django.utils import timezone

from coproduce.decisions import proposals
from coproduce.decisions.models import Proposal
from tests.factories import PanelMemberFactory, PersonFactory, day_services_panel


def panel_with_members(org, alice, dana, bob, *, others: int = 2, **fields):
    """The cast's panel with bob on it and `others` members without a login."""
    panel = day_services_panel(org, alice, dana, bob, **fields)
    for n in range(others):
        PanelMemberFactory(
            panel=panel, person=PersonFactory(organisation=org, name=f"Member {n + 1}")
        )
    return panel


def open_on(panel, alice, *, title: str = "Open on one Saturday a month", **options) -> Proposal:
    return proposals.open_proposal(
        panel,
        actor=alice,
        title=title,
        closes_at=options.pop("closes_at", timezone.now() + datetime.timedelta(days=7)),
        **options,
    )


def pass_closing_time(proposal: Proposal) -> None:
    """Move the closing time into the past, as if the days had gone by."""
    past = timezone.now() - datetime.timedelta(minutes=1)
    Proposal.objects.filter(pk=proposal.pk).update(closes_at=past)
    proposal.refresh_from_db()
