"""The panel page and the applications list run a fixed number of queries, however big."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.panels.models import Application, EqualityRecord, PanelMember
from coproduce.people.models import Person


def grow(panel, applicants: int, members: int, start: int = 0) -> None:
    org = panel.organisation
    statuses = ["received", "contacted", "invited", "waiting_list", "declined"]
    Application.objects.bulk_create(
        Application(
            organisation=org,
            panel=panel,
            name=f"Applicant {i}",
            email=f"applicant{i}@example.org",
            contact_channel="email",
            why_join="To help.",
            status=statuses[i % len(statuses)],
            submitted_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
            + datetime.timedelta(minutes=i),
            token=f"token-{panel.pk}-{i}",
        )
        for i in range(start, start + applicants)
    )
    people = Person.objects.bulk_create(
        Person(organisation=org, name=f"Member {i}", contact_methods=["email"], formats=[])
        for i in range(start, start + members)
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
    done = set(EqualityRecord.objects.values_list("application_id", flat=True))
    EqualityRecord.objects.bulk_create(
        EqualityRecord(
            organisation=org,
            panel=panel,
            application=application,
            answers={"sex": "female" if application.pk % 2 else "male", "carer": "no"},
            questions_version="2026-1",
            consent_version="2026-1",
            consent_given_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
            collected_via="online",
        )
        for application in Application.objects.filter(panel=panel, name__startswith="Applicant")
        if application.pk not in done
    )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def small_and_big(client, alice, panel):
    client.force_login(alice)
    urls = [
        f"/o/riverside/panels/{panel.pk}/",
        f"/o/riverside/panels/{panel.pk}/applications/",
        f"/o/riverside/panels/{panel.pk}/applications/?status=received&page=3",
        f"/o/riverside/panels/{panel.pk}/members/",
        f"/o/riverside/panels/{panel.pk}/targets/",
    ]
    grow(panel, applicants=60, members=2)  # enough for page 3 of "received"
    small = {url: queries_for(client, url) for url in urls}
    grow(panel, applicants=1940, members=58, start=60)
    big = {url: queries_for(client, url) for url in urls}
    return small, big


def test_panel_pages_run_a_fixed_number_of_queries(small_and_big):
    small, big = small_and_big
    assert big == small
    panel_page, applications, filtered, _members, _targets = big.values()
    # 14, then 1 for the latest decisions, 1 for proposals and backing, 1 for the rate table,
    # 4 for new members getting started (ticks, the agreement and who agreed, payment set up),
    # 1 for what members bring and 1 for the next time to get to know each other
    assert panel_page <= 23
    assert applications <= 12
    assert filtered <= 12


def test_member_panel_page_runs_a_fixed_number_of_queries(client, bob, panel):
    client.force_login(bob)
    url = f"/o/riverside/panels/{panel.pk}/"
    grow(panel, applicants=5, members=2)
    before = queries_for(client, url)
    grow(panel, applicants=195, members=58, start=5)
    assert queries_for(client, url) == before
    html = client.get(url).content.decode()
    assert html.count("<li>Member ") == 60


def test_meeting_pages_run_a_fixed_number_of_queries(client, alice, panel):
    """Invite list, attendance, facilitator's view and access list, with needs for everyone."""
    import datetime as dt

    from coproduce.panels.domain import access, meetings
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(panel=panel)
    meeting.facilitators.set([alice.people.get()])
    meetings.add_agenda_item(meeting, actor=alice, title="Transport")

    def give_needs() -> None:
        for member in PanelMember.objects.filter(panel=panel).select_related("person"):
            if access.people_with_adjustments(panel) & {member.person_id}:
                continue
            need = access.record_access_need(
                panel,
                member.person,
                actor=alice,
                kind="energy",
                options=["breaks"],
                detail="",
                identified_on=dt.date(2026, 4, 1),
                identified_how="asked",
                share_with_facilitators=True,
                consent_via="conversation",
            )
            access.agree_adjustment(
                panel,
                need,
                actor=alice,
                description="A break every 45 minutes.",
                agreed_on=dt.date(2026, 4, 1),
                review_on=dt.date(2026, 7, 1),
            )

    client.force_login(alice)
    base = f"/o/riverside/panels/{panel.pk}/"
    urls = [
        f"{base}meetings/",
        f"{base}meetings/{meeting.pk}/",
        f"{base}meetings/{meeting.pk}/attendance/",
        f"{base}meetings/{meeting.pk}/run/",
        f"{base}access/",
        f"{base}me/",
    ]
    grow(panel, applicants=5, members=2)
    give_needs()
    small = {url: queries_for(client, url) for url in urls}
    grow(panel, applicants=100, members=58, start=5)
    give_needs()
    big = {url: queries_for(client, url) for url in urls}
    assert big == small
