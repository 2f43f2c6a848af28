"""The level-based group helpers give exactly what score_group gives from the answers."""

from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.ladder.bank import NOT_SURE
from coproduce.ladder.scoring import (
    aggregate_levels,
    aggregate_people_levels,
    answers_to_levels,
    score_group,
    score_group_levels,
)
from tests.ladder.answers import BANK, NEXT_TO_TOP, TOP, TWO_OPTIONS

ANSWERS = st.fixed_dictionaries(
    {q.key: st.sampled_from([*(o.key for o in q.options), NOT_SURE]) for q in BANK.questions}
)


def test_score_group_levels_of_two_is_not_shown():
    people = [answers_to_levels(BANK, TOP)] * 2
    assert score_group_levels(BANK, people) == score_group(BANK, [TOP, TOP])
    assert score_group_levels(BANK, people).shown is False


def test_score_group_levels_matches_score_group_for_known_sets():
    group = [TOP, NEXT_TO_TOP, TWO_OPTIONS, TWO_OPTIONS]
    people = [answers_to_levels(BANK, answers) for answers in group]
    assert score_group_levels(BANK, people) == score_group(BANK, group)
    assert score_group_levels(BANK, people).result.rung == 3


@settings(max_examples=50, deadline=None)
@given(st.lists(ANSWERS, min_size=0, max_size=7))
def test_level_helpers_match_the_answer_versions(group):
    people = [answers_to_levels(BANK, answers) for answers in group]
    assert aggregate_people_levels(BANK, people) == aggregate_levels(BANK, group)
    assert score_group_levels(BANK, people) == score_group(BANK, group)
