"""Time the "you said, we did" page of an initiative with 1,000 contributions.

Run: python bench/support_pages.py [--requests 50]
It makes its own test database (in-memory SQLite, or a test copy of DATABASE_URL), fills it
with 1,000 contributions (most with a response, many with a change, a credit and feedback),
requests the first page and a middle page with Django's test client, and prints the median
and 95th percentile server time, the number of queries and the peak Python memory of one
request (tracemalloc). The database is removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime

from _django import measure_page, test_database  # sets Django up first
from django.test import Client

CONTRIBUTIONS = 1000
DECISIONS = ["adopted", "adapted", "not_adopted", "considering", "out_of_scope"]


def build() -> str:
    """An organisation, a staff login and 1,000 contributions; return the page's URL."""
    from coproduce.core.models import Membership, Organisation, Role
    from coproduce.initiatives.models import Initiative
    from coproduce.outcomes.models import Change, Contribution, Credit, FeedbackSent, Response
    from coproduce.people.models import Person
    from tests.factories import UserFactory

    org = Organisation.objects.create(name="Bench Council", slug="bench")
    user = UserFactory.create(email="bench@example.org")
    Membership.objects.create(organisation=org, user=user, role=Role.STAFF)
    initiative = Initiative.objects.create(organisation=org, title="Bench garden", aim="Time it.")
    people = Person.objects.bulk_create(
        Person(organisation=org, name=f"Person {i}") for i in range(50)
    )
    start = datetime.date(2025, 1, 1)
    contributions = Contribution.objects.bulk_create(
        Contribution(
            organisation=org,
            initiative=initiative,
            source="other",
            text=f"Idea number {i}: make the garden easier to reach from the lounge.",
            said_on=start + datetime.timedelta(days=i % 300),
        )
        for i in range(CONTRIBUTIONS)
    )
    responses = Response.objects.bulk_create(
        Response(
            organisation=org,
            contribution=c,
            decision=DECISIONS[i % 5],
            reason="We looked at the cost and the space." if i % 5 in (1, 2) else "",
            decided_by="Leadership team",
            decided_on=c.said_on + datetime.timedelta(days=3 + i % 40),
            owner=people[i % 50],
        )
        for i, c in enumerate(contributions)
        if i % 10 != 9
    )
    for response in responses:
        response.contribution.latest_response = response
        response.contribution.first_response_on = response.decided_on
    Contribution.objects.bulk_update(
        [r.contribution for r in responses], ["latest_response", "first_response_on"]
    )
    Change.objects.bulk_create(
        Change(organisation=org, contribution=c, what="It changed.", happened_on=c.said_on)
        for c in contributions[::2]
    )
    Credit.objects.bulk_create(
        Credit(organisation=org, contribution=c, person=people[i % 50], consent_given_on=start)
        for i, c in enumerate(contributions[::3])
    )
    FeedbackSent.objects.bulk_create(
        FeedbackSent(
            organisation=org, contribution=c, to_whom="The group", sent_on=c.said_on, format="email"
        )
        for c in contributions[::4]
    )
    client.force_login(user)
    return f"/o/bench/initiatives/{initiative.pk}/you-said-we-did/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with test_database():
        url = build()
        print(f'"You said, we did" page: {CONTRIBUTIONS} contributions, 50 a page')
        for label, page_url in [("first page", url), ("page 10", url + "?page=10")]:
            page = measure_page(client, page_url, args.requests)
            print(f"  {label}:")
            print(f"    requests: {page.requests}")
            print(f"    median:   {page.median:.1f} ms")
            print(f"    p95:      {page.p95:.1f} ms")
            print(f"    queries:  {page.queries}")
            print(f"    peak mem: {page.peak_mb:.1f} MB (tracemalloc, one request)")


client = Client()

if __name__ == "__main__":
    main()
