import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.assurance.demo import LEAD_ANSWERS
from coproduce.assurance.evidence import Shows, evidence_for
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.outcomes import domain as outcomes
from tests.factories import (
    ActivityFactory,
    AdjustmentCheckFactory,
    AdjustmentFactory,
    AttendanceFactory,
    ClaimFactory,
    ContributionFactory,
    DecisionFactory,
    IdeaFactory,
    InitiativeFactory,
    InvolvementFactory,
    MeetingFactory,
    PanelFactory,
    ParticipantFactory,
    PersonFactory,
    ResponseFactory,
    RoundFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

SET_UP = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)
# Every rung question at its top (co-production), as the demo's lead answered.
TOP = LEAD_ANSWERS


def set_up_on(initiative, when=SET_UP):
    Initiative.objects.filter(pk=initiative.pk).update(created_at=when)
    initiative.refresh_from_db()
    return initiative


def past(days):
    return timezone.now() - datetime.timedelta(days=days)


def sent(initiative, answers, n=3, capacity=Capacity.LIVED_CARE, person=None):
    round_ = RoundFactory(initiative=initiative, organisation=initiative.organisation)
    for _ in range(n):
        ResponseFactory(
            round=round_,
            person=person or PersonFactory(organisation=initiative.organisation),
            capacity=capacity,
            bank_version=2,
            answers=answers,
            submitted_at=timezone.now(),
        )
    return round_


def paid_claim(person, **fields):
    now = timezone.now()
    return ClaimFactory(
        person=person,
        status="paid",
        approved_at=now,
        payable_fee_pence=5000,
        paid_at=now,
        paid_on=now.date(),
        payment_reference="BACS-1",
        **fields,
    )


def respond(contribution, actor, days):
    return outcomes.record_response(
        contribution,
        actor=actor,
        decision="adopted",
        decided_by="Leadership team",
        decided_on=contribution.said_on + datetime.timedelta(days=days),
    )


# No records: the platform cannot tell, and never says it did not happen


def test_no_records_of_any_kind_says_the_platform_cannot_tell(org):
    evidence = evidence_for(InitiativeFactory(organisation=org))

    lines = (*evidence.features, *evidence.characteristics)
    assert [line.key for line in evidence.features] == [
        "have_say:explained",
        "have_say:chose_options",
        "have_say:own_ideas",
        "designed:yes",
        "start:very_start",
        "stages:every_part",
        "equal_say:equal",
        "forum:yes",
    ]
    assert {line.shows for line in lines} == {Shows.CANNOT_TELL}
    assert all("cannot" in line.text for line in lines)
    assert not any("did not happen" in line.text for line in lines)
    assert evidence.warnings == ()  # nothing claims anything
    assert evidence.line("equal_say:equal").text == (
        "No decision on this initiative is recorded, so the platform cannot tell how "
        "decisions were taken."
    )
    assert evidence.line("forum:yes").text == (
        "No panel is linked to this work, so the platform cannot tell whether a group goes "
        "on after it ends."
    )


# Each feature from real records, exact values


@pytest.fixture
def work(org, alice):
    """Set up on 1 January 2026, at the design stage, with records of every kind."""
    initiative = set_up_on(
        InitiativeFactory(organisation=org, stage=Initiative.Stage.DESIGN, title="Garden")
    )
    early = InvolvementFactory(initiative=initiative, joined_on=datetime.date(2026, 1, 5))
    late = InvolvementFactory(
        initiative=initiative, capacity=Capacity.LIVED_CARER, joined_on=datetime.date(2026, 3, 1)
    )
    InvolvementFactory(initiative=initiative, capacity=Capacity.LEARNT)
    workshop = WorkshopFactory(initiative=initiative, organisation=org, state="ended")
    WorkshopFactory(initiative=initiative, organisation=org)  # planned, nobody there yet
    ParticipantFactory.create_batch(6, workshop=workshop, organisation=org)
    ParticipantFactory.create_batch(5, workshop=workshop, organisation=org, capacity="learnt")
    activity = ActivityFactory(workshop=workshop, organisation=org)
    IdeaFactory.create_batch(3, activity=activity, organisation=org)
    said = datetime.date(2026, 3, 2)
    ideas = ContributionFactory(initiative=initiative, source="workshop_idea", said_on=said)
    respond(ideas, alice, days=5)
    outcomes.record_feedback(
        ideas, actor=alice, to_whom="Everyone there", sent_on=said, format="letter"
    )
    respond(ContributionFactory(initiative=initiative, said_on=said), alice, days=10)
    respond(ContributionFactory(initiative=initiative, said_on=said), alice, days=20)
    ContributionFactory(initiative=initiative, said_on=said)  # still waiting
    DecisionFactory(initiative=initiative, how="jointly", people=[early.person])
    DecisionFactory(initiative=initiative, how="staff_alone")
    panel = PanelFactory(organisation=org)
    panel.initiatives.add(initiative)
    first = MeetingFactory(panel=panel, organisation=org, starts_at=past(40))
    second = MeetingFactory(panel=panel, organisation=org, starts_at=past(10))
    MeetingFactory(panel=panel, organisation=org, starts_at=past(-20))  # upcoming
    MeetingFactory(panel=panel, organisation=org, starts_at=past(5), cancelled_at=past(6))
    for meeting, lived, learnt in [(first, 3, 2), (second, 2, 2)]:
        AttendanceFactory.create_batch(lived, meeting=meeting, organisation=org)
        AttendanceFactory.create_batch(learnt, meeting=meeting, organisation=org, capacity="learnt")
    AttendanceFactory(meeting=first, organisation=org, status="apologies")  # not counted
    adjustment = AdjustmentFactory(panel=panel)
    AdjustmentCheckFactory(adjustment=adjustment, meeting=first, result="met")
    AdjustmentCheckFactory(adjustment=adjustment, meeting=second, result="not_met")
    paid_claim(late.person, activity_date=datetime.date(2026, 3, 9))
    ClaimFactory(person=early.person, status="submitted")  # not paid yet
    return initiative


