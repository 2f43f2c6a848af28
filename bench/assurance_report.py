"""Time the assurance report of an organisation of 50 initiatives and 2,000 people.

Run: python bench/assurance_report.py [--requests 30]
It makes its own test database (in-memory SQLite, or a test copy of DATABASE_URL) and fills
two organisations with a year of realistic records: a small one (5 initiatives, 200 people),
the baseline, and the large one (50 initiatives, 2,000 people: Ladder rounds with answers,
workshops with people in the room, panels with meetings and attendance, things people said
with responses and feedback, decisions, paid claims). It requests the report page of each
with Django's test client, as staff, and prints the median and 95th percentile server time
and the number of queries side by side: with the Ladder placements cached (every look after
the first), and with the cache emptied before each request (the first look after new
answers). Goal: p95 under 500 ms, and the same number of
queries for both. The CSV download is timed too. The database is removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time

from _django import PageFigures, measure_page, test_database  # sets Django up first
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

GOAL_P95_MS = 500
PERIOD = "start=2026-01-01&end=2026-12-31"


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def build(slug: str, *, initiatives: int, people: int, code: str) -> str:
    """An organisation with a staff login and a year of records; returns the staff email."""
    from coproduce.core.models import Membership, Organisation, Role
    from coproduce.decisions.models import Decision, How
    from coproduce.initiatives.models import Capacity, Initiative, Level
    from coproduce.ladder.models import Response, Round
    from coproduce.outcomes.models import Contribution, FeedbackSent
    from coproduce.panels.models import Attendance, Meeting
    from coproduce.payments.models import Claim
    from coproduce.people.models import Person
    from coproduce.workshops.models import Participant, Workshop
    from tests.factories import PanelFactory, UserFactory
    from tests.ladder.answers import NEXT_TO_TOP, TOP, TWO_OPTIONS

    org = Organisation.objects.create(name=f"Bench {slug}", slug=slug)
    user = UserFactory.create(email=f"staff@{slug}.example.org")
    Membership.objects.create(organisation=org, user=user, role=Role.STAFF)
    crowd = Person.objects.bulk_create(
        Person(organisation=org, name=f"Person {i}") for i in range(people)
    )
    levels = [Level.INDIVIDUAL, Level.SERVICE, Level.STRATEGIC, ""]
    claims = ["consultation", "engagement", "co_design", "co_production", ""]
    work = Initiative.objects.bulk_create(
        Initiative(
            organisation=org,
            title=f"Initiative {i}",
            aim="Time the report.",
            level=levels[i % 4],
            claimed_approach=claims[i % 5],
        )
        for i in range(initiatives)
    )
    # Ladder: three rounds each (one before the period, two in it), 20 answers a round.
    rounds = Round.objects.bulk_create(
        Round(
            organisation=org,
            initiative=initiative,
            number=n,
            opened_at=at(datetime.date(2025 + (n > 1), 3 * n, 1)),
            closed_at=at(datetime.date(2025 + (n > 1), 3 * n, 20)),
        )
        for initiative in work
        for n in (1, 2, 3)
    )
    sets = [TWO_OPTIONS, NEXT_TO_TOP, TOP]
    Response.objects.bulk_create(
        (
            Response(
                organisation=org,
                round=round_,
                person=crowd[(index * 20 + i) % people],
                capacity=Capacity.LEARNT if i % 3 == 0 else Capacity.LIVED_CARE,
                bank_version=1,
                answers=sets[(round_.number + i) % 3],
                token=f"{code}-{index}-{i}",
                short_code=f"{code}{index * 20 + i:06d}",
                submitted_at=round_.opened_at + datetime.timedelta(days=2),
            )
            for index, round_ in enumerate(rounds)
            for i in range(20)
        ),
        batch_size=1000,
    )
    # Workshops: four each in the period, 25 people in the room.
    workshops = Workshop.objects.bulk_create(
        Workshop(
            organisation=org,
            initiative=initiative,
            title=f"Workshop {n}",
            starts_at=at(datetime.date(2026, 2 + 2 * n, 10)),
            join_code=f"{code}{index:03d}{n}",
            state=Workshop.State.ENDED,
        )
        for index, initiative in enumerate(work)
        for n in range(4)
    )
    Participant.objects.bulk_create(
        (
            Participant(
                organisation=org,
                workshop=workshop,
                capacity=Capacity.LEARNT if i % 4 == 0 else Capacity.LIVED_CARE,
                person=crowd[(index * 25 + i) % people] if i % 2 else None,
            )
            for index, workshop in enumerate(workshops)
            for i in range(25)
        ),
        batch_size=1000,
    )
    # Panels: one for every five initiatives, twelve meetings each with 15 people.
    for p in range(max(1, initiatives // 5)):
        panel = PanelFactory.create(organisation=org, slug=f"{slug}-panel-{p}")
        panel.initiatives.set(work[p * 5 : p * 5 + 5])
        meetings = Meeting.objects.bulk_create(
            Meeting(
                organisation=org,
                panel=panel,
                title=f"Meeting {m}",
                format="in_person",
                starts_at=at(datetime.date(2026, m + 1, 15), 14),
            )
            for m in range(12)
        )
        Attendance.objects.bulk_create(
            Attendance(
                organisation=org,
                meeting=meeting,
                person=crowd[(p * 15 + i) % people],
                status=Attendance.Status.ATTENDED if i % 5 else Attendance.Status.APOLOGIES,
                capacity="learnt" if i % 3 == 0 else "lived",
            )
            for meeting in meetings
            for i in range(15)
        )
    # You said, we did: 40 things said a year, half answered, a quarter told.
    said = Contribution.objects.bulk_create(
        (
            Contribution(
                organisation=org,
                initiative=initiative,
                source="other",
                text=f"Idea {i}",
                said_on=datetime.date(2026, 1 + i % 12, 1 + i % 27),
                first_response_on=(
                    datetime.date(2026, 1 + i % 12, 1 + i % 27) + datetime.timedelta(days=i % 30)
                    if i % 2
                    else None
                ),
            )
            for initiative in work
            for i in range(40)
        ),
        batch_size=1000,
    )
    FeedbackSent.objects.bulk_create(
        (
            FeedbackSent(
                organisation=org,
                contribution=contribution,
                to_whom="The group",
                sent_on=contribution.first_response_on + datetime.timedelta(days=7),
                format="meeting",
            )
            for i, contribution in enumerate(said)
            if contribution.first_response_on and i % 4 == 1
        ),
        batch_size=1000,
    )
    hows = list(How)
    Decision.objects.bulk_create(
        Decision(
            organisation=org,
            initiative=initiative,
            what=f"Decision {i}",
            decided_on=datetime.date(2026, 1 + i, 5),
            how=hows[i % len(hows)],
        )
        for initiative in work
        for i in range(10)
    )
    paid = datetime.date(2026, 6, 1)
    Claim.objects.bulk_create(
        (
            Claim(
                organisation=org,
                person=crowd[i % people],
                activity_type="meeting",
                activity_date=paid,
                quantity=2,
                rate_amount_pence=2500,
                rate_unit="hour",
                rate_source="Bench policy",
                fee_pence=5000,
                expenses_pence=i % 900,
                status="paid",
                approved_at=at(paid),
                payable_fee_pence=5000,
                paid_at=at(paid),
                paid_on=paid,
                payment_reference=f"BACS-{i}",
            )
            for i in range(people + people // 2)
        ),
        batch_size=1000,
    )
    return user.email


def cold(client: Client, url: str, requests: int) -> tuple[float, float, int]:
    """Median and p95 ms, and queries, with the cache emptied before each request: the first
    look after new Ladder answers, every placement scored again."""
    from django.core.cache import cache

    times = []
    queries = 0
    for _ in range(requests):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)], queries


def line(label: str, page: PageFigures) -> str:
    return (
        f"  {label:<34} median {page.median:6.1f} ms, p95 {page.p95:6.1f} ms, "
        f"{page.queries:3d} queries, {page.kb:5.0f} KB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with test_database():
        from coproduce.accounts.models import User

        small = build("small", initiatives=5, people=200, code="S")
        large = build("large", initiatives=50, people=2000, code="L")
        figures = {}
        for slug, email in (("small", small), ("large", large)):
            client = Client()
            client.force_login(User.objects.get(email=email))
            figures[slug] = (
                measure_page(client, f"/o/{slug}/assurance/?{PERIOD}", args.requests),
                measure_page(client, f"/o/{slug}/assurance/report.csv?{PERIOD}", args.requests),
                cold(client, f"/o/{slug}/assurance/?{PERIOD}", args.requests),
            )
        print(f"Assurance report, one year, {connection.vendor}")
        print(line("baseline: 5 initiatives, 200 people", figures["small"][0]))
        print(line("50 initiatives, 2,000 people", figures["large"][0]))
        print(line("CSV, baseline", figures["small"][1]))
        print(line("CSV, 50 initiatives", figures["large"][1]))
        for slug, label in (("small", "baseline"), ("large", "50 initiatives")):
            median, p95, queries = figures[slug][2]
            print(
                f"  {'cache emptied, ' + label:<34} median {median:6.1f} ms, p95 {p95:6.1f} ms, "
                f"{queries:3d} queries"
            )
        page = figures["large"][0]
        same = page.queries == figures["small"][0].queries
        worst = max(page.p95, figures["large"][2][1])
        print(
            f"  goal p95 < {GOAL_P95_MS} ms (cached and emptied): "
            f"{'met' if worst < GOAL_P95_MS else 'NOT met'}; "
            f"queries independent of size: {'yes' if same else 'NO'}"
        )


if __name__ == "__main__":
    main()
