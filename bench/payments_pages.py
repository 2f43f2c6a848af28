"""Time the finance export and the claims pages with 10,000 claims.

Run: python bench/payments_pages.py [--requests 20]
It makes its own test database (in-memory SQLite, or a test copy of DATABASE_URL), fills it
with 10,000 claims (8,000 agreed and waiting to be paid), then requests with Django's test
client: the CSV export of agreed claims (streamed to the end), the claims to check (one page
of 50) and a member's own claims (200 of them). It prints the median and 95th percentile
server time, the number of queries and the peak Python memory (tracemalloc) of each.
The database is removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime

from _django import measure_page, test_database  # sets Django up first
from django.db import connection
from django.test import Client
from django.utils import timezone

CLAIMS = 10_000
PEOPLE = 50


def build() -> dict[str, str]:
    """An organisation, an admin and a member, 10,000 claims; returns the URLs to time."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from coproduce.core.models import Membership, Organisation, Role
    from coproduce.payments.models import Claim, Status
    from coproduce.people.models import Person
    from tests.factories import UserFactory

    org = Organisation.objects.create(name="Bench Council", slug="bench")
    admin = UserFactory.create(email="finance@example.org")
    member = UserFactory.create(email="member@example.org")
    Membership.objects.create(organisation=org, user=admin, role=Role.ADMIN)
    TOTP.activate(admin, generate_totp_secret())  # admins must have two-step sign in
    Membership.objects.create(organisation=org, user=member, role=Role.MEMBER)
    people = Person.objects.bulk_create(
        Person(organisation=org, name=f"Person {i}") for i in range(PEOPLE)
    )
    people[0].user = member
    people[0].save(update_fields=["user"])
    now = timezone.now()
    steps = [Status.APPROVED] * 8 + [Status.SUBMITTED, Status.DRAFT]
    Claim.objects.bulk_create(
        (
            Claim(
                organisation=org,
                person=people[i % PEOPLE],
                activity_type="meeting",
                activity_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
                quantity=2,
                rate_amount_pence=2500,
                rate_unit="hour",
                rate_source="Bench policy",
                fee_pence=5000,
                expenses_pence=i % 2000,
                status=steps[i % 10],
                approved_at=now if steps[i % 10] == Status.APPROVED else None,
                payable_fee_pence=5000 if steps[i % 10] == Status.APPROVED else None,
                payment_method="bank_transfer",
            )
            for i in range(CLAIMS)
        ),
        batch_size=1000,
    )
    return {
        "admin": admin.email,
        "member": member.email,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with test_database():
        from coproduce.accounts.models import User

        logins = build()
        admin, member = Client(), Client()
        admin.force_login(User.objects.get(email=logins["admin"]))
        member.force_login(User.objects.get(email=logins["member"]))
        base = "/o/bench/payments/"
        pages = [
            ("Finance export of 8,000 agreed claims", admin, f"{base}finance/claims-to-pay.csv"),
            ("Claims to pay, first page of 50", admin, f"{base}check/?status=approved"),
            ("Finance overview", admin, f"{base}finance/"),
            ("A member's own claims (200)", member, base),
        ]
        print(f"Payments pages: {CLAIMS:,} claims, {PEOPLE} people, {connection.vendor}")
        for label, client, url in pages:
            page = measure_page(client, url, args.requests)
            print(f"  {label}")
            print(
                f"    median {page.median:.1f} ms, p95 {page.p95:.1f} ms, "
                f"{page.queries} queries, peak memory {page.peak_mb:.1f} MB, {page.kb:.0f} KB"
            )


if __name__ == "__main__":
    main()
