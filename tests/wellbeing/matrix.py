"""Wellbeing records for the tenancy matrix (tests/core/test_tenancy_matrix.py).

Needs the panel from tests/panels/matrix.py: alice is its named contact, dana its deputy, bob
a member. Bob raised a named concern; alice is also a safeguarding lead (so the remove button
has a row to remove).
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from coproduce.wellbeing import domain
from tests.factories import SignpostServiceFactory, TrainingFactory

PARAMS = {
    "panel_pk",
    "concern_pk",
    "service_pk",
    "lead_pk",
    "training_pk",
    "record_pk",
    "follow_token",
}


def wellbeing_records(org, cast, panel) -> dict[str, object]:
    bob = cast["bob"].people.get(organisation=org)
    concern, token = domain.raise_concern(
        panel, kind="support", text="Please ring me.", person=bob, actor=cast["bob"]
    )
    training = TrainingFactory(organisation=org)
    record = domain.record_training(
        training,
        bob,
        status="done",
        completed_on=datetime.date(2026, 3, 1),
        certificate=SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 done"),
        actor=cast["alice"],
    )
    return {
        "concern": concern,
        "follow_token": token,
        "service": SignpostServiceFactory(organisation=org),
        "lead": domain.appoint_safeguarding_lead(org, cast["alice"], actor=cast["dana"]),
        "training": training,
        "training_record": record,
    }


def wellbeing_kwarg(param: str, data: dict) -> object:
    return {
        "panel_pk": lambda: data["panel"].pk,
        "concern_pk": lambda: data["concern"].pk,
        "service_pk": lambda: data["service"].pk,
        "lead_pk": lambda: data["lead"].pk,
        "training_pk": lambda: data["training"].pk,
        "record_pk": lambda: data["training_record"].pk,
        "follow_token": lambda: data["follow_token"],
    }[param]()
