"""You-said-we-did records for the tenancy matrix (tests/core/test_tenancy_matrix.py):
a contribution to the initiative with a change that has an evidence file, and the
initiative's page published (its unguessable address is `public_slug`)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from coproduce.outcomes import domain

PARAMS = {"contribution_pk", "change_pk", "public_slug"}


def outcome_records(org, cast, initiative) -> dict[str, object]:
    contribution = domain.add_contribution(
        org,
        actor=cast["alice"],
        initiative=initiative,
        source="other",
        text="A ramp to the garden.",
        said_on=datetime.date(2026, 3, 2),
    )
    change = domain.record_change(
        contribution,
        actor=cast["alice"],
        what="The ramp was built.",
        happened_on=datetime.date(2026, 4, 1),
        evidence_file=SimpleUploadedFile("ramp.pdf", b"%PDF-1.4 ramp"),
    )
    publication = domain.set_published(actor=cast["alice"], publish=True, initiative=initiative)
    return {"contribution": contribution, "change": change, "publication": publication}


def outcome_kwarg(param: str, data: dict) -> object:
    return {
        "contribution_pk": lambda: data["contribution"].pk,
        "change_pk": lambda: data["change"].pk,
        "public_slug": lambda: data["publication"].slug,
    }[param]()
