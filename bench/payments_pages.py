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
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402

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


def measure(client: Client, url: str, requests: int) -> dict[str, float]:
    def fetch() -> int:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    fetch()  # warm the caches once
    with CaptureQueriesContext(connection) as queries:
        size = fetch()
    query_count = len(queries)  # read now: every request empties Django's query log
    tracemalloc.start()
    fetch()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        fetch()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "queries": query_count,
        "peak_mb": peak / 1024 / 1024,
        "kb": size / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
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
            figures = measure(client, url, args.requests)
            print(f"  {label}")
            print(
                f"    median {figures['median']:.1f} ms, p95 {figures['p95']:.1f} ms, "
                f"{figures['queries']} queries, peak memory {figures['peak_mb']:.1f} MB, "
                f"{figures['kb']:.0f} KB"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
