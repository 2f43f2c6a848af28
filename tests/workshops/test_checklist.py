"""The planning checklist and the agenda's time, read from real records."""

from __future__ import annotations

import datetime

import pytest

from coproduce.initiatives.models import Capacity
from coproduce.workshops import domain
from coproduce.workshops.checklist import checklist_for, timing_for
from coproduce.workshops.models import AccessNeed, Activity, Invitation, Workshop
from coproduce.workshops.queries import agenda_for
from tests.factories import ActivityFactory, PersonFactory, WorkshopFactory
from tests.workshops.test_views import staff_url

pytestmark = pytest.mark.django_db


def items(workshop) -> dict:
    return {item.key: item for item in checklist_for(workshop, agenda_for(workshop))}


def agenda(workshop, *minutes: int, kind=Activity.Kind.PLAIN) -> None:
    for n in minutes:
        ActivityFactory(workshop=workshop, kind=kind, title=f"Item {n}", planned_minutes=n)


def test_timing_adds_up_the_agenda_and_says_when_it_ends(initiative):
    workshop = WorkshopFactory(initiative=initiative, length_minutes=90)
    agenda(workshop, 10, 5, 45)
    timing = timing_for(workshop, agenda_for(workshop))
    start = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=datetime.UTC)
    assert (timing.planned, timing.length, timing.spare, timing.over) == (60, 90, 30, 0)
    assert (timing.agenda_ends_at, timing.booked_until) == (
        start + datetime.timedelta(minutes=60),
        start + datetime.timedelta(minutes=90),
    )
    assert (timing.well_under, timing.fits) == (True, False)


@pytest.mark.parametrize(
    ("planned", "well_under", "over"),
    [(72, True, 0), (80, False, 0), (90, False, 0), (105, False, 15)],
)
def test_timing_warns_when_well_under_or_over(initiative, planned, well_under, over):
    workshop = WorkshopFactory(initiative=initiative, length_minutes=90)
    agenda(workshop, planned)
    timing = timing_for(workshop, agenda_for(workshop))
    assert (timing.well_under, timing.over) == (well_under, over)


def test_the_workshop_page_warns_about_72_minutes_in_a_90_minute_slot(client_as, alice, initiative):
    workshop = WorkshopFactory(initiative=initiative, length_minutes=90)
    agenda(workshop, 10, 5, 12, 45)
    html = client_as(alice).get(staff_url("workshop_detail", workshop)).content.decode()
    assert "72 minutes planned for a 90-minute workshop." in html
    assert "the agenda ends at 11:12" in html  # 10:00 UTC is 10:00 in London in November
    assert "booked until 11:30" in html
    assert "Warning: 18 minutes have nothing planned." in html


def test_the_workshop_page_warns_when_the_agenda_runs_over(client_as, alice, initiative):
    workshop = WorkshopFactory(initiative=initiative, length_minutes=60)
    agenda(workshop, 45, 30)
    html = client_as(alice).get(staff_url("workshop_detail", workshop)).content.decode()
    assert "Warning: the agenda is 15 minutes longer than the workshop." in html


def test_an_empty_plan_says_what_is_missing(initiative):
    workshop = WorkshopFactory(initiative=initiative, purpose="", stage="")
    checks = items(workshop)
    assert [key for key, item in checks.items() if item.done] == []
    assert checks["balance"].said == "Nobody has joined or been added yet."
    assert checks["warm_up"].missing == "Add a warm-up near the start, after the welcome."
    assert checks["accessible"].said == "The agenda is empty."


def test_the_checklist_reads_who_has_joined(initiative, alice):
    workshop = WorkshopFactory(initiative=initiative, lived_target_percent=50)
    domain.join_workshop(workshop, capacity=Capacity.LIVED_CARE, display_name="June")
    domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    domain.join_workshop(workshop, capacity=Capacity.LEARNT)
    checks = items(workshop)
    assert not checks["balance"].done
    assert checks["balance"].said == (
        "1 with lived experience and 2 with learnt experience: 33% lived experience "
        "(your target is 50%)."
    )
    assert checks["range"].said == "Missing so far: carers."
    domain.add_paper_participant(workshop, capacity=Capacity.LIVED_CARER, actor=alice)
    checks = items(workshop)
    assert checks["balance"].done
    assert checks["range"].done


def test_access_needs_are_counted_asked_and_arranged(initiative, alice):
    workshop = WorkshopFactory(initiative=initiative)
    _june, _token = domain.join_workshop(
        workshop,
        capacity=Capacity.LIVED_CARE,
        display_name="June",
        needs=["larger_text"],
        consent=True,
    )
    domain.join_workshop(workshop, capacity=Capacity.LEARNT, needs=["more_time"], consent=True)
    domain.add_paper_participant(workshop, capacity=Capacity.LIVED_CARER, actor=alice)
    checks = items(workshop)
    assert checks["access"].said == "2 people told us what they need; 0 are arranged."
    assert checks["access"].missing == (
        "2 still to arrange: see the access needs page. "
        "Ask the 1 person added on paper what they need, in person."
    )
    assert "larger" not in checks["access"].said.lower()  # counts only, never the need
    for need in AccessNeed.objects.all():
        domain.set_access_need_arranged(need, arranged=True, actor=alice)
    assert items(workshop)["access"].said == "2 people told us what they need; 2 are arranged."


