import datetime

import pytest
from django.utils import timezone

from coproduce.initiatives.models import Capacity
from coproduce.ladder.queries import (
    ladder_results_for,
    ladder_summary_for,
    overview_for,
)
from tests.factories import ActionFactory, InitiativeFactory, ResponseFactory, RoundFactory
from tests.ladder.answers import NEXT_TO_TOP, TOP, TWO_OPTIONS


def sent(round_, answers, capacity=Capacity.LIVED_CARE, count=3, **fields):
    return ResponseFactory.create_batch(
        count,
        round=round_,
        capacity=capacity,
        answers=answers,
        submitted_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def garden(initiative):
    initiative.claimed_approach = "co_production"
    initiative.save()
    return initiative


def test_results_score_each_round_and_each_group(garden):
    first = RoundFactory(initiative=garden, number=1, closed_at=timezone.now())
    sent(first, TWO_OPTIONS, Capacity.LIVED_CARE)
    sent(first, TWO_OPTIONS, Capacity.LEARNT)
    second = RoundFactory(initiative=garden, number=2)
    sent(second, TWO_OPTIONS, Capacity.LIVED_CARER)
    sent(second, NEXT_TO_TOP, Capacity.LEARNT)
    results = ladder_results_for(garden)
    rungs = [
        (s.round.number, s.rung.key, s.lived_rung.key, s.learnt_rung.key) for s in results.rounds
    ]
    assert rungs == [
        (1, "consultation", "consultation", "consultation"),
        (2, "consultation", "consultation", "co_design"),
    ]
    assert results.current.round == second
    assert results.open_round == second


def test_results_flag_groups_two_rungs_apart(garden):
    round_ = RoundFactory(initiative=garden)
    sent(round_, TWO_OPTIONS, Capacity.LIVED_CARE)
    sent(round_, NEXT_TO_TOP, Capacity.LEARNT)
    current = ladder_results_for(garden).current
    assert (current.comparison.rung_gap, current.comparison.rung_flagged) == (-2, True)
    assert current.rung_distance == 2


def test_results_hide_a_group_of_two(garden):
    round_ = RoundFactory(initiative=garden)
    sent(round_, TOP, Capacity.LIVED_CARE, count=3)
    sent(round_, TWO_OPTIONS, Capacity.LEARNT, count=2)
    results = ladder_results_for(garden)
    current = results.current
    assert (current.lived.shown, current.learnt.shown) == (True, False)
    assert (current.learnt.result, current.learnt_rung) == (None, None)
    assert current.comparison.shown is False
    assert [(row.key, row.lived, row.learnt) for row in results.side_by_side] == [
        ("equal_partnership", 6, None),
        ("from_the_start", 6, None),
        ("inclusivity_accessibility", 6, None),
        ("valued_contributions", 6, None),
        ("focus_on_outcomes", 6, None),
    ]


def test_results_with_fewer_than_three_answers_show_no_rung(garden):
    round_ = RoundFactory(initiative=garden)
    sent(round_, TOP, count=2)
    results = ladder_results_for(garden)
    assert (results.current, results.rung, results.steps) == (None, None, [])


def test_results_keep_the_last_round_with_enough_answers_as_current(garden):
    first = RoundFactory(initiative=garden, number=1, closed_at=timezone.now())
    sent(first, NEXT_TO_TOP)
    second = RoundFactory(initiative=garden, number=2)
    sent(second, TOP, count=1)
    assert ladder_results_for(garden).current.round == first


def test_results_next_steps_biggest_gap_first_with_adopted_action(garden):
    round_ = RoundFactory(initiative=garden)
    sent(round_, TWO_OPTIONS)
    action = ActionFactory(round=round_, question_key="ep_lead")
    results = ladder_results_for(garden)
    gaps = [s.step.gap for s in results.steps]
    assert results.rung.key == "consultation"
    assert gaps == sorted(gaps, reverse=True)
    assert (results.steps[0].question.key, results.steps[0].step.gap) == ("fs_problem", 2)
    assert [s.question.key for s in results.steps if s.adopted] == ["ep_lead"]
    assert results.actions == [action]


def test_results_say_when_the_claim_is_above_the_answers(garden):
    round_ = RoundFactory(initiative=garden)
    sent(round_, TWO_OPTIONS)
    results = ladder_results_for(garden)
    assert (results.claimed.key, results.rung.key, results.claim_too_high) == (
        "co_production",
        "consultation",
        True,
    )
    garden.claimed_approach = "consultation"
    assert ladder_results_for(garden).claim_too_high is False


def test_results_count_answers_under_a_missing_bank_without_scoring_them(garden):
    first = RoundFactory(initiative=garden, number=1, closed_at=timezone.now())
    sent(first, {"ep_decisions": "gone"}, bank_version=99)
    second = RoundFactory(initiative=garden, number=2)
    sent(second, TWO_OPTIONS)
    results = ladder_results_for(garden)
    assert [(s.round.number, s.sent, s.unscored, s.overall.shown) for s in results.rounds] == [
        (1, 3, 3, False),
        (2, 3, 0, True),
    ]
    assert results.unscored == 3
    assert results.rung.key == "consultation"


def test_summary_takes_the_latest_round_with_enough_answers(garden):
    first = RoundFactory(initiative=garden, number=1, closed_at=timezone.now())
    sent(first, TWO_OPTIONS)
    second = RoundFactory(initiative=garden, number=2)
    sent(second, TOP, count=2)
    ActionFactory(round=first)
    summary = ladder_summary_for(garden)
    assert (summary.round, summary.rung.key, summary.claim_too_high) == (
        first,
        "consultation",
        True,
    )
    assert len(summary.actions) == 1


def test_overview_lists_every_initiative_with_gaps_and_late_actions(org, garden):
    round_ = RoundFactory(initiative=garden)
    sent(round_, TWO_OPTIONS, Capacity.LIVED_CARE)
    sent(round_, NEXT_TO_TOP, Capacity.LEARNT)
    late = ActionFactory(round=round_, due_on=datetime.date(2020, 1, 1))
    ActionFactory(round=round_, question_key="ep_money", due_on=datetime.date(2099, 1, 1))
    quiet = InitiativeFactory(organisation=org, title="Zebra crossing")
    rows = overview_for(org)
    assert [
        (r.initiative, r.rung and r.rung.key, r.claim_too_high, r.gap_flagged, r.overdue)
        for r in rows
    ] == [
        (garden, "consultation", True, True, [late]),
        (quiet, None, False, False, []),
    ]
