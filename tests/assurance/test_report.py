"""The assurance report: exact figures from factory-made records, suppression, who may see it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.assurance.report import Period, assurance_report_for, default_period
from coproduce.decisions.models import Decision, How
from coproduce.initiatives.models import Capacity, Level
from coproduce.outcomes.models import FeedbackSent
from coproduce.panels.models import Attendance
from coproduce.people.models import Person
from tests.factories import (
    ClaimFactory,
    ContributionFactory,
    InitiativeFactory,
    MeetingFactory,
    PanelFactory,
    ParticipantFactory,
    PersonFactory,
    ResponseFactory,
    RoundFactory,
    WorkshopFactory,
)
from tests.ladder.answers import (
    NEXT_TO_TOP,
    TOP,
    TWO_OPTIONS,
    V2_CO_DESIGN,
    V2_CONSULTATION,
)

pytestmark = pytest.mark.django_db

YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def ladder_round(
    initiative, opened: datetime.date, answers: dict, people: int = 3, bank_version: int = 1
):
    round_ = RoundFactory(initiative=initiative, opened_at=at(opened), closed_at=at(opened, 18))
    for _ in range(people):
        ResponseFactory(
            round=round_, answers=answers, submitted_at=at(opened, 12), bank_version=bank_version
        )
    return round_


def paid_claims(org, people: int, *, paid_on=datetime.date(2026, 6, 1), pence=5000):
    for _ in range(people):
        ClaimFactory(
            person=PersonFactory(organisation=org),
            status="paid",
            approved_at=at(paid_on),
            payable_fee_pence=pence,
            paid_at=at(paid_on),
            paid_on=paid_on,
            payment_reference="BACS-1",
        )


def decision(initiative, how: str, on=datetime.date(2026, 5, 1)):
    return Decision.objects.create(
        organisation=initiative.organisation,
        initiative=initiative,
        what="Open the garden on Saturdays",
        decided_on=on,
        how=how,
    )


@pytest.fixture
def records(org, other_org):
    """Two initiatives of Riverside with a year of records, and Hillside's, never counted."""
    garden = InitiativeFactory(
        organisation=org, title="Garden", claimed_approach="co_production", level=Level.SERVICE
    )
    strategy = InitiativeFactory(organisation=org, title="Strategy", level=Level.STRATEGIC)
    ladder_round(garden, datetime.date(2025, 6, 1), TWO_OPTIONS)  # Consultation at the start
    ladder_round(garden, datetime.date(2026, 3, 1), NEXT_TO_TOP)  # Co-design at the end
    workshop = WorkshopFactory(initiative=strategy, starts_at=at(datetime.date(2026, 4, 1)))
    for capacity, count in ((Capacity.LIVED_CARE, 6), (Capacity.LIVED_CARER, 2), ("learnt", 6)):
        for _ in range(count):
            ParticipantFactory(workshop=workshop, capacity=capacity)
    answered = ContributionFactory(
        initiative=garden,
        said_on=datetime.date(2026, 2, 1),
        first_response_on=datetime.date(2026, 2, 11),
    )
    FeedbackSent.objects.create(
        organisation=org,
        contribution=answered,
        to_whom="The garden group",
        sent_on=datetime.date(2026, 2, 21),
        format="meeting",
    )
    ContributionFactory(
        initiative=garden,
        said_on=datetime.date(2026, 3, 1),
        first_response_on=datetime.date(2026, 3, 5),
    )
    ContributionFactory(initiative=garden, said_on=datetime.date(2026, 4, 1))
    ContributionFactory(initiative=garden, said_on=datetime.date(2025, 4, 1))  # before
    decision(garden, How.JOINTLY)
    decision(garden, How.BY_VOTE)
    decision(garden, How.STAFF_ALONE)
    decision(garden, How.JOINTLY, on=datetime.date(2025, 12, 31))  # before
    paid_claims(org, 10)
    paid_claims(org, 1, paid_on=datetime.date(2027, 1, 1))  # after
    # Hillside's records: never in Riverside's report.
    theirs = InitiativeFactory(organisation=other_org, claimed_approach="co_production")
    decision(theirs, How.BY_PANEL)
    paid_claims(other_org, 12)
    ContributionFactory(initiative=theirs, said_on=datetime.date(2026, 2, 1))
    other_workshop = WorkshopFactory(initiative=theirs, starts_at=at(datetime.date(2026, 4, 1)))
    for _ in range(20):
        ParticipantFactory(workshop=other_workshop, capacity="learnt")
    return garden, strategy


