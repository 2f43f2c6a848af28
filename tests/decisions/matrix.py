"""Decision records for the tenancy matrix (tests/core/test_tenancy_matrix.py): one decision
on the initiative, by a vote."""

from __future__ import annotations

import datetime

from coproduce.decisions import domain

PARAMS = {"decision_pk"}


def decision_records(org, cast, initiative) -> dict[str, object]:
    decision = domain.record_decision(
        org,
        actor=cast["alice"],
        recorded_by=cast["alice"].people.get(organisation=org),
        initiative=initiative,
        what="Put a bench by the pond.",
        decided_on=datetime.date(2026, 3, 10),
        how="by_vote",
        for_lived=3,
        for_learnt=1,
        against_lived=1,
        against_learnt=0,
    )
    return {"decision": decision}


def decision_kwarg(param: str, data: dict) -> object:
    return {"decision_pk": lambda: data["decision"].pk}[param]()
