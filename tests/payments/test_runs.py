"""Payment runs: agreed claims batched under one reference, downloaded with plain labels and
cost codes, and marked paid in one step (coproduce/payments/domain/runs.py)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.payments import domain, queries
from coproduce.payments.models import Claim, PaymentRun, Status

pytestmark = pytest.mark.django_db

BASE = "/o/riverside/payments/finance/"
PAID_ON = datetime.date(2026, 5, 20)


def agreed(person, *, actor, checker, day=datetime.date(2026, 5, 5), panel=None) -> Claim:
    claim = domain.create_claim(
        person, actor=actor, activity_type="meeting", activity_date=day, quantity=2, panel=panel
    )
    domain.submit_claim(claim, actor=actor)
    return domain.approve_claim(claim, actor=checker).claim


def test_a_run_takes_every_agreed_claim_in_no_run_yet(rates, bob, bob_person, alice, dana):
    first = agreed(bob_person, actor=bob, checker=alice)
    second = agreed(bob_person, actor=bob, checker=alice, day=datetime.date(2026, 5, 6))
    run = domain.start_payment_run(bob_person.organisation, actor=dana)
    assert run is not None
    today = timezone.localdate()
    assert run.reference == f"RUN-{today:%Y%m%d}-1"
    assert set(run.claims.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert domain.start_payment_run(bob_person.organisation, actor=dana) is None
    third = agreed(bob_person, actor=bob, checker=alice, day=datetime.date(2026, 5, 7))
    later = domain.start_payment_run(bob_person.organisation, actor=dana)
    assert later.reference == f"RUN-{today:%Y%m%d}-2"
    assert list(later.claims.values_list("pk", flat=True)) == [third.pk]
    assert AuditEntry.objects.filter(action="payments.run.started").count() == 2


def test_marking_a_run_paid_pays_each_claim_once(rates, bob, bob_person, alice, dana):
    claims = [agreed(bob_person, actor=bob, checker=alice) for _ in range(3)]
    run = domain.start_payment_run(bob_person.organisation, actor=dana)
    domain.pay_claim(claims[0], actor=dana, reference="BY-HAND", paid_on=PAID_ON)
    result = domain.pay_payment_run(run, actor=dana, reference="BACS-77", paid_on=PAID_ON)
    assert (result.paid, result.already, result.left) == (2, 1, [])
    rows = Claim.objects.order_by("pk").values_list("status", "payment_reference", "paid_on")
    assert list(rows) == [
        ("paid", "BY-HAND", PAID_ON),
        ("paid", "BACS-77", PAID_ON),
        ("paid", "BACS-77", PAID_ON),
    ]
    run.refresh_from_db()
    assert (run.paid_on, run.bank_reference, run.paid_by) == (PAID_ON, "BACS-77", dana)
    again = domain.pay_payment_run(run, actor=dana, reference="BACS-78", paid_on=PAID_ON)
    assert (again.paid, again.already) == (0, 3)


def test_a_run_is_not_marked_paid_on_a_date_after_today(rates, bob, bob_person, alice, dana):
    agreed(bob_person, actor=bob, checker=alice)
    run = domain.start_payment_run(bob_person.organisation, actor=dana)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be after today"):
        domain.pay_payment_run(run, actor=dana, reference="BACS-1", paid_on=tomorrow)
    assert Claim.objects.get().status == Status.APPROVED


def test_a_run_leaves_the_payers_own_claim_for_someone_else(
    rates, bob, bob_person, alice, alice_person, dana, org
):
    dana_person = dana.people.get(organisation=org)
    agreed(bob_person, actor=bob, checker=alice)
    own = agreed(dana_person, actor=dana, checker=alice)
    run = domain.start_payment_run(org, actor=dana)
    result = domain.pay_payment_run(run, actor=dana, reference="BACS-5", paid_on=PAID_ON)
    assert (result.paid, [claim.pk for claim, _reason in result.left]) == (1, [own.pk])
    assert (
        result.left[0][1] == "You cannot agree or pay your own claim. Ask someone else in the team."
    )
    run.refresh_from_db()
    assert run.paid_on is None  # not all of it is paid yet


def test_the_run_download_has_plain_labels_cost_codes_and_the_run(
    client_as, rates, bob, bob_person, alice, dana, panel, org
):
    domain.update_payment_settings(queries.settings_for(org), actor=dana, cost_code="SC-100")
    domain.set_panel_budget(
        panel,
        actor=dana,
        year_starts_on=datetime.date(2026, 4, 1),
        amount_pence=100_000,
        cost_code="PANEL-7",
    )
    domain.set_payment_preference(bob_person, actor=bob, choice="bank_transfer")
    agreed(bob_person, actor=bob, checker=alice, panel=panel)
    agreed(bob_person, actor=bob, checker=alice, day=datetime.date(2026, 3, 30), panel=panel)
    run = domain.start_payment_run(org, actor=dana)
    response = client_as(dana).get(f"{BASE}runs/{run.pk}/claims.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][-2:] == ["Cost code", "Payment run"]
    # Last financial year's claim takes the usual code; this year's, the panel's own.
    assert [(row[3], row[6], row[-2], row[-1]) for row in rows[1:]] == [
        ("2026-03-30", "Bank transfer", "SC-100", run.reference),
        ("2026-05-05", "Bank transfer", "PANEL-7", run.reference),
    ]


def test_a_claim_with_no_payment_choice_says_so_in_the_download(
    client_as, rates, bob, bob_person, alice, dana, org
):
    agreed(bob_person, actor=bob, checker=alice)
    response = client_as(dana).get(f"{BASE}claims-to-pay.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][6] == "Not chosen yet: ask them"


def test_finance_starts_a_run_and_marks_it_paid_on_the_pages(
    client_as, rates, bob, bob_person, alice, dana
):
    agreed(bob_person, actor=bob, checker=alice)
    client = client_as(dana)
    response = client.post(f"{BASE}runs/new/")
    run = PaymentRun.objects.get()
    assert response.url == f"{BASE}runs/{run.pk}/"
    page = client.get(response.url).content.decode()
    assert "Mark the whole run as paid" in page
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    typed = {"reference": "BACS-12", "paid_on": tomorrow.strftime("%d/%m/%Y")}
    refused = client.post(f"{BASE}runs/{run.pk}/", typed).content.decode()
    assert "The date it was paid cannot be after today." in refused
    assert 'value="BACS-12"' in refused  # what was typed is kept
    client.post(f"{BASE}runs/{run.pk}/", {"reference": "BACS-12", "paid_on": "20/5/2026"})
    assert Claim.objects.get().status == Status.PAID
    assert "Paid on 20 May 2026." in client.get(f"{BASE}").content.decode()


def test_staff_who_are_not_finance_cannot_start_or_see_runs(client_as, alice):
    client = client_as(alice)
    assert client.post(f"{BASE}runs/new/").status_code == 403