def test_report_figures_are_exact(org, records):
    report = assurance_report_for(org, YEAR)
    assert report.initiatives == 2
    rows = {str(name): (counts, total) for name, counts, total in report.by_rung}
    # Columns: individual, service, strategic, not said.
    assert rows["Co-design"] == ([0, 1, 0, 0], 1)
    assert rows["No Ladder result yet"] == ([0, 0, 1, 0], 1)
    assert rows["Co-production"] == ([0, 0, 0, 0], 0)
    assert report.level_totals == [0, 1, 1, 0]
    moves = {m.initiative.title: m for m in report.movements}
    assert (moves["Garden"].start.key, moves["Garden"].end.key) == ("consultation", "co_design")
    assert moves["Garden"].change == 2
    assert moves["Garden"].label == "Up 2"
    assert moves["Strategy"].start is None
    assert moves["Strategy"].end is None
    assert report.moved_up == 1
    assert report.moved_down == 0
    gaps = sorted((gap.initiative.title, gap.kind) for gap in report.gaps if not gap.records)
    assert gaps == [
        ("Garden", "claim_above_ladder"),
        ("Garden", "no_response"),
        ("Garden", "no_workshop_or_meeting"),
        ("Strategy", "no_ladder_round"),
    ]
    # The garden's answers were given under bank v1, so only its name claims the features.
    from_records = [gap for gap in report.gaps if gap.records]
    assert {gap.initiative.title for gap in from_records} == {"Garden"}
    assert all(gap.text.startswith("This work is called Co-production") for gap in from_records)
    no_response = next(g for g in report.gaps if g.kind == "no_response")
    assert no_response.text == "1 of 3 things people said in this period have no response."
    assert report.decisions.total == 3
    assert report.decisions.shared == 2
    workshops, meetings, both = report.shares
    assert (workshops.count("lived"), workshops.count("learnt"), workshops.lived_percent) == (
        8,
        6,
        57,
    )
    assert meetings.withheld
    assert (both.count("lived"), both.count("learnt")) == (8, 6)
    assert (report.payments.claims, report.payments.total_pence, report.payments.people) == (
        10,
        50000,
        10,
    )
    loops = report.loops
    assert (loops.contributions, loops.answered, loops.closed) == (3, 2, 1)
    assert loops.median_days_to_response == 7  # 10 days and 4 days
    assert loops.median_days_to_feedback == 20


def test_claimed_doing_with_rung_without_a_shared_decision_is_a_gap(org):
    InitiativeFactory(organisation=org, title="Day centre", claimed_approach="co_design")
    report = assurance_report_for(org, YEAR)
    assert "no_shared_decision" in [gap.kind for gap in report.gaps]


def test_what_the_records_show_joins_the_gaps_with_the_answers_at_the_end(org):
    day_centre = InitiativeFactory(organisation=org, title="Day centre", claimed_approach="")
    ladder_round(day_centre, datetime.date(2026, 3, 1), V2_CO_DESIGN, bank_version=2)
    # After the period: not read.
    ladder_round(day_centre, datetime.date(2027, 3, 1), V2_CONSULTATION, bank_version=2)

    gaps = {gap.kind: gap.text for gap in assurance_report_for(org, YEAR).gaps if gap.records}

    # Staff said people designed it with them; no decision on record shows it.
    assert gaps["records:designed:yes"] == (
        "The answers say people designed it with staff and took part in decisions. No decision "
        "on this work is recorded, so the platform cannot tell whether people took part in "
        "decisions."
    )
    # Without a claimed name or an answer that claims it, a line is not a gap.
    assert "records:forum:yes" not in gaps


