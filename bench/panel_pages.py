"""Time the panel page and the applications list of a panel with 2,000 applicants, 60 members.

Run: python bench/panel_pages.py [--requests 50]
It makes its own test database (in-memory SQLite, or a test copy of DATABASE_URL), fills it,
requests each page with Django's test client as the named contact and prints the median and
95th percentile server time and the number of queries. The database is removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime

from _django import measure_page, test_database  # sets Django up first
from django.test import Client
from django.utils import timezone

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with test_database():
        urls = build()
        print(f"Panel pages: {APPLICANTS} applicants, {MEMBERS} members, {args.requests} requests")
        for label, url in urls.items():
            page = measure_page(client, url, args.requests)
            print(f"  {label}")
            print(f"    median:  {page.median:.1f} ms")
            print(f"    p95:     {page.p95:.1f} ms")
            print(f"    queries: {page.queries}")


client = Client()

if __name__ == "__main__":
    main()
