"""Time the panel page and the applications list of a panel with 2,000 applicants, 60 members.

Run: python bench/panel_pages.py [--requests 50]
It makes its own test database (in-memory SQLite, or a test copy of DATABASE_URL), fills it,
requests each page with Django's test client as the named contact and prints the median and
95th percentile server time and the number of queries. The database is removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
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

APPLICANTS = 2000
MEMBERS = 60


def build() -> dict[str, str]:
    """A staff login who is the panel's named contact, the panel, its applicants, members,
    two meetings and an access need for every member. Returns the URLs to time."""
    from coproduce.core.models import Membership, Organisation, Role
    from coproduce.panels.domain import meetings
    from coproduce.panels.models import AccessNeed, Adjustment, Application, PanelMember
    from coproduce.people.models import Person
    from tests.factories import PanelFactory, UserFactory

    org = Organisation.objects.create(name="Bench Council", slug="bench")
    user = UserFactory.create(email="bench@example.org")
    Membership.objects.create(organisation=org, user=user, role=Role.STAFF)
    contact = Person.objects.create(organisation=org, name="Bench Contact", user=user)
    panel = PanelFactory.create(
        organisation=org, named_contact=contact, published_at=timezone.now()
    )
    statuses = ["received", "contacted", "invited", "waiting_list", "declined"]
    start = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    Application.objects.bulk_create(
        (
            Application(
                organisation=org,
                panel=panel,
                name=f"Applicant {i}",
                email=f"applicant{i}@example.org",
                contact_channel="email",
                why_join="To help.",
                status=statuses[i % len(statuses)],
                submitted_at=start + datetime.timedelta(minutes=i),
                token=f"bench-{i}",
            )
            for i in range(APPLICANTS)
        ),
        batch_size=500,
    )
    people = Person.objects.bulk_create(
        Person(organisation=org, name=f"Member {i}") for i in range(MEMBERS)
    )
    PanelMember.objects.bulk_create(
        PanelMember(
            organisation=org,
            panel=panel,
            person=person,
            role="member",
            started_on=datetime.date(2026, 4, 1),
        )
        for person in people
    )
    needs = AccessNeed.objects.bulk_create(
        AccessNeed(
            organisation=org,
            panel=panel,
            person=person,
            kind="energy",
            options=["breaks"],
            identified_on=datetime.date(2026, 4, 1),
            identified_how="asked",
        )
        for person in people
    )
    Adjustment.objects.bulk_create(
        Adjustment(
            organisation=org,
            need=need,
            panel=panel,
            person_id=need.person_id,
            description="A break every 45 minutes.",
            agreed_on=datetime.date(2026, 4, 1),
            review_on=datetime.date(2026, 7, 1),
        )
        for need in needs
    )
    for days in (14, 42):
        meetings.create_meeting(
            panel,
            actor=user,
            title=f"Meeting in {days} days",
            format="hybrid",
            starts_at=timezone.now() + datetime.timedelta(days=days),
        )
    client.force_login(user)
    base = f"/o/bench/panels/{panel.pk}/"
    return {
        "Panel page": base,
        "Applications list": f"{base}applications/",
        "Applications list, page 8 of one step": f"{base}applications/?status=received&page=8",
    }


def time_page(url: str, requests: int) -> tuple[float, float, int]:
    assert client.get(url).status_code == 200  # warm the caches once
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries)  # read now: every request empties Django's query log
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95, query_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        urls = build()
        print(f"Panel pages: {APPLICANTS} applicants, {MEMBERS} members, {args.requests} requests")
        for label, url in urls.items():
            median, p95, queries = time_page(url, args.requests)
            print(f"  {label}")
            print(f"    median:  {median:.1f} ms")
            print(f"    p95:     {p95:.1f} ms")
            print(f"    queries: {queries}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


client = Client()

if __name__ == "__main__":
    main()
