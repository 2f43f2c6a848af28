from __future__ import annotations

import pytest

from coproduce.decisions.forms import DecisionForm
from coproduce.decisions.queries import (
    contributions_to_choose,
    meetings_to_choose,
    people_who_can_take_part,
    workshops_to_choose,
)
from tests.factories import (
    ContributionFactory,
    InitiativeFactory,
    PersonFactory,
    WorkshopFactory,
)

GOOD = {"what": "Paint the fence green.", "decided_on": "10 3 2026", "how": "jointly"}


def form_for(initiative, data):
    return DecisionForm(
        data,
        people=people_who_can_take_part(initiative=initiative),
        workshops=workshops_to_choose(initiative),
        meetings=meetings_to_choose(None),
        contributions=contributions_to_choose(initiative=initiative),
    )


def test_a_plain_decision_is_valid(initiative):
    form = form_for(initiative, GOOD)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["for_lived"] is None


@pytest.mark.parametrize("value", ["٣", "²", "3.5", "-1", "1" * 40, "three"])
def test_a_count_that_is_not_a_whole_number_is_refused_in_plain_words(initiative, value):
    form = form_for(initiative, {**GOOD, "how": "by_vote", "for_lived": value})
    assert not form.is_valid()
    assert form.errors["for_lived"][0].startswith(("Enter a whole number", "Enter a number"))


def test_a_vote_needs_the_four_counts(initiative):
    form = form_for(initiative, {**GOOD, "how": "by_vote", "for_lived": "4"})
    assert not form.is_valid()
    assert sorted(form.errors) == ["against_learnt", "against_lived", "for_learnt"]
    assert form.errors["for_learnt"] == ["Enter how many people voted, 0 if nobody did."]


def test_counts_for_a_decision_not_taken_by_vote_are_refused_with_a_clear_message(initiative):
    form = form_for(initiative, {**GOOD, "for_lived": "4", "against_learnt": "1"})
    assert not form.is_valid()
    assert form.errors == {
        "for_lived": [
            "Only give a count of votes for a decision taken by a vote. Choose “Decided by a "
            "vote”, or leave the counts empty."
        ]
    }


def test_people_outside_the_initiative_are_not_choices(org, initiative):
    outsider = PersonFactory(organisation=org)
    form = form_for(initiative, {**GOOD, "people": [str(outsider.pk)]})
    assert not form.is_valid()
    assert list(form.errors) == ["people"]


def test_a_workshop_or_contribution_of_another_initiative_is_not_a_choice(org, initiative):
    elsewhere = InitiativeFactory(organisation=org)
    WorkshopFactory(initiative=initiative, organisation=org)
    theirs = WorkshopFactory(initiative=elsewhere, organisation=org)
    said = ContributionFactory(initiative=elsewhere, organisation=org)
    form = form_for(
        initiative,
        {**GOOD, "came_from": "workshop", "workshop": str(theirs.pk), "contribution": str(said.pk)},
    )
    assert not form.is_valid()
    assert sorted(form.errors) == ["contribution", "workshop"]


def test_without_workshops_the_form_does_not_offer_one(initiative):
    form = form_for(initiative, None)
    assert "workshop" not in form.fields
    assert "meeting" not in form.fields
    assert [value for value, _label in form.fields["came_from"].choices] == [
        "",
        "contribution",
        "other",
    ]


def test_came_from_a_contribution_needs_it_and_what_it_means(org, initiative):
    form = form_for(initiative, {**GOOD, "came_from": "contribution"})
    assert not form.is_valid()
    assert form.errors == {"contribution": ["Choose what was said that it came from."]}
    said = ContributionFactory(initiative=initiative, organisation=org)
    form = form_for(initiative, {**GOOD, "came_from": "contribution", "contribution": str(said.pk)})
    assert not form.is_valid()
    assert form.errors == {"means": ["Choose what the decision means for what was said."]}