def test_told_before_it_happened_counts_people_and_where_they_came(work):
    line = evidence_for(work).line("have_say:explained")

    assert line.shows == Shows.BACKED
    assert line.text == (
        "2 people with lived experience are recorded as part of this work, the first from "
        "5 January 2026. People with lived experience are recorded at 3 workshops and meetings."
    )
    assert [link.label for link in line.links] == ["Who is involved"]


def test_views_asked_counts_what_people_said(work):
    line = evidence_for(work).line("have_say:chose_options")

    assert line.shows == Shows.BACKED
    assert line.text == (
        "4 things people said are recorded. People with lived experience are recorded at "
        "3 workshops and meetings."
    )
    assert line.links[0].url == f"/o/riverside/initiatives/{work.pk}/you-said-we-did/"
    assert not line.links[0].staff_only


def test_own_ideas_counts_workshop_ideas_and_ideas_taken_up(work):
    line = evidence_for(work).line("have_say:own_ideas")

    assert line.shows == Shows.BACKED
    assert line.text == (
        "3 ideas were written in workshops, and 1 contribution recorded as people’s own ideas."
    )
    assert [link.label for link in line.links][1:] == [w.title for w in work.workshops.all()]


@pytest.mark.parametrize(
    ("key", "text"),
    [
        (
            "designed:yes",
            "1 decision of 2 was taken with people, and 3 workshops and meetings with people "
            "with lived experience there.",
        ),
        (
            "start:very_start",
            "The work was set up on 1 January 2026. 1 person with lived experience joined "
            "before that or within 14 days of it.",
        ),
        (
            "stages:every_part",
            "The work is at the design stage. People with lived experience are part of it, and "
            "came to 3 workshops and meetings. The platform does not record when each stage "
            "began.",
        ),
        ("equal_say:equal", "1 of 2 decisions were taken jointly, by the panel or by a vote."),
    ],
)
def test_features_the_records_back(work, key, text):
    line = evidence_for(work).line(key)

    assert line.shows == Shows.BACKED
    assert line.text == text


def test_involved_from_the_start_not_shown_when_everyone_joined_later(org):
    initiative = set_up_on(InitiativeFactory(organisation=org))
    InvolvementFactory(initiative=initiative, joined_on=datetime.date(2026, 2, 10))

    line = evidence_for(initiative).line("start:very_start")

    assert line.shows == Shows.NOT_SHOWN
    assert line.text == (
        "The work was set up on 1 January 2026. The first person with lived experience is "
        "recorded from 10 February 2026, 40 days later."
    )


def test_a_forum_that_goes_on_counts_meetings_held_of_linked_panels(work):
    evidence = evidence_for(work)
    line = evidence.line("forum:yes")

    upcoming = work.panels.get().meetings.filter(starts_at__gt=timezone.now()).get()
    assert line.shows == Shows.BACKED
    day = timezone.localdate(upcoming.starts_at)
    assert line.text == (
        f"Panels linked to this work have held 2 meetings. The next is on {day.day} {day:%B %Y}."
    )
    assert line.links[0].label == work.panels.get().name


def test_lived_share_at_workshops_is_a_suppressed_percentage(work):
    line = evidence_for(work).line("share_workshops")

    assert line.text == "55% of the 11 people at workshops had lived experience."


