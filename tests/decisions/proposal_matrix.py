"""Proposal and backing records for the tenancy matrix (tests/core/test_tenancy_matrix.py):
an open proposal on the matrix's panel (bob is on it) and a leader's backing of that panel."""

from __future__ import annotations

import datetime

from coproduce.decisions import backing
from tests.decisions.proposal_setup import open_on

PARAMS = {"proposal_pk", "backing_pk"}


def proposal_records(org, cast, panel) -> dict[str, object]:
    dana = cast["dana"].people.get(organisation=org)
    return {
        "proposal": open_on(panel, cast["alice"]),
        "backing": backing.record_backing(
            actor=cast["alice"],
            sponsor=dana,
            sponsor_role="Director of Adult Social Care",
            backed_on=datetime.date(2026, 3, 2),
            commitment="To answer every recommendation within 4 weeks.",
            due_on=datetime.date(2026, 6, 1),
            panel=panel,
        ),
    }


def proposal_kwarg(param: str, data: dict) -> object:
    return data[param.removesuffix("_pk")].pk
