"""Payment records for the tenancy matrix (tests/core/test_tenancy_matrix.py)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coproduce.panels.models import Attendance, Panel
from coproduce.payments import domain
from tests.factories import MeetingFactory, RateFactory

PARAMS = {"claim_pk", "expense_pk", "person_pk", "panel_pk", "attendance_pk", "run_pk"}


def payment_records(org, cast) -> dict[str, object]:
    """Bob's draft claim (with a receipt), Bob's paid claim in a payment run, and a meeting
    Bob came to.

    Uses the panel `panel_records` made (Bob is on it). Call it after that.
    """
    bob = cast["bob"].people.get(organisation=org)
    panel = Panel.objects.get(organisation=org, slug="day-services")
    RateFactory(organisation=org, activity_type="meeting", amount_pence=2500)
    meeting = MeetingFactory(
        panel=panel, starts_at=timezone.now() - datetime.timedelta(days=3), duration_minutes=60
    )
    attendance = Attendance.objects.create(
        organisation=org, meeting=meeting, person=bob, status="attended", capacity="lived"
    )
    claim = domain.create_claim(
        bob,
        actor=cast["bob"],
        activity_type="meeting",
        activity_date=datetime.date(2026, 5, 5),
        quantity=2,
    )
    line = domain.add_expense(
        claim,
        actor=cast["bob"],
        category="parking",
        amount_pence=300,
        receipt=SimpleUploadedFile("parking.pdf", b"%PDF-1.4 ticket", "application/pdf"),
    )
    paid = domain.create_claim(
        bob,
        actor=cast["bob"],
        activity_type="meeting",
        activity_date=datetime.date(2026, 4, 7),
        quantity=1,
    )
    domain.submit_claim(paid, actor=cast["bob"])
    domain.approve_claim(paid, actor=cast["alice"])
    run = domain.start_payment_run(org, actor=cast["dana"])
    domain.pay_payment_run(
        run, actor=cast["dana"], reference="BACS-1", paid_on=datetime.date(2026, 4, 20)
    )
    return {
        "payment_run": run,
        "payment_claim": claim,
        "payment_paid_claim": paid,
        "payment_expense": line,
        "payment_attendance": attendance,
    }


def payment_kwarg(name: str, param: str, data: dict) -> object:
    if param == "claim_pk":
        key = "payment_paid_claim" if name == "payments_remittance" else "payment_claim"
        return data[key].pk
    return {
        "expense_pk": lambda: data["payment_expense"].pk,
        "person_pk": lambda: data["person"].pk,
        "panel_pk": lambda: data["panel"].pk,
        "attendance_pk": lambda: data["payment_attendance"].pk,
        "run_pk": lambda: data["payment_run"].pk,
    }[param]()