def test_lived_share_at_meetings_under_ten_is_not_shown(work):
    line = evidence_for(work).line("share_meetings")

    assert line.text == (
        "Fewer than 10 people are counted at panel meetings (each meeting counted), so the "
        "share is not shown."
    )


def test_access_needs_met_counts_checks_only_and_is_for_staff(work):
    line = evidence_for(work).line("access")

    assert line.staff_only
    assert line.shows == Shows.NOT_SHOWN
    assert line.text == (
        "Of 2 checks of agreed adjustments at meetings: 1 met, 0 partly met, 1 not met."
    )


def test_paid_for_their_time_counts_people_with_a_paid_claim(work):
    line = evidence_for(work).line("paid")

    # 2 involved and 5 at meetings: 7 people with lived experience, fewer than 10.
    assert line.shows == Shows.BACKED
    assert line.text == (
        "Fewer than 10 people with lived experience are counted, so the share paid is not "
        "shown. At least one paid claim is recorded."
    )


def test_paid_for_their_time_small_cells_are_suppressed(org):
    initiative = set_up_on(InitiativeFactory(organisation=org))
    involved = InvolvementFactory.create_batch(11, initiative=initiative)
    paid_claim(involved[0].person)

    line = evidence_for(initiative).line("paid")

    assert line.text == "Fewer than 5 of the 11 people with lived experience have a paid claim."


def test_paid_for_their_time_shows_a_percentage_when_safe(org):
    initiative = set_up_on(InitiativeFactory(organisation=org))
    involved = InvolvementFactory.create_batch(12, initiative=initiative)
    for involvement in involved[:6]:
        paid_claim(involvement.person)

    line = evidence_for(initiative).line("paid")

    assert line.shows == Shows.BACKED
    assert line.text == "50% of the 12 people with lived experience have a paid claim."


def test_response_and_feedback_loop_counts(work):
    line = evidence_for(work).line("loop")

    assert line.shows == Shows.NOT_SHOWN
    assert line.text == ("Of 4 things people said, 3 have a response and 1 have had feedback sent.")


def test_median_time_to_first_response(work):
    line = evidence_for(work).line("time")

    assert line.text == (
        "The middle time from something said to its first response is 10 days (3 responses). "
        "1 is still waiting."
    )


# When the claim outruns the records


def test_the_name_claims_an_equal_say_that_no_decision_shows(org):
    initiative = InitiativeFactory(organisation=org, claimed_approach="co_production")
    DecisionFactory(initiative=initiative, how="staff_after_views")

    evidence = evidence_for(initiative)
    line = evidence.line("equal_say:equal")

    assert line.outrun
    assert line.warning == (
        "This work is called Co-production, and that means people have an equal say in every "
        "decision. No decision on this initiative was recorded as taken jointly or by a vote "
        "(1 decision recorded)."
    )
    assert line in evidence.public_warnings


def test_the_groups_answers_claim_an_equal_say(org):
    initiative = InitiativeFactory(organisation=org)
    sent(initiative, TOP)
    DecisionFactory(initiative=initiative, how="staff_alone")

    evidence = evidence_for(initiative)

    assert evidence.answers_from == "the answers of everyone in round 1"
    assert evidence.line("equal_say:equal").warning == (
        "The answers say people have an equal say in every decision. No decision on this "
        "initiative was recorded as taken jointly or by a vote (1 decision recorded)."
    )
    assert evidence.line("paid").warning == (
        "The answers say people were paid for their time. No one with lived experience is "
        "recorded on this work or at its panels’ meetings, so the platform cannot tell."
    )


def test_a_shared_decision_backs_the_claim(org):
    initiative = InitiativeFactory(organisation=org, claimed_approach="co_production")
    DecisionFactory(initiative=initiative, how="by_vote")

    line = evidence_for(initiative).line("equal_say:equal")

    assert line.claim
    assert not line.outrun
    assert line.warning == ""


def test_the_leads_own_answers_make_private_claims(org, alice):
    lead = alice.people.get(organisation=org)
    initiative = InitiativeFactory(organisation=org, lead=lead)
    sent(initiative, TOP, n=1, capacity=Capacity.LEARNT, person=lead)

    evidence = evidence_for(initiative)
    line = evidence.line("forum:yes")

    assert evidence.answers_private
    assert line.claim_private
    assert line.warning == (
        "The lead’s own answers say there is a group that keeps meeting and deciding after the "
        "work ends. No panel is linked to this work, so the platform cannot tell whether a "
        "group goes on after it ends."
    )
    assert line in evidence.warnings
    assert evidence.public_warnings == ()


