from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from coproduce.core.models import AuditEntry
from coproduce.decisions import domain
from coproduce.decisions.models import Decision
from coproduce.outcomes.models import Contribution
from tests.factories import (
    ContributionFactory,
    InitiativeFactory,
    MeetingFactory,
    PersonFactory,
    WorkshopFactory,
)

MAR = datetime.date(2026, 3, 10)


def record(initiative, actor, **fields):
    return domain.record_decision(
        initiative.organisation,
        actor=actor,
        recorded_by=actor.people.get(organisation=initiative.organisation),
        initiative=fields.pop("initiative", initiative),
        what=fields.pop("what", "Paint the fence green."),
        decided_on=fields.pop("decided_on", MAR),
        how=fields.pop("how", "jointly"),
        **fields,
    )


def test_record_decision_saves_who_took_part_and_logs_on_the_initiative(alice, bob, initiative):
    bob_person = bob.people.get()
    decision = record(initiative, bob, people=[bob_person], what="  Paint the fence green.  ")
    assert decision.what == "Paint the fence green."
    assert decision.how == "jointly"
    assert decision.is_shared
    assert list(decision.people.all()) == [bob_person]
    assert decision.recorded_by == bob_person
    entry = AuditEntry.objects.get(action="decisions.decision.recorded")
    assert (entry.target_id, entry.actor, entry.data["how"]) == (
        str(initiative.pk),
        bob,
        "jointly",
    )


def test_a_vote_keeps_its_count_by_lived_and_learnt_experience(alice, initiative):
    decision = record(
        initiative,
        alice,
        how="by_vote",
        for_lived=4,
        for_learnt=2,
        against_lived=1,
        against_learnt=3,
        abstained_lived=None,
        abstained_learnt=1,
    )
    decision.refresh_from_db()
    assert (decision.votes_for, decision.votes_against, decision.abstained) == (6, 4, 1)
    assert decision.vote_counts() == {
        "for_lived": 4,
        "for_learnt": 2,
        "against_lived": 1,
        "against_learnt": 3,
        "abstained_lived": None,
        "abstained_learnt": 1,
    }


def test_a_vote_without_its_count_is_refused(alice, initiative):
    with pytest.raises(ValidationError) as refused:
        record(initiative, alice, how="by_vote", for_lived=3)
    assert sorted(refused.value.message_dict) == ["against_learnt", "against_lived", "for_learnt"]
    assert not Decision.objects.exists()


def test_a_vote_of_nobody_is_refused(alice, initiative):
    with pytest.raises(ValidationError) as refused:
        record(
            initiative, alice, how="by_vote", for_lived=0, for_learnt=0,
            against_lived=0, against_learnt=0,
        )  # fmt: skip
    assert refused.value.message_dict == {"for_lived": ["A vote needs at least one person voting."]}


def test_a_count_for_a_decision_not_taken_by_vote_is_refused(alice, initiative):
    with pytest.raises(ValidationError) as refused:
        record(initiative, alice, how="staff_alone", against_lived=2)
    assert list(refused.value.message_dict) == ["against_lived"]
    assert "Only give a count of votes" in refused.value.message_dict["against_lived"][0]
    assert not Decision.objects.exists()


def test_a_count_of_zero_for_a_decision_not_taken_by_vote_is_refused(alice, initiative):
    with pytest.raises(ValidationError):
        record(initiative, alice, how="jointly", for_lived=0)


def test_another_organisations_records_are_refused(alice, initiative, other_org):
    theirs = PersonFactory(organisation=other_org)
    with pytest.raises(ValidationError, match="another organisation"):
        record(initiative, alice, people=[theirs])
    other_initiative = InitiativeFactory(organisation=other_org)
    their_workshop = WorkshopFactory(initiative=other_initiative, organisation=other_org)
    with pytest.raises(ValidationError, match="another organisation"):
        record(initiative, alice, came_from="workshop", workshop=their_workshop)
    assert not Decision.objects.exists()


def test_a_workshop_of_another_initiative_is_refused(alice, org, initiative):
    elsewhere = WorkshopFactory(initiative=InitiativeFactory(organisation=org), organisation=org)
    with pytest.raises(ValidationError) as refused:
        record(initiative, alice, came_from="workshop", workshop=elsewhere)
    assert refused.value.message_dict == {"workshop": ["Choose a workshop of this piece of work."]}


