from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.payments import domain, queries
from coproduce.payments.models import Claim
from tests.factories import ClaimFactory, PersonFactory

pytestmark = pytest.mark.django_db

EXPORT = "/o/riverside/payments/finance/claims-to-pay.csv"


def approved_claims(org, count: int, *, name: str = "Person") -> None:
    """`count` approved claims, made in bulk as the bench does."""
    people = [PersonFactory(organisation=org, name=f"{name} {n}") for n in range(5)]
    now = timezone.now()
    Claim.objects.bulk_create(
        (
            Claim(
                organisation=org,
                person=people[n % 5],
                activity_type="meeting",
                activity_date=datetime.date(2026, 5, 1) + datetime.timedelta(days=n % 150),
                quantity=2,
                rate_amount_pence=2500,
                rate_unit="hour",
                rate_source="Policy",
                fee_pence=5000,
                expenses_pence=n % 1000,
                status="approved",
                approved_at=now,
                payable_fee_pence=5000,
                payment_method="bank_transfer",
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


def double_claims(times: int) -> None:
    """Copy every claim row `times` times over in SQL: 10,000 rows in well under a second,
    where the ORM would spend seconds compiling inserts."""
    table = connection.ops.quote_name(Claim._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(field.column)
        for field in Claim._meta.concrete_fields
        if not field.primary_key
    )
    with connection.cursor() as cursor:
        for _ in range(times):
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}")  # noqa: S608 -- names from the model


def read_export(client) -> tuple[list[list[str]], int]:
    with CaptureQueriesContext(connection) as queries_run:
        response = client.get(EXPORT)
        assert response.streaming is True
        body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body))), len(queries_run)


def test_export_streams_10000_claims_with_a_fixed_number_of_queries(client_as, dana, org):
    client = client_as(dana)
    approved_claims(org, 10)
    read_export(client)  # the first visit caches the audit log's content type
    small, small_queries = read_export(client)
    approved_claims(org, 615, name="More")
    double_claims(4)  # 625 x 16
    rows, many_queries = read_export(client)
    assert (len(small), len(rows)) == (11, 10001)
    assert many_queries == small_queries
    assert rows[0] == queries.EXPORT_HEADER
    assert AuditEntry.objects.filter(action="payments.export.downloaded").count() == 3


def test_export_row_is_exact_and_has_no_bank_details(
    client_as, alice, bob, dana, draft, bob_person
):
    domain.set_payment_preference(
        bob_person, actor=bob, choice="charity", charity_name="Riverside Food Bank",
        finance_reference="PAY-0042",
    )  # fmt: skip
    domain.add_expense(draft, actor=bob, category="parking", amount_pence=350)
    domain.submit_claim(draft, actor=bob)
    domain.approve_claim(draft, actor=alice)
    rows, _count = read_export(client_as(dana))
    approved_on = timezone.localdate().isoformat()
    assert rows[1:] == [
        [
            draft.reference,
            str(bob_person.pk),
            "Bob Hughes",
            "2026-05-05",
            "Preparation and reading",
            "",
            "Pay a charity instead",
            "Riverside Food Bank",
            "PAY-0042",
            "40.00",
            "3.50",
            "43.50",
            approved_on,
            "",  # no cost code set
            "",  # in no payment run yet
        ]
    ]


def test_export_defuses_spreadsheet_formulas(client_as, dana, org):
    person = PersonFactory(organisation=org, name="=HYPERLINK(1)")
    ClaimFactory(
        person=person,
        status="approved",
        approved_at=timezone.now(),
        payable_fee_pence=5000,
    )
    rows, _count = read_export(client_as(dana))
    assert rows[1][2] == "'=HYPERLINK(1)"


def test_export_is_for_admins_only(client_as, alice):
    assert client_as(alice).get(EXPORT).status_code == 403


def test_budget_shows_paid_and_waiting_against_the_budget(org, panel, bob_person, dana):
    domain.set_panel_budget(
        panel, actor=dana, year_starts_on=datetime.date(2026, 4, 1), amount_pence=10000
    )
    now = timezone.now()
    ClaimFactory(
        person=bob_person, panel=panel, status="paid", approved_at=now, payable_fee_pence=5000,
        paid_at=now, paid_on=datetime.date(2026, 6, 1), payment_reference="R",
        expenses_pence=500,
    )  # fmt: skip
    ClaimFactory(person=bob_person, panel=panel, status="submitted")  # £50 waiting
    ClaimFactory(person=bob_person, panel=panel, status="draft")  # not counted
    ClaimFactory(person=bob_person, panel=panel, activity_date=datetime.date(2026, 3, 31))
    [line] = queries.budget_lines(org, datetime.date(2026, 4, 1))
    assert (line.budget_pence, line.spent_pence, line.committed_pence, line.left_pence) == (
        10000,
        5500,
        5000,
        -500,
    )
    assert line.over is True


def test_overdue_claims_are_flagged(client_as, alice, org, bob_person):
    today = timezone.localdate()
    late = ClaimFactory(
        person=bob_person, status="submitted", activity_date=today - datetime.timedelta(days=60)
    )
    ClaimFactory(person=bob_person, status="submitted", activity_date=today)
    ClaimFactory(person=bob_person, status="draft", activity_date=today - datetime.timedelta(90))
    summary = queries.finance_summary(org, today=today)
    assert (summary.overdue, summary.counts["submitted"], summary.target_days) == (1, 2, 20)
    response = client_as(alice).get("/o/riverside/payments/check/?status=overdue")
    assert [claim.pk for claim in response.context["page"].object_list] == [late.pk]


def test_time_to_pay_against_the_target(org, bob_person):
    now = timezone.now()
    for activity, paid in [
        (datetime.date(2026, 6, 1), datetime.date(2026, 6, 15)),  # 10 working days
        (datetime.date(2026, 6, 1), datetime.date(2026, 7, 13)),  # 30 working days
        (datetime.date(2026, 9, 1), datetime.date(2026, 9, 29)),  # 20 working days
    ]:
        ClaimFactory(
            person=bob_person, activity_date=activity, status="paid", approved_at=now,
            payable_fee_pence=5000, paid_at=now, paid_on=paid, payment_reference="R",
        )  # fmt: skip
    summary = queries.finance_summary(org, today=datetime.date(2026, 11, 22))
    assert (summary.paid_recently, summary.paid_within_target, summary.median_days_to_pay) == (
        3,
        2,
        20,
    )


def test_one_claim_paid_reads_as_one(client_as, alice, org, bob_person):
    now = timezone.now()
    today = timezone.localdate()
    ClaimFactory(
        person=bob_person, activity_date=today - datetime.timedelta(days=14), status="paid",
        approved_at=now, payable_fee_pence=5000, paid_at=now, paid_on=today,
        payment_reference="R",
    )  # fmt: skip
    html = client_as(alice).get("/o/riverside/payments/finance/").content.decode()
    assert "In the last year we paid 1 claim: " in html
