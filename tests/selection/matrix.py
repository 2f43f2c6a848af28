"""A finished selection for the tenancy matrix (tests/core/test_tenancy_matrix.py)."""

from __future__ import annotations

from coproduce.selection.models import SelectionRun


def selection_records(org, cast, panel, application) -> dict[str, object]:
    """A run with its chances worked out (no solver): one applicant, one place."""
    pid = str(application.pk)
    run = SelectionRun.objects.create(
        organisation=org,
        panel=panel,
        seats=1,
        state=SelectionRun.State.DONE,
        pool={pid: {}},
        distribution={"panels": [[pid]], "weights": [1.0]},
        probabilities={pid: 1.0},
        provenance={"algorithm": "leximin", "solver": "highspy", "seconds": 0.1},
        min_probability=1.0,
        max_probability=1.0,
        gini=0.0,
        lottery=[0] * 100,
        lottery_difference=0.0,
        created_by=cast["alice"],
    )
    return {"selection_run": run}
