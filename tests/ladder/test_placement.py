"""The placement engine for path banks: ranges, steps, groups, and the properties it promises."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.ladder.bank import NOT_SURE
from coproduce.ladder.path_bank import load_any_bank
from coproduce.ladder.placement import (
    InvalidAnswer,
    aggregate,
    differences,
    place,
    place_group,
    place_with_steps,
)

BANK = load_any_bank(2)
ENGAGEMENT = {"have_say": "own_ideas", "designed": "no"}
CO_DESIGN = {"have_say": "own_ideas", "designed": "yes", "start": "after_topic", "forum": "no"}


def test_place_unknown_that_matters_gives_a_range_and_what_would_settle_it():
    placement = place(BANK, {"have_say": "chose_options", "designed": "yes"})
    assert (placement.low, placement.high, placement.is_range) == (3, 3, False)
    placement = place(BANK, {"have_say": "own_ideas"})
    assert (placement.low, placement.high) == (4, 6)
    assert placement.settle == ("designed", "equal_say", "start", "stages", "forum")
    assert [n.met for n in placement.next_if] == [
        "people designed it with staff and took part in decisions"
    ]
    assert placement.rung is None
    assert placement.provisional is True


def test_place_unknown_that_cannot_matter_leaves_a_single_rung():
    placement = place(BANK, {"have_say": "chose_options"})
    assert (placement.low, placement.high, placement.settle) == (3, 3, ())
    assert placement.find_out[:2] == ("designed", "equal_say")


def test_place_says_why_in_one_sentence_and_what_is_missing_for_the_next_rung():
    placement = place(BANK, CO_DESIGN)
    assert placement.reason == (
        "People designed it with staff and took part in decisions. So this is co-design."
    )
    assert [n.unmet for n in placement.not_yet] == [
        "people were not involved from the very start",
        "there is no group that goes on after the work ends",
    ]


def test_place_first_steps_move_the_work_up_and_are_checked_by_taking_them():
    answers = {
        **ENGAGEMENT,
        "equal_say": "none",
        "start": "after_plan",
        "stages": "views_only",
        "forum": "no",
        "vc_pay": "costs",
        "ia_needs": "no",
    }
    placement = place(BANK, answers)
    assert placement.low == 4
    assert [(s.question, s.moves_up) for s in placement.steps] == [
        ("designed", True),
        ("equal_say", False),
        ("start", False),
        ("stages", False),
        ("ia_needs", False),
        ("vc_pay", False),
    ]
    assert placement.steps[0].action == (
        "Bring people together to design it with you, and decide things with them."
    )
    assert place_with_steps(BANK, placement).low == 5


def test_place_co_design_to_co_production_needs_every_missing_thing_together():
    placement = place(BANK, {**CO_DESIGN, "stages": "design_only", "equal_say": "some"})
    moving = [s.question for s in placement.steps if s.moves_up]
    assert moving == ["start", "stages", "equal_say", "forum"]
    assert placement.steps[0].action == (
        "Involve people from the very start, when you choose what the work is about."
    )
    assert place_with_steps(BANK, placement).low == 6


def test_place_rejects_unknown_questions_and_options():
    with pytest.raises(InvalidAnswer):
        place(BANK, {"nope": "yes"})
    with pytest.raises(InvalidAnswer):
        place(BANK, {"designed": "maybe"})


def test_place_group_of_two_is_never_computed():
    assert place_group(BANK, [ENGAGEMENT, ENGAGEMENT]) is None


def test_aggregate_takes_the_lower_middle_answer_and_needs_half_the_group():
    people = [
        {"have_say": "own_ideas", "vc_pay": "no_time"},
        {"have_say": "chose_options", "vc_pay": "no_time"},
        {"have_say": "own_ideas", "vc_pay": NOT_SURE, "forum": "yes"},
        {"have_say": "explained"},
    ]
    assert aggregate(BANK, people) == {"have_say": "chose_options", "vc_pay": "no_time"}


def test_differences_names_each_question_the_groups_answered_differently():
    lived = place(BANK, {**ENGAGEMENT, "vc_changed": "no"})
    learnt = place(BANK, {**ENGAGEMENT, "vc_changed": "yes", "designed": "yes"})
    found = [(d.question.key, d.lived.key, d.learnt.key) for d in differences(BANK, lived, learnt)]
    assert found == [("designed", "no", "yes"), ("vc_changed", "no", "yes")]


def _answers():
    return st.fixed_dictionaries(
        {},
        optional={
            q.key: st.sampled_from([NOT_SURE, *(o.key for o in q.options)]) for q in BANK.questions
        },
    )


@settings(max_examples=300, deadline=None)
@given(answers=_answers(), data=st.data())
def test_place_choosing_a_lower_option_never_raises_the_rung(answers, data):
    key = data.draw(st.sampled_from([q.key for q in BANK.questions if q.on_path]))
    question = BANK.question(key)
    ranked = [o for o in question.options if o.rank is not None]
    higher = data.draw(st.sampled_from(ranked))
    lower = data.draw(st.sampled_from([o for o in ranked if o.rank <= higher.rank]))
    up = place(BANK, {**answers, key: higher.key})
    down = place(BANK, {**answers, key: lower.key})
    assert (down.low, down.high) <= (up.low, up.high)
    assert down.low <= up.low
    assert down.high <= up.high


@settings(max_examples=300, deadline=None)
@given(answers=_answers(), data=st.data())
def test_place_answering_an_i_dont_know_stays_within_the_range_shown(answers, data):
    before = place(BANK, answers)
    unknown = [q for q in BANK.questions if q.key not in before.answers]
    if not unknown:
        return
    question = data.draw(st.sampled_from(unknown))
    option = data.draw(st.sampled_from(question.options))
    after = place(BANK, {**answers, question.key: option.key})
    assert before.low <= after.low <= after.high <= before.high
    if question.key not in before.settle:
        assert (after.low, after.high) == (before.low, before.high)


@settings(max_examples=200, deadline=None)
@given(answers=_answers())
def test_place_taking_the_moving_steps_goes_up_at_least_one_rung(answers):
    before = place(BANK, answers)
    if before.is_range or before.low == 6:
        return
    after = place_with_steps(BANK, before)
    assert after.high >= before.low + 1
    if not before.next_unknown:  # nothing else to find out first
        assert after.low >= before.low + 1
