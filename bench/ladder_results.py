"""Time the Ladder results page of an initiative with 200 respondents over 10 rounds.

Run: python bench/ladder_results.py [--requests 50]
It makes its own test database (in-memory SQLite, or a test copy of DATABASE_URL), fills it,
requests the page with Django's test client and prints the median and 95th percentile server
time and the number of queries. The database is removed afterwards.
"""

from __future__ import annotations

import argparse

from _django import measure_page, test_database  # sets Django up first
from django.test import Client
from django.utils import timezone

RESPONDENTS = 200
ROUNDS = 10


def build() -> str:
    """Make the organisation, a staff login and 200 answers in each of 10 rounds; return the URL."""
    from coproduce.core.models import Membership, Organisation, Role
    from coproduce.initiatives.models import Capacity, Initiative
    from coproduce.ladder.bank import latest_bank_version, load_bank
    from coproduce.ladder.models import Response, Round
    from coproduce.people.models import Person
    from tests.factories import UserFactory

    org = Organisation.objects.create(name="Bench Council", slug="bench")
    user = UserFactory.create(email="bench@example.org")
    Membership.objects.create(organisation=org, user=user, role=Role.STAFF)
    initiative = Initiative.objects.create(
        organisation=org, title="Bench garden", aim="Time the page.", claimed_approach="co_design"
    )
    people = Person.objects.bulk_create(
        Person(organisation=org, name=f"Person {i}") for i in range(RESPONDENTS)
    )
    rounds = Round.objects.bulk_create(
        Round(
            organisation=org,
            initiative=initiative,
            number=n,
            closed_at=None if n == ROUNDS else timezone.now(),
        )
        for n in range(1, ROUNDS + 1)
    )
    version = latest_bank_version()
    bank = load_bank(version)
    responses = []
    for round_ in rounds:
        for i, person in enumerate(people):
            answers = {}
            for j, question in enumerate(bank.questions):
                count = len(question.options)
                index = (i + j + round_.number) % count if i % 7 else count - 1
                answers[question.key] = (
                    "not_sure" if (i + j) % 11 == 0 else question.options[index].key
                )
            responses.append(
                Response(
                    organisation=org,
                    round=round_,
                    person=person,
                    capacity=Capacity.LEARNT if i % 3 == 0 else Capacity.LIVED_CARE,
                    bank_version=version,
                    answers=answers,
                    token=f"bench-{round_.number}-{i}",
                    short_code=f"B{round_.number:02d}{i:05d}",
                    submitted_at=timezone.now(),
                )
            )
    Response.objects.bulk_create(responses, batch_size=500)
    client.force_login(user)
    return f"/o/bench/initiatives/{initiative.pk}/ladder/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with test_database():
        page = measure_page(client, build(), args.requests)
        print(f"Ladder results page: {RESPONDENTS} respondents x {ROUNDS} rounds")
        print(f"  requests: {page.requests}")
        print(f"  median:   {page.median:.1f} ms")
        print(f"  p95:      {page.p95:.1f} ms")
        print(f"  queries:  {page.queries}")


client = Client()

if __name__ == "__main__":
    main()