def test_the_issues_case_is_questioned(org):
    """Called co-production at the idea stage, with no workshop and no response."""
    initiative = set_up_on(InitiativeFactory(organisation=org, claimed_approach="co_production"))
    ContributionFactory(initiative=initiative)

    evidence = evidence_for(initiative)

    assert [line.key for line in evidence.warnings] == [
        "have_say:explained",
        "have_say:own_ideas",
        "designed:yes",
        "start:very_start",
        "stages:every_part",
        "equal_say:equal",
        "forum:yes",
    ]
    assert evidence.line("stages:every_part").warning == (
        "This work is called Co-production, and that means people are part of every stage, to "
        "the end. The work is still at the idea stage, so the records cannot show people in "
        "every stage yet."
    )
    assert evidence.line("have_say:own_ideas").text == (
        "No idea from a workshop and no panel recommendation is recorded on this work "
        "(0 workshops, 1 contribution recorded)."
    )
    assert evidence.line("loop").text == (
        "Of 1 thing people said, 0 has a response and 0 has had feedback sent."
    )


def test_the_evidence_never_changes_the_rung(org):
    initiative = InitiativeFactory(organisation=org, claimed_approach="co_production")
    sent(initiative, TOP)

    from coproduce.ladder.queries import ladder_summary_for

    before = ladder_summary_for(initiative).rung
    assert evidence_for(initiative).warnings
    assert ladder_summary_for(initiative).rung == before
    assert before.key == "co_production"


# The page


def test_the_initiative_page_shows_the_section_and_access_only_to_staff(
    client_as, alice, bob, org, initiative
):
    initiative.claimed_approach = "co_production"
    initiative.save()
    url = reverse("initiative_detail", kwargs={"org": "riverside", "pk": initiative.pk})

    staff = client_as(alice).get(url).content.decode()
    assert "What the records show" in staff
    assert "The answers claim more than the records show" in staff
    assert "Access needs met" in staff

    member = client_as(bob).get(url).content.decode()
    assert "What the records show" in member
    assert "Access needs met" not in member


def test_the_ladder_results_page_shows_the_warnings_and_links_to_the_section(
    client_as, alice, org, initiative
):
    initiative.claimed_approach = "co_production"
    initiative.save()

    page = client_as(alice).get(
        reverse("ladder_results", kwargs={"org": "riverside", "pk": initiative.pk})
    )

    html = page.content.decode()
    assert "No decision on this initiative is recorded" in html
    assert f"/o/riverside/initiatives/{initiative.pk}/#evidence" in html


# Queries do not grow with the records


def big_work(org, workshops, meetings, contributions, alice):
    initiative = InitiativeFactory(organisation=org, claimed_approach="co_production")
    InvolvementFactory.create_batch(3, initiative=initiative)
    for workshop in WorkshopFactory.create_batch(
        workshops, initiative=initiative, organisation=org
    ):
        ParticipantFactory.create_batch(2, workshop=workshop, organisation=org)
        activity = ActivityFactory(workshop=workshop, organisation=org)
        IdeaFactory(activity=activity, organisation=org)
    panel = PanelFactory(organisation=org)
    panel.initiatives.add(initiative)
    for meeting in MeetingFactory.create_batch(meetings, panel=panel, organisation=org):
        AttendanceFactory.create_batch(2, meeting=meeting, organisation=org)
    adjustment = AdjustmentFactory(panel=panel)
    for meeting in panel.meetings.all()[:3]:
        AdjustmentCheckFactory(adjustment=adjustment, meeting=meeting)
    for contribution in ContributionFactory.create_batch(contributions, initiative=initiative):
        if contribution.pk % 2:
            respond(contribution, alice, days=contribution.pk % 9)
    DecisionFactory.create_batch(3, initiative=initiative, how="jointly")
    sent(initiative, TOP)
    return initiative


def test_the_section_reads_a_fixed_number_of_queries(
    org, alice, client_as, django_assert_max_num_queries
):
    small = big_work(org, workshops=1, meetings=1, contributions=1, alice=alice)
    big = big_work(org, workshops=10, meetings=20, contributions=200, alice=alice)

    with CaptureQueriesContext(connection) as few:
        evidence_for(small)
    with django_assert_max_num_queries(16), CaptureQueriesContext(connection) as many:
        evidence = evidence_for(big)

    assert len(many) == len(few)
    assert evidence.line("loop").text.startswith("Of 200 things people said, 100 have")
    client = client_as(alice)
    url = reverse("initiative_detail", kwargs={"org": "riverside", "pk": big.pk})
    with CaptureQueriesContext(connection) as page_small:
        client.get(reverse("initiative_detail", kwargs={"org": "riverside", "pk": small.pk}))
    with CaptureQueriesContext(connection) as page_big:
        assert client.get(url).status_code == 200
    assert len(page_big) == len(page_small)