def test_a_decision_before_the_workshop_it_came_from_is_refused(alice, org, initiative):
    workshop = WorkshopFactory(initiative=initiative, organisation=org)  # 4 November 2026
    with pytest.raises(ValidationError) as refused:
        record(initiative, alice, came_from="workshop", workshop=workshop)
    assert list(refused.value.message_dict) == ["decided_on"]
    decision = record(
        initiative,
        alice,
        came_from="workshop",
        workshop=workshop,
        decided_on=datetime.date(2026, 11, 4),
    )
    assert decision.workshop == workshop


def test_a_meeting_of_another_panel_is_refused(alice, org, panel):
    other_meeting = MeetingFactory(organisation=org)
    with pytest.raises(ValidationError) as refused:
        domain.record_decision(
            org,
            actor=alice,
            recorded_by=None,
            panel=panel,
            what="Meet on Tuesdays.",
            decided_on=datetime.date(2030, 1, 1),
            how="by_panel",
            came_from="meeting",
            meeting=other_meeting,
        )
    assert refused.value.message_dict == {"meeting": ["Choose a meeting of this panel."]}


def test_only_the_record_it_came_from_is_kept(alice, org, initiative):
    workshop = WorkshopFactory(initiative=initiative, organisation=org)
    contribution = ContributionFactory(initiative=initiative, organisation=org)
    decision = record(
        initiative,
        alice,
        came_from="other",
        workshop=workshop,
        contribution=contribution,
        means="adopted",
    )
    assert (decision.workshop, decision.contribution, decision.response) == (None, None, None)


def test_a_decision_from_a_contribution_answers_it_in_you_said_we_did(alice, org, initiative):
    contribution = ContributionFactory(initiative=initiative, organisation=org)
    decision = record(
        initiative, alice, came_from="contribution", contribution=contribution, means="adapted"
    )
    contribution = Contribution.objects.get(pk=contribution.pk)
    response = contribution.latest_response
    assert response == decision.response
    assert (response.decision, response.decided_by, response.decided_on, response.reason) == (
        "adapted",
        "Decided together, with an equal say",
        MAR,
        "Paint the fence green.",
    )
    assert contribution.first_response_on == MAR


def test_a_decision_from_a_contribution_needs_what_it_means(alice, org, initiative):
    contribution = ContributionFactory(initiative=initiative, organisation=org)
    with pytest.raises(ValidationError) as refused:
        record(initiative, alice, came_from="contribution", contribution=contribution)
    assert list(refused.value.message_dict) == ["means"]


def test_a_decision_before_what_was_said_is_refused_and_nothing_is_saved(alice, org, initiative):
    contribution = ContributionFactory(
        initiative=initiative, organisation=org, said_on=datetime.date(2026, 4, 1)
    )
    with pytest.raises(ValidationError) as refused:
        record(
            initiative, alice, came_from="contribution", contribution=contribution, means="adopted"
        )
    assert refused.value.message_dict == {
        "decided_on": ["The decision cannot be before the date it was said."]
    }
    assert not Decision.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="decisions.").exists()


def test_a_contribution_of_another_initiative_is_refused(alice, org, initiative):
    other_initiative = InitiativeFactory(organisation=org)
    elsewhere = ContributionFactory(organisation=org, initiative=other_initiative)
    with pytest.raises(ValidationError) as refused:
        record(initiative, alice, came_from="contribution", contribution=elsewhere, means="adopted")
    assert list(refused.value.message_dict) == ["contribution"]


def test_update_decision_logs_what_changed(alice, bob, initiative):
    decision = record(initiative, alice, how="staff_alone")
    domain.update_decision(
        decision,
        actor=alice,
        what="Paint the fence green.",
        decided_on=MAR,
        how="staff_after_views",
        people=[bob.people.get()],
    )
    entry = AuditEntry.objects.get(action="decisions.decision.updated")
    assert entry.data["fields"] == ["how", "people"]
    decision.refresh_from_db()
    assert decision.how == "staff_after_views"


def test_update_answers_the_contribution_again_only_when_the_answer_changes(alice, org, initiative):
    contribution = ContributionFactory(initiative=initiative, organisation=org)
    fields = {"came_from": "contribution", "contribution": contribution, "means": "considering"}
    decision = record(initiative, alice, **fields)
    common = {"what": "Paint the fence green.", "decided_on": MAR, "how": "jointly"}
    domain.update_decision(decision, actor=alice, **common, **fields)
    assert contribution.responses.count() == 1
    domain.update_decision(decision, actor=alice, **common, **{**fields, "means": "adopted"})
    assert list(contribution.responses.values_list("decision", flat=True)) == [
        "considering",
        "adopted",
    ]
    assert Contribution.objects.get(pk=contribution.pk).latest_response.decision == "adopted"
