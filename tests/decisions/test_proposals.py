"""Panel proposals: answering, staff recording answers, closing and the outcome as a decision.
Every answer counts exactly once under concurrency: two members at once, the same member twice
at once, and a proposal closing while people answer.

The concurrency tests run real threads, each with its own database connection, against a
database that commits (transaction=True): SQLite always, PostgreSQL when DATABASE_URL points
there.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.decisions import proposals
from coproduce.decisions.models import CameFrom, Decision, How, Proposal, ProposalAnswer
from coproduce.initiatives.models import Capacity
from coproduce.people.models import Person
from tests.decisions.proposal_setup import open_on, panel_with_members, pass_closing_time
from tests.factories import InitiativeFactory, InvolvementFactory
from tests.workshops.test_concurrency import run_at_once


def person(org, user) -> Person:
    return user.people.get(organisation=org)


def others(panel) -> list[Person]:
    return list(
        Person.objects.filter(panel_memberships__panel=panel, user__isnull=True).order_by("name")
    )


@pytest.fixture
def panel(org, alice, dana, bob):
    return panel_with_members(org, alice, dana, bob, others=6)


# Answering


@pytest.mark.django_db
def test_member_answers_and_changes_their_answer_until_it_closes(org, alice, bob, panel):
    proposal = open_on(panel, alice)
    proposals.answer_proposal(proposal, person(org, bob), actor=bob, answer="agree")
    proposals.answer_proposal(
        proposal, person(org, bob), actor=bob, answer="object", reason="No bus on Saturdays."
    )

    answer = ProposalAnswer.objects.get(proposal=proposal)
    assert (answer.answer, answer.reason, answer.recorded_by, answer.how_told) == (
        "object",
        "No bus on Saturdays.",
        None,
        "",
    )
    logged = AuditEntry.objects.filter(action="decisions.proposal.answered")
    assert [entry.data["changed"] for entry in logged.order_by("id")] == [False, True]
    assert all("answer" not in entry.data for entry in logged)  # how people answered stays private


@pytest.mark.django_db
def test_staff_record_the_answer_of_a_member_without_a_login(org, alice, panel):
    proposal = open_on(panel, alice)
    june = others(panel)[0]
    proposals.answer_proposal(proposal, june, actor=alice, answer="abstain", how_told="by phone")

    answer = ProposalAnswer.objects.get(proposal=proposal, person=june)
    assert (answer.answer, answer.recorded_by, answer.how_told) == (
        "abstain",
        person(org, alice),
        "by phone",
    )
    assert AuditEntry.objects.filter(action="decisions.proposal.answer_recorded").count() == 1


@pytest.mark.django_db
def test_no_answer_is_taken_after_the_closing_time(org, alice, bob, panel):
    proposal = open_on(panel, alice)
    pass_closing_time(proposal)

    with pytest.raises(ValidationError) as refused:
        proposals.answer_proposal(proposal, person(org, bob), actor=bob, answer="agree")

    assert refused.value.code == "closed"
    assert "This proposal has closed, so it cannot take answers now." in refused.value.message
    assert not ProposalAnswer.objects.exists()


@pytest.mark.django_db
def test_someone_not_on_the_panel_cannot_answer(org, alice, panel):
    proposal = open_on(panel, alice)
    with pytest.raises(ValidationError) as refused:
        proposals.answer_proposal(proposal, person(org, alice), actor=alice, answer="agree")
    assert refused.value.code == "not_member"
    assert not ProposalAnswer.objects.exists()


@pytest.mark.django_db
def test_a_closing_time_that_has_passed_is_refused(alice, panel):
    with pytest.raises(ValidationError) as refused:
        open_on(panel, alice, closes_at=timezone.now() - datetime.timedelta(hours=1))
    assert refused.value.code == "past"
    assert not Proposal.objects.exists()


# Closing and the outcome


@pytest.mark.django_db
def test_closing_records_the_outcome_as_a_decision_by_the_panel(org, alice, bob, panel):
    work = InitiativeFactory(organisation=org, title="Day services")
    members = others(panel)
    # One member is on the piece of work because of their job: learnt experience.
    InvolvementFactory(initiative=work, person=members[0], capacity=Capacity.LEARNT)
    InvolvementFactory(initiative=work, person=members[1], capacity=Capacity.LIVED_CARER)
    proposal = open_on(panel, alice, initiative=work)
    answers = {person(org, bob): "agree", members[0]: "agree", members[1]: "agree"}
    answers |= {members[2]: "object", members[3]: "abstain"}
    for who, answer in answers.items():
        proposals.answer_proposal(proposal, who, actor=alice if who.user is None else bob,
                                  answer=answer, how_told="by phone")  # fmt: skip

    decision = proposals.close_proposal(proposal, actor=alice)

    proposal.refresh_from_db()
    assert proposal.decision == decision
    assert proposal.closed_at is not None
    assert not proposal.is_open
    assert (decision.how, decision.came_from, decision.panel, decision.initiative) == (
        How.BY_PANEL,
        CameFrom.PROPOSAL,
        panel,
        work,
    )
    counts = (
        decision.for_lived,
        decision.for_learnt,
        decision.against_lived,
        decision.against_learnt,
        decision.abstained_lived,
        decision.abstained_learnt,
    )
    assert counts == (2, 1, 1, 0, 1, 0)
    assert decision.what == (
        "Open on one Saturday a month. Agreed: more members agreed (3) than objected (1)."
    )
    assert set(decision.people.all()) == set(answers)
    assert decision.recorded_by == person(org, alice)
    entry = AuditEntry.objects.get(action="decisions.proposal.closed")
    assert entry.data == {"decision": decision.pk, "answers": 5, "passed": True}


@pytest.mark.django_db
def test_a_tie_does_not_pass(org, alice, bob, panel):
    proposal = open_on(panel, alice)
    proposals.answer_proposal(proposal, person(org, bob), actor=bob, answer="agree")
    proposals.answer_proposal(proposal, others(panel)[0], actor=alice, answer="object")

    decision = proposals.close_proposal(proposal, actor=alice)

    assert decision.what == (
        "Open on one Saturday a month. Not agreed: it needed more members to agree than to "
        "object, and 1 agreed while 1 objected."
    )


@pytest.mark.django_db
def test_closing_after_the_closing_time_dates_the_decision_then(org, alice, bob, panel):
    proposal = open_on(panel, alice)
    proposals.answer_proposal(proposal, person(org, bob), actor=bob, answer="agree")
    pass_closing_time(proposal)

    decision = proposals.close_proposal(proposal, actor=alice)

    proposal.refresh_from_db()
    assert proposal.closed_at == proposal.closes_at
    assert decision.for_lived == 1


@pytest.mark.django_db
def test_closing_twice_keeps_one_decision(alice, panel):
    proposal = open_on(panel, alice)
    first = proposals.close_proposal(proposal, actor=alice)
    assert proposals.close_proposal(proposal, actor=alice) == first
    assert Decision.objects.count() == 1


# Concurrency: every answer counted exactly once


@pytest.mark.django_db(transaction=True)
def test_two_members_answering_at_once_are_both_counted(org, alice, bob, panel):
    proposal = open_on(panel, alice)
    june, tom = others(panel)[:2]
    outcomes = run_at_once(
        [
            lambda: proposals.answer_proposal(proposal, june, actor=alice, answer="agree"),
            lambda: proposals.answer_proposal(proposal, tom, actor=alice, answer="object"),
            lambda: proposals.answer_proposal(proposal, person(org, bob), actor=bob,
                                              answer="agree"),
        ]
    )  # fmt: skip

    assert [type(outcome) for outcome in outcomes] == [ProposalAnswer] * 3
    decision = proposals.close_proposal(proposal, actor=alice)
    assert (decision.for_lived, decision.against_lived, decision.abstained_lived) == (2, 1, 0)


@pytest.mark.django_db(transaction=True)
def test_the_same_member_answering_twice_at_once_keeps_one_answer(org, alice, bob, panel):
    proposal = open_on(panel, alice)
    bob_person = person(org, bob)
    outcomes = run_at_once(
        [
            lambda: proposals.answer_proposal(proposal, bob_person, actor=bob, answer="agree"),
            lambda: proposals.answer_proposal(proposal, bob_person, actor=bob, answer="object"),
            lambda: proposals.answer_proposal(
                proposal, bob_person, actor=alice, answer="abstain", how_told="by phone"
            ),
        ]
    )

    assert [type(outcome) for outcome in outcomes] == [ProposalAnswer] * 3
    assert ProposalAnswer.objects.filter(proposal=proposal).count() == 1
    decision = proposals.close_proposal(proposal, actor=alice)
    counted = decision.for_lived + decision.against_lived + decision.abstained_lived
    assert counted == 1


@pytest.mark.django_db(transaction=True)
def test_closing_while_members_answer_counts_each_saved_answer_once(org, alice, bob, panel):
    for round_ in range(3):
        proposal = open_on(panel, alice, title=f"Round {round_}")
        members = [person(org, bob), *others(panel)]
        answers = [
            (lambda who=who, proposal=proposal: proposals.answer_proposal(
                proposal, who, actor=alice, answer="agree", how_told="by phone"))
            for who in members
        ]  # fmt: skip
        closing = len(answers) // 2
        answers.insert(
            closing, lambda proposal=proposal: proposals.close_proposal(proposal, actor=alice)
        )
        outcomes = run_at_once(answers)

        decision = outcomes[closing]
        assert isinstance(decision, Decision), decision
        saved = [outcome for outcome in outcomes if isinstance(outcome, ProposalAnswer)]
        refused = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
        assert len(saved) + len(refused) == len(members)
        assert {error.code for error in refused} <= {"closed"}
        decision.refresh_from_db()
        assert decision.for_lived == len(saved)
        assert ProposalAnswer.objects.filter(proposal=proposal).count() == len(saved)
        assert decision.people.count() == len(saved)


@pytest.mark.django_db(transaction=True)
def test_closing_twice_at_once_keeps_one_decision(alice, panel):
    proposal = open_on(panel, alice)
    outcomes = run_at_once([lambda: proposals.close_proposal(proposal, actor=alice)] * 3)

    assert Decision.objects.count() == 1
    assert {outcome.pk for outcome in outcomes} == {Decision.objects.get().pk}


@pytest.mark.django_db(transaction=True)
def test_database_under_test_is_the_configured_one():
    """Say which database these concurrency tests ran on, so CI logs show both."""
    assert connection.vendor in {"sqlite", "postgresql"}