def test_the_checklist_reads_the_agenda(initiative):
    workshop = WorkshopFactory(
        initiative=initiative, purpose="To choose what to change first.", stage="co_creating"
    )
    ActivityFactory(workshop=workshop, kind="plain", title="Welcome", easy_read_instruction="")
    ActivityFactory(workshop=workshop, kind="warm_up", title="Check-in")
    ActivityFactory(workshop=workshop, kind="dotmocracy", title="Vote")
    checks = items(workshop)
    assert checks["purpose"].done
    assert checks["purpose"].said == "Stage: Co-creating ideas and solutions."
    assert checks["warm_up"].said == "“Check-in” is number 2 on the agenda."
    assert checks["accessible"].said == "No easy read words yet: Welcome."
    assert not checks["creative"].done
    assert checks["ways"].done
    assert checks["ways"].said.startswith("Ways to have a say: a word or an emoji, voting.")


def test_a_hybrid_workshop_without_a_link_is_missing_a_way_in(initiative):
    workshop = WorkshopFactory(initiative=initiative, place=Workshop.Place.HYBRID)
    ActivityFactory(workshop=workshop, kind="warm_up", title="Check-in")
    ActivityFactory(workshop=workshop, kind="storyboard", title="Journeys")
    checks = items(workshop)
    assert checks["creative"].done
    assert checks["ways"].missing == "Add the link to the online meeting, under “Change details”."
    workshop.online_link = "https://meet.example.org/garden"
    workshop.save()
    assert items(workshop)["ways"].done


def test_the_page_shows_the_checklist_without_anyones_needs(client_as, alice, initiative):
    workshop = WorkshopFactory(initiative=initiative)
    domain.join_workshop(
        workshop,
        capacity=Capacity.LIVED_CARE,
        display_name="June",
        needs=["supporter"],
        other_needs="My dog comes with me",
        consent=True,
    )
    html = client_as(alice).get(staff_url("workshop_detail", workshop)).content.decode()
    assert "Things to consider" in html
    assert "1 person told us what they need; 0 are arranged." in html
    assert "My dog" not in html
    assert "A supporter with me" not in html


def test_staff_mark_a_need_as_arranged(client_as, alice, initiative):
    workshop = WorkshopFactory(initiative=initiative)
    june, _token = domain.join_workshop(
        workshop, capacity=Capacity.LIVED_CARE, needs=["more_time"], consent=True
    )
    client = client_as(alice)
    response = client.post(
        staff_url("workshop_access_arranged", workshop),
        {"need": june.access_need.pk, "arranged": "yes"},
    )
    assert response.url == staff_url("workshop_access_needs", workshop)
    june.access_need.refresh_from_db()
    assert june.access_need.arranged is True
    page = client.get(staff_url("workshop_access_needs", workshop)).content.decode()
    assert "Not arranged after all" in page


def test_a_need_from_another_workshop_cannot_be_marked(client_as, alice, initiative):
    workshop = WorkshopFactory(initiative=initiative)
    other = WorkshopFactory(initiative=initiative)
    june, _token = domain.join_workshop(
        other, capacity=Capacity.LIVED_CARE, needs=["more_time"], consent=True
    )
    client_as(alice).post(
        staff_url("workshop_access_arranged", workshop),
        {"need": june.access_need.pk, "arranged": "yes"},
    )
    june.access_need.refresh_from_db()
    assert june.access_need.arranged is False


def test_before_the_day_the_checklist_reads_the_sign_ups(initiative, alice, org):
    workshop = WorkshopFactory(initiative=initiative, lived_target_percent=50)
    people = [PersonFactory(organisation=org, name=f"Person {n}") for n in range(4)]
    domain.invite_to_workshop(workshop, people, actor=alice)
    invitations = list(Invitation.objects.order_by("pk"))
    domain.answer_invitation(invitations[0], coming=True, capacity=Capacity.LIVED_CARE)
    domain.answer_invitation(invitations[1], coming=True, capacity=Capacity.LEARNT)
    domain.answer_invitation(invitations[2], coming=True, capacity=Capacity.LEARNT)
    domain.answer_invitation(invitations[3], coming=False)
    domain.join_workshop(workshop, capacity=Capacity.LIVED_CARER)  # joined early: not read
    checks = items(workshop)
    assert not checks["balance"].done
    assert checks["balance"].said == (
        "Signed up to come: 1 with lived experience and 2 with learnt experience: 33% lived "
        "experience (your target is 50%)."
    )
    assert checks["range"].said == "Missing so far: carers."
    # Once it has started, the people in the room count.
    Workshop.objects.filter(pk=workshop.pk).update(state=Workshop.State.LIVE)
    workshop.refresh_from_db()
    assert items(workshop)["balance"].said == (
        "1 with lived experience and 0 with learnt experience: 100% lived experience "
        "(your target is 50%)."
    )