def test_a_gap_the_report_already_shows_is_not_said_twice(org):
    InitiativeFactory(organisation=org, title="Day centre", claimed_approach="co_design")
    kinds = [gap.kind for gap in assurance_report_for(org, YEAR).gaps]
    assert "no_shared_decision" in kinds
    assert "records:equal_say:equal" not in kinds
    assert "records:designed:yes" in kinds


def test_a_meeting_of_a_linked_panel_counts_as_meeting_people(org, alice):
    initiative = InitiativeFactory(organisation=org, title="Transport")
    panel = PanelFactory(organisation=org)
    panel.initiatives.add(initiative)
    meeting = MeetingFactory(panel=panel, starts_at=at(datetime.date(2026, 7, 1)))
    for index in range(12):
        Attendance.objects.create(
            organisation=org,
            meeting=meeting,
            person=PersonFactory(organisation=org),
            status=Attendance.Status.ATTENDED,
            capacity="lived" if index < 7 else "learnt",
        )
    report = assurance_report_for(org, YEAR)
    assert "no_workshop_or_meeting" not in [g.kind for g in report.gaps]
    meetings = report.shares[1]
    assert (meetings.count("lived"), meetings.count("learnt"), meetings.lived_percent) == (7, 5, 58)


def test_fewer_than_ten_people_are_not_shown(org):
    initiative = InitiativeFactory(organisation=org)
    workshop = WorkshopFactory(initiative=initiative, starts_at=at(datetime.date(2026, 4, 1)))
    for _ in range(9):
        ParticipantFactory(workshop=workshop, capacity=Capacity.LIVED_CARE)
    paid_claims(org, 9)
    report = assurance_report_for(org, YEAR)
    assert report.shares[0].withheld
    assert report.shares[0].count("lived") is None
    assert report.payments.withheld
    assert report.payments.claims is None
    assert report.payments.total_pence is None


def test_a_small_group_is_hidden_with_the_one_beside_it(org):
    initiative = InitiativeFactory(organisation=org)
    workshop = WorkshopFactory(initiative=initiative, starts_at=at(datetime.date(2026, 4, 1)))
    for capacity, count in ((Capacity.LIVED_CARE, 3), ("learnt", 20)):
        for _ in range(count):
            ParticipantFactory(workshop=workshop, capacity=capacity)
    share = assurance_report_for(org, YEAR).shares[0]
    assert not share.withheld
    assert (share.state("lived"), share.state("learnt")) == ("small", "hidden")
    assert share.lived_percent is None


