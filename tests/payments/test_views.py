from __future__ import annotations

import datetime
from collections import Counter
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.core.models import AuditEntry
from coproduce.payments import domain
from coproduce.payments.models import Claim, ExpenseLine, PaymentPreference
from tests.factories import ClaimFactory, PersonFactory
from tests.markup import flat

pytestmark = pytest.mark.django_db

BASE = "/o/riverside/payments/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_member_makes_a_claim_by_hand(client_as, bob, bob_person, rates):
    client = client_as(bob)
    response = client.post(
        f"{BASE}new/",
        {
            "activity_type": "preparation",
            "activity_date": "5/5/2026",
            "quantity": "1.5",
            "description": "Read the report",
        },
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response.url == f"{BASE}claims/{claim.pk}/"
    assert (claim.person, claim.activity_date, claim.fee_pence, claim.status) == (
        bob_person,
        datetime.date(2026, 5, 5),
        3000,
        "draft",
    )


def test_bad_claim_input_keeps_what_was_typed(client_as, bob, rates):
    response = client_as(bob).post(
        f"{BASE}new/",
        {
            "activity_type": "preparation",
            "activity_date": "31/2/2026",
            "quantity": "-2",
            "description": "Read the report",
        },
    )
    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {
        "activity_date": ["Enter a real date, for example 3/5/2026."],
        "quantity": ["Enter at least 0.25, for example 1.5 for an hour and a half."],
    }
    html = response.content.decode()
    assert 'value="Read the report"' in html
    assert 'value="31/2/2026"' in html
    assert "There is a problem" in html
    assert Claim.objects.count() == 0


def test_claim_for_a_meeting_not_attended_gets_a_clear_message(
    client_as, bob, bob_person, meeting, rates
):
    from tests.payments.conftest import attend

    attend(meeting, bob_person, status="absent")
    response = client_as(bob).post(
        f"{BASE}new/",
        {
            "activity_type": "meeting",
            "meeting": str(meeting.pk),
            "activity_date": "1/11/2026",
            "quantity": "2",
            "description": "The summer plans",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "meeting": [
            "Our records do not show that you came to this meeting, so you cannot claim for it "
            "here. If you did come, ask the panel's contact to change the record."
        ]
    }
    assert 'value="The summer plans"' in response.content.decode()
    assert Claim.objects.count() == 0


def test_negative_expense_is_refused_and_kept(client_as, bob, draft):
    response = client_as(bob).post(
        f"{BASE}claims/{draft.pk}/expenses/new/",
        {"category": "parking", "amount": "-4.50", "description": "Town hall car park"},
    )
    assert response.context["form"].errors == {
        "amount": ["The amount cannot be less than zero. Enter what it cost, for example 4.50."]
    }
    html = response.content.decode()
    assert 'value="-4.50"' in html
    assert 'value="Town hall car park"' in html
    assert ExpenseLine.objects.count() == 0


def test_receipt_that_is_not_an_image_or_pdf_is_refused(client_as, bob, draft):
    fake = SimpleUploadedFile("receipt.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client_as(bob).post(
        f"{BASE}claims/{draft.pk}/expenses/new/",
        {"category": "parking", "amount": "3.50", "receipt": fake},
    )
    assert response.context["form"].errors == {
        "receipt": [
            "The receipt must be a photo (JPEG, PNG, WebP or HEIC) or a PDF. This file is "
            "another kind. Choose the file again."
        ]
    }
    assert 'value="3.50"' in response.content.decode()
    exe = SimpleUploadedFile("receipt.exe", b"%PDF-1.4", "application/octet-stream")
    response = client_as(bob).post(
        f"{BASE}claims/{draft.pk}/expenses/new/",
        {"category": "parking", "amount": "3.50", "receipt": exe},
    )
    assert list(response.context["form"].errors) == ["receipt"]


def test_receipt_too_big_is_refused(client_as, bob, draft, settings):
    settings.PAYMENTS_RECEIPT_MAX_MB = 1
    big = SimpleUploadedFile("r.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024), "image/png")
    response = client_as(bob).post(
        f"{BASE}claims/{draft.pk}/expenses/new/",
        {"category": "parking", "amount": "3.50", "receipt": big},
    )
    assert response.context["form"].errors["receipt"][0].startswith("The receipt is too big.")


def test_mileage_and_receipt_are_saved_and_downloadable(client_as, bob, alice, draft):
    client = client_as(bob)
    photo = SimpleUploadedFile("ticket.jpg", b"\xff\xd8\xff\xe0 jpeg", "image/jpeg")
    client.post(
        f"{BASE}claims/{draft.pk}/expenses/new/",
        {"category": "mileage", "miles": "20", "receipt": photo},
    )
    line = ExpenseLine.objects.get()
    assert (line.amount_pence, line.receipt_name) == (900, "ticket.jpg")
    response = client_as(alice).get(f"{BASE}claims/{draft.pk}/expenses/{line.pk}/receipt/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ticket.jpg"'


def test_member_cannot_see_someone_elses_claim(client_as, bob, org, rates):
    other = ClaimFactory(person=PersonFactory(organisation=org))
    assert client_as(bob).get(f"{BASE}claims/{other.pk}/").status_code == 404


def test_member_cannot_approve(client_as, bob, draft):
    domain.submit_claim(draft, actor=bob)
    assert client_as(bob).post(f"{BASE}claims/{draft.pk}/approve/").status_code == 403


def test_staff_cannot_approve_their_own_claim(client_as, alice, alice_person, rates):
    claim = domain.create_claim(
        alice_person,
        actor=alice,
        activity_type="meeting",
        activity_date=datetime.date(2026, 5, 5),
        quantity=1,
    )
    domain.submit_claim(claim, actor=alice)
    client = client_as(alice)
    page = client.get(f"{BASE}claims/{claim.pk}/")
    assert page.context["can_approve"] is False
    response = client.post(f"{BASE}claims/{claim.pk}/approve/", follow=True)
    assert messages_of(response) == [
        "You cannot agree or pay your own claim. Ask someone else in the team."
    ]
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_double_click_on_approve_says_nothing_changed(client_as, alice, bob, draft):
    domain.submit_claim(draft, actor=bob)
    client = client_as(alice)
    first = client.post(f"{BASE}claims/{draft.pk}/approve/", follow=True)
    second = client.post(f"{BASE}claims/{draft.pk}/approve/", follow=True)
    ref = draft.reference
    assert messages_of(first) == [f"Claim {ref} is agreed. Finance can now pay it."]
    assert messages_of(second) == [f"Claim {ref} was already agreed. Nothing has changed."]
    assert AuditEntry.objects.filter(action="payments.claim.approved").count() == 1


def test_staff_query_and_member_sees_it(client_as, alice, bob, draft):
    domain.submit_claim(draft, actor=bob)
    client_as(alice).post(
        f"{BASE}claims/{draft.pk}/query/", {"message": "Which day was the reading for?"}
    )
    page = client_as(bob).get(f"{BASE}claims/{draft.pk}/")
    html = page.content.decode()
    assert "Which day was the reading for?" in html
    assert page.context["can_send"] is True
    assert "Send my claim again" in html


def test_admin_pays_and_remittance_shows_income_and_costs(client_as, alice, bob, dana, draft):
    domain.add_expense(draft, actor=bob, category="parking", amount_pence=350)
    domain.submit_claim(draft, actor=bob)
    domain.approve_claim(draft, actor=alice)
    response = client_as(dana).post(
        f"{BASE}claims/{draft.pk}/pay/", {"reference": "BACS-77", "paid_on": "20/11/2026"}
    )
    assert response.status_code == 302
    page = client_as(bob).get(f"{BASE}claims/{draft.pk}/remittance/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "We paid you £43.50 on 20 November 2026." in html
    assert "The fee (£40.00) is income. The costs we paid back (£3.50) are not income." in html


def test_staff_cannot_mark_paid(client_as, alice, bob, draft):
    domain.submit_claim(draft, actor=bob)
    domain.approve_claim(draft, actor=alice)
    response = client_as(alice).post(
        f"{BASE}claims/{draft.pk}/pay/", {"reference": "X", "paid_on": "20/11/2026"}
    )
    assert response.status_code == 403


def test_preference_shows_benefits_advice_and_saves_history(client_as, bob, bob_person):
    client = client_as(bob)
    page = client.get(f"{BASE}preference/")
    html = page.content.decode()
    assert "Any payment from us may change your benefits." in html
    assert "citizensadvice.org.uk/benefits" in html
    assert "We never keep bank details here." in html
    client.post(f"{BASE}preference/", {"choice": "voucher"})
    client.post(
        f"{BASE}preference/",
        {"choice": "bank_transfer", "limit": "167", "limit_period": "week"},
    )
    rows = list(
        PaymentPreference.objects.filter(person=bob_person)
        .order_by("id")
        .values_list("choice", "limit_pence", "limit_period")
    )
    assert rows == [("voucher", None, ""), ("bank_transfer", 16700, "week")]


def test_preference_refuses_bank_details(client_as, bob):
    response = client_as(bob).post(
        f"{BASE}preference/",
        {"choice": "bank_transfer", "finance_reference": "20-00-00 12345678"},
    )
    assert response.context["form"].errors == {
        "finance_reference": [
            "This looks like bank details. Please do not put them here: finance will ask for "
            "them in their own safe way. Put only a reference finance gave you."
        ]
    }


def test_limit_warning_shows_before_sending(client_as, bob, bob_person, draft):
    domain.set_payment_preference(
        bob_person, actor=bob, choice="bank_transfer", limit_pence=3000, limit_period="month"
    )
    html = client_as(bob).get(f"{BASE}claims/{draft.pk}/").content.decode()
    assert "This claim takes you over your limit" in html
    assert (
        "You said you want to stay under £30.00 a month. With this claim, fees from 1 May to "
        "31 May 2026 come to £40.00." in html
    )
    assert "Send my claim" in html


def test_my_claims_lists_unclaimed_meetings_and_starts_a_claim(client_as, bob, bob_came, rates):
    client = client_as(bob)
    page = client.get(BASE)
    assert [m.attendance_id for m in page.context["unclaimed"]] == [bob_came.pk]
    response = client.post(f"{BASE}meetings/{bob_came.pk}/claim/", follow=True)
    claim = Claim.objects.get()
    assert response.redirect_chain == [(f"{BASE}claims/{claim.pk}/", 302)]
    again = client.post(f"{BASE}meetings/{bob_came.pk}/claim/", follow=True)
    assert messages_of(again) == [f"There is already a claim for this meeting: {claim.reference}."]
    assert client.get(BASE).context["unclaimed"] == []


def test_member_cannot_claim_someone_elses_attendance(client_as, bob, meeting, org, rates):
    from tests.payments.conftest import attend

    june = PersonFactory(organisation=org)
    row = attend(meeting, june)
    assert client_as(bob).post(f"{BASE}meetings/{row.pk}/claim/").status_code == 404


def test_my_claims_query_count_is_fixed(client_as, bob, bob_person, rates):
    client = client_as(bob)
    for day in range(1, 4):
        ClaimFactory(person=bob_person, activity_date=datetime.date(2026, 5, day))
    client.get(BASE)  # the first visit makes the payment settings row
    with CaptureQueriesContext(connection) as few:
        client.get(BASE)
    for day in range(4, 40):
        ClaimFactory(person=bob_person, activity_date=datetime.date(2026, 6, day % 28 + 1))
    with CaptureQueriesContext(connection) as many:
        client.get(BASE)
    assert len(many) == len(few)


def test_queue_query_count_is_fixed(client_as, alice, org, rates):
    client = client_as(alice)
    ClaimFactory(person=PersonFactory(organisation=org), status="submitted")
    client.get(f"{BASE}check/")  # the first visit makes the payment settings row
    with CaptureQueriesContext(connection) as few:
        client.get(f"{BASE}check/")
    for _ in range(30):
        ClaimFactory(person=PersonFactory(organisation=org), status="submitted")
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{BASE}check/")
    assert len(many) == len(few)
    assert len(response.context["page"].object_list) == 31


def test_statement_lists_the_tax_year_by_payment_date(client_as, bob, alice, dana, draft):
    domain.submit_claim(draft, actor=bob)
    domain.approve_claim(draft, actor=alice)
    # Paid on the first day of the 2026 to 2027 tax year (6 April), so not in 2025 to 2026.
    domain.pay_claim(draft, actor=dana, reference="R1", paid_on=datetime.date(2026, 4, 6))
    client = client_as(bob)
    before = client.get(f"{BASE}statement/?year=2025").context["statement"]
    after = client.get(f"{BASE}statement/?year=2026").context["statement"]
    assert ([c.pk for c in after.claims], after.total_pence) == ([draft.pk], 4000)
    assert before.claims == []
    assert client.get(f"{BASE}statement/?year=nope").status_code == 404


class _TableHeaders(HTMLParser):
    """Where each table's th cells sit: header cells per row and per column, and any th
    without a scope."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, Any]] = []
        self.column = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self.tables.append({"rows": [], "cols": Counter(), "unscoped": 0})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append(0)
            self.column = 0
        elif tag in ("th", "td") and self.tables:
            span = int(found.get("colspan") or 1)
            if tag == "th":
                table = self.tables[-1]
                table["rows"][-1] += span
                table["cols"][self.column] += 1
                table["unscoped"] += found.get("scope") not in ("row", "col")
            self.column += span


def header_problems(html: str) -> list[str]:
    """HTML_CodeSniffer's H43 test for tables that use scope (none of ours use headers/ids):
    scope can only say which cells a header is for when at most one row and one column hold
    more than one header cell; then every th needs a scope."""
    parser = _TableHeaders()
    parser.feed(html)
    problems = []
    for number, table in enumerate(parser.tables, start=1):
        many_rows = sum(1 for count in table["rows"] if count > 1)
        many_cols = sum(1 for count in table["cols"].values() if count > 1)
        if many_rows > 1 or many_cols > 1:
            problems.append(f"table {number}: headers in {many_rows} rows, {many_cols} columns")
        elif table["unscoped"]:
            problems.append(f"table {number}: {table['unscoped']} th without scope")
    return problems


def test_statement_tables_tie_each_cell_to_its_headers(client_as, bob, alice, dana, draft):
    domain.submit_claim(draft, actor=bob)
    domain.approve_claim(draft, actor=alice)
    domain.pay_claim(draft, actor=dana, reference="R1", paid_on=datetime.date(2026, 4, 6))
    own = client_as(bob).get(f"{BASE}statement/?year=2026").content.decode()
    staff = (
        client_as(alice)
        .get(f"{BASE}people/{draft.person_id}/statement/?year=2026")
        .content.decode()
    )
    for html in (own, staff):
        assert "<table>" in html
        assert header_problems(html) == []


def test_a_claim_sent_with_mistakes_says_error_in_the_title(client_as, bob, bob_person, rates):
    html = flat(
        client_as(bob)
        .post(f"{BASE}new/", {"activity_type": "preparation", "activity_date": "nope"})
        .content.decode()
    )
    assert "There is a problem" in html
    assert "<title>Error: Make a claim \N{EN DASH} Coproduce</title>" in html


@pytest.mark.parametrize("year", ["²²²²", "1" * 5000, "-2026", "1999", "2101", "2026.0"])
def test_statement_of_a_year_that_cannot_be_is_not_found(client_as, bob, bob_person, year):
    assert client_as(bob).get(f"{BASE}statement/", {"year": year}).status_code == 404


@pytest.mark.parametrize("year", ["²²²²", "1" * 5000, "-2026", "1999", "2101"])
def test_budgets_of_a_year_that_cannot_be_is_not_found(client_as, alice, year):
    assert client_as(alice).get(f"{BASE}finance/budgets/", {"year": year}).status_code == 404


@pytest.mark.parametrize("person", ["²", "1" * 5000, "-1", "abc"])
def test_finance_with_a_person_who_cannot_be_is_not_found(client_as, alice, person):
    assert client_as(alice).get(f"{BASE}finance/", {"person": person}).status_code == 404


@pytest.mark.parametrize(
    ("year", "before", "after"), [(2000, False, True), (2050, True, True), (2100, True, False)]
)
def test_statement_links_only_to_years_it_can_show(client_as, bob, bob_person, year, before, after):
    client = client_as(bob)
    body = client.get(f"{BASE}statement/", {"year": year}).content.decode()
    assert ("The year before" in body, "The year after" in body) == (before, after)
    for other in (year - 1, year + 1):
        if f"?year={other}" in body:
            assert client.get(f"{BASE}statement/", {"year": other}).status_code == 200


@pytest.mark.parametrize(
    ("year", "before", "after"), [(2000, False, True), (2050, True, True), (2100, True, False)]
)
def test_budgets_link_only_to_years_they_can_show(client_as, alice, year, before, after):
    client = client_as(alice)
    body = client.get(f"{BASE}finance/budgets/", {"year": year}).content.decode()
    assert ("The year before" in body, "The year after" in body) == (before, after)
    for other in (year - 1, year + 1):
        if f"?year={other}" in body:
            assert client.get(f"{BASE}finance/budgets/", {"year": other}).status_code == 200


def test_statement_and_letter_are_easy_read_first_for_a_person_who_chose_it(
    client_as, alice, bob, dana, draft, bob_person
):
    domain.submit_claim(draft, actor=bob)
    domain.approve_claim(draft, actor=alice)
    domain.pay_claim(draft, actor=dana, reference="R1", paid_on=datetime.date(2026, 4, 6))
    statement = f"{BASE}people/{bob_person.pk}/statement/?year=2026"
    letter = f"{BASE}claims/{draft.pk}/remittance/"
    assert client_as(alice).get(statement).context["easy_read"] is False
    bob_person.formats = ["easy_read"]
    bob_person.save()
    # Staff printing Bob's letters get the version Bob chose, as Bob does.
    assert client_as(alice).get(statement).context["easy_read"] is True
    assert client_as(alice).get(f"{statement}&version=standard").context["easy_read"] is False
    assert client_as(bob).get(letter).context["easy_read"] is True