def test_page_shows_figures_without_names(client, alice, org, records):
    client.force_login(alice)
    url = reverse("assurance_report", kwargs={"org": org.slug})
    response = client.get(url, {"start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Partnerships and communities" in body
    assert "£500.00" in body
    assert "10 claims were paid to 10 people" in body
    names = Person.objects.filter(organisation=org).exclude(user=alice)  # alice: her own menu
    assert names.count() > 10
    assert not [p.name for p in names if p.name in body]
    garden, _strategy = records
    # A gap from what the records show links to that section of the initiative's page.
    assert "No panel is linked to this work" in body
    assert f'/o/{org.slug}/initiatives/{garden.pk}/#evidence">See what the records show' in body


def test_a_member_cannot_see_the_report(client, bob, charlie, org):
    url = reverse("assurance_report", kwargs={"org": org.slug})
    client.force_login(bob)
    assert client.get(url).status_code == 403
    client.force_login(charlie)
    assert client.get(url).status_code == 404


def test_bad_dates_say_what_is_wrong_and_keep_what_was_typed(client, alice, org):
    client.force_login(alice)
    url = reverse("assurance_report", kwargs={"org": org.slug})
    body = client.get(url, {"start": "2026-02-30", "end": "2026-01-01"}).content.decode()
    assert 'class="error-summary"' in body
    assert "Enter a real date" in body
    assert 'value="2026-02-30"' in body
    body = client.get(url, {"start": "2026-06-01", "end": "2026-01-01"}).content.decode()
    assert "The end date must be on or after the start date." in body
    csv_url = reverse("assurance_report_csv", kwargs={"org": org.slug})
    assert client.get(csv_url, {"start": "x"}).status_code == 400


def test_the_default_period_is_the_last_twelve_months():
    period = default_period(datetime.date(2026, 12, 7))
    assert (period.starts_on, period.ends_on) == (
        datetime.date(2025, 12, 8),
        datetime.date(2026, 12, 7),
    )
    leap = default_period(datetime.date(2028, 2, 29))
    assert leap.starts_on == datetime.date(2027, 3, 1)


def test_csv_has_the_same_figures(client, alice, org, records):
    client.force_login(alice)
    url = reverse("assurance_report_csv", kwargs={"org": org.slug})
    response = client.get(url, {"start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "Section,Figure,Value,Regulator statements"
    assert "Decisions taken with people,Taken with people,2," in "\n".join(lines)
    assert any(
        line.startswith("Payments to people for their time,Total paid (GBP),500.00,")
        for line in lines
    )
    assert any(
        line.startswith(
            "How each initiative moved on the Ladder,Garden,Consultation -> Co-design (Up 2)"
        )
        for line in lines
    )


def test_csv_stops_a_title_running_as_a_formula(client, alice, org):
    InitiativeFactory(organisation=org, title="=HYPERLINK(1)")
    client.force_login(alice)
    body = client.get(reverse("assurance_report_csv", kwargs={"org": org.slug})).content.decode()
    assert "'=HYPERLINK(1)" in body


def _organisation_of(org, initiatives: int) -> None:
    panel = PanelFactory(organisation=org)
    for index in range(initiatives):
        initiative = InitiativeFactory(
            organisation=org, claimed_approach="co_production", level=Level.SERVICE
        )
        panel.initiatives.add(initiative)
        ladder_round(initiative, datetime.date(2025, 6, 1), TWO_OPTIONS)
        ladder_round(initiative, datetime.date(2026, 3, 1), NEXT_TO_TOP)
        workshop = WorkshopFactory(initiative=initiative, starts_at=at(datetime.date(2026, 4, 1)))
        ParticipantFactory(workshop=workshop)
        ContributionFactory(initiative=initiative, said_on=datetime.date(2026, 2, 1))
        decision(initiative, How.JOINTLY if index % 2 else How.STAFF_ALONE)
    paid_claims(org, 12)


def _queries(org) -> int:
    with CaptureQueriesContext(connection) as queries:
        assurance_report_for(org, YEAR)
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_initiatives(org, other_org):
    _organisation_of(org, 5)
    _organisation_of(other_org, 50)
    assert _queries(org) == _queries(other_org) == 19  # no one to look up claims for


def test_placements_are_cached_and_a_new_answer_is_seen(org, records):
    garden, _strategy = records
    first = assurance_report_for(org, YEAR)
    assert _queries(org) == 18  # every placement from the cache: no answers read
    again = assurance_report_for(org, YEAR)
    assert [(m.start, m.end) for m in again.movements] == [
        (m.start, m.end) for m in first.movements
    ]
    latest = garden.ladder_rounds.order_by("-opened_at").first()
    for _ in range(4):  # four more answers, all at the top: a new key, read and placed again
        ResponseFactory(round=latest, answers=TOP, submitted_at=at(datetime.date(2026, 3, 1), 12))
    assert _queries(org) == 19
    moved = {m.initiative.title: m for m in assurance_report_for(org, YEAR).movements}
    assert moved["Garden"].end.key != "co_design"
