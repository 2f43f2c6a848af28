import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.ladder.bank import NOT_SURE, load_bank
from coproduce.ladder.scoring import (
    GroupResult,
    InvalidAnswer,
    aggregate_levels,
    answers_needed,
    compare_groups,
    lower_median,
    score_answers,
    score_group,
    score_levels,
)

BANK = load_bank(1)
Answers = dict[str, str]


def _with(base: Answers, **changes: str) -> Answers:
    return {**base, **changes}


TOP: Answers = {q.key: q.options[-1].key for q in BANK.questions}
NEXT_TO_TOP: Answers = {q.key: q.options[-2].key for q in BANK.questions}

# The worked example in docs/ladder-scoring.md: a home care team reviews its visit times.
VISIT_TIMES: Answers = {
    "ep_decisions": "some_changed",
    "ep_options": "ideas_used",
    "ep_lead": "staff_time",
    "ep_money": "not_told",
    "fs_first": "draft",
    "fs_problem": "staff_asked",
    "fs_through": "some_planning",
    "ia_needs": "ask_give",
    "ia_ways": "two",
    "ia_words": "on_request",
    "ia_missing": NOT_SURE,
    "vc_pay": "set_rate",
    "vc_feedback": "summary",
    "vc_disagree": "sometimes",
    "fo_success": "staff_asked",
    "fo_review": "asked",
    "fo_change": "small",
}

# A letter went out after the decision.
LETTER: Answers = _with(
    {q.key: q.options[0].key for q in BANK.questions},
    ep_decisions="told_why",
    fs_first="after",
    fo_success="staff",
)

# People saw two options and picked one; staff decided.
TWO_OPTIONS: Answers = _with(
    LETTER,
    ep_decisions="asked_then_staff",
    ep_options="staff_options",
    ep_lead="staff_time",
    fs_first="draft",
    ia_ways="two",
    ia_words="plain_sometimes",
    vc_pay="costs",
    vc_feedback="thanks",
    vc_disagree="noted",
    fo_review="staff",
    fo_change="small",
)


def _scores(answers: Answers) -> list[int | None]:
    return [c.score for c in score_answers(BANK, answers).characteristics]


def _fired(answers: Answers) -> list[tuple[str, int]]:
    return [(hit.key, hit.limit) for hit in score_answers(BANK, answers).fired]


def test_lower_median_takes_the_lower_middle() -> None:
    assert lower_median([6, 2, 4]) == 4
    assert lower_median([3, 3, 4, 4]) == 3
    assert lower_median([2, 4, 6, 6]) == 4
    with pytest.raises(ValueError, match="nothing"):
        lower_median([])


def test_answers_needed_is_three_quarters_rounded_up() -> None:
    assert answers_needed(BANK) == 13


def test_score_all_top_answers_is_co_production() -> None:
    result = score_answers(BANK, TOP)
    assert (result.rung, result.base, result.fired, result.coercion) == (6, 6, (), False)
    assert (result.provisional, result.answered, result.total) == (False, 17, 17)
    assert result.next_steps == ()
    assert result.find_out == ()


def test_score_next_to_top_answers_is_co_design() -> None:
    result = score_answers(BANK, NEXT_TO_TOP)
    assert _scores(NEXT_TO_TOP) == [5, 5, 5, 5, 4]
    assert (result.rung, result.base, result.fired) == (5, 5, ())
    assert [(s.question, s.gap, s.essential) for s in result.next_steps[:3]] == [
        ("ep_decisions", 2, True),
        ("fo_success", 2, False),
        ("fo_review", 2, False),
    ]
    assert len(result.next_steps) == 17


def test_score_visit_times_example_is_engagement() -> None:
    result = score_answers(BANK, VISIT_TIMES)
    assert _scores(VISIT_TIMES) == [3, 4, 4, 4, 4]
    assert [c.answered for c in result.characteristics] == [4, 3, 3, 3, 3]
    assert (result.rung, result.base, result.fired) == (4, 4, ())
    assert (result.provisional, result.answered, result.find_out) == (False, 16, ("ia_missing",))
    steps = [(s.question, s.level, s.gap, s.essential) for s in result.next_steps]
    assert steps[:5] == [
        ("fs_first", 3, 2, True),
        ("ep_lead", 3, 2, False),
        ("ep_money", 3, 2, False),
        ("ep_options", 4, 1, True),
        ("ep_decisions", 4, 1, False),
    ]
    assert len(steps) == 14
    assert result.next_steps[0].action == (
        "Involve people while the options are still open, not when a draft exists."
    )


def test_score_two_options_example_is_consultation() -> None:
    result = score_answers(BANK, TWO_OPTIONS)
    assert _scores(TWO_OPTIONS) == [3, 3, 3, 3, 3]
    assert (result.rung, result.base) == (3, 3)
    assert _fired(TWO_OPTIONS) == []


def test_score_letter_example_is_informing() -> None:
    result = score_answers(BANK, LETTER)
    assert _scores(LETTER) == [2, 2, 3, 2, 2]
    assert (result.rung, result.base, result.fired) == (2, 2, ())
    assert result.next_steps[0].question == "ep_lead"
    assert result.next_steps[0].gap == 2


def test_score_told_to_accept_is_educating_through_the_informing_gate() -> None:
    answers = _with(LETTER, ep_decisions="told_to_accept")
    result = score_answers(BANK, answers)
    assert _scores(answers) == [1, 2, 3, 2, 2]
    assert (result.rung, result.base) == (1, 2)
    assert _fired(answers) == [("informing_needs_clear_facts", 1)]
    assert result.fired[0].kind == "gate"
    assert result.fired[0].not_sure is False


def test_score_never_told_flags_coercion_whatever_else() -> None:
    result = score_answers(BANK, _with(TOP, fs_first="never"))
    assert (result.rung, result.base, result.coercion) == (0, 6, True)
    assert _fired(_with(TOP, fs_first="never")) == [
        ("coercion", 0),
        ("co_design_needs_early_start", 4),
    ]
    assert [(s.question, s.gap, s.essential) for s in result.next_steps] == [("fs_first", 1, True)]
    assert result.next_steps[0].action == "Tell people about a change before it happens."


def test_score_not_sure_about_telling_is_not_coercion() -> None:
    result = score_answers(BANK, _with(TOP, fs_first=NOT_SURE))
    assert (result.rung, result.coercion) == (4, False)
    assert [(h.key, h.not_sure) for h in result.fired] == [("co_design_needs_early_start", True)]


@pytest.mark.parametrize(
    ("changes", "rung", "fired"),
    [
        ({"ep_decisions": "some_changed"}, 5, [("co_production_needs_shared_decisions", 5)]),
        ({"fs_through": "planning"}, 5, [("co_production_needs_seeing_it_through", 5)]),
        ({"ep_options": "ideas_used"}, 4, [("co_design_needs_open_options", 4)]),
        ({"fs_first": "draft"}, 4, [("co_design_needs_early_start", 4)]),
        (
            {"ep_decisions": "asked_then_staff"},
            3,
            [("engagement_needs_views_to_count", 3), ("co_production_needs_shared_decisions", 5)],
        ),
        (
            {"ep_decisions": "told_why"},
            2,
            [
                ("consultation_needs_views_asked", 2),
                ("engagement_needs_views_to_count", 3),
                ("co_production_needs_shared_decisions", 5),
            ],
        ),
    ],
)
def test_score_gate_holds_the_rung_below_what_it_guards(
    changes: Answers, rung: int, fired: list[tuple[str, int]]
) -> None:
    answers = _with(TOP, **changes)
    assert score_answers(BANK, answers).rung == rung
    assert _fired(answers) == fired


@pytest.mark.parametrize(
    ("changes", "rung", "fired"),
    [
        ({"ia_needs": "no"}, 4, [("co_design_needs_access_asked", 4)]),
        ({"ep_money": "not_told"}, 5, [("co_production_needs_money_shared", 5)]),
    ],
)
def test_score_cap_holds_the_rung_down(
    changes: Answers, rung: int, fired: list[tuple[str, int]]
) -> None:
    answers = _with(TOP, **changes)
    result = score_answers(BANK, answers)
    assert (result.rung, result.base) == (rung, 6)
    assert _fired(answers) == fired
    assert result.fired[0].kind == "cap"


def test_score_not_sure_about_money_blocks_co_production() -> None:
    result = score_answers(BANK, _with(TOP, ep_money=NOT_SURE))
    assert (result.rung, result.provisional) == (5, False)
    assert [(h.key, h.not_sure) for h in result.fired] == [
        ("co_production_needs_money_shared", True)
    ]


def test_score_not_sure_blocks_top_gates_but_not_low_ones() -> None:
    result = score_answers(BANK, _with(TOP, ep_decisions=NOT_SURE))
    assert result.rung == 5
    assert [(h.key, h.not_sure) for h in result.fired] == [
        ("co_production_needs_shared_decisions", True)
    ]
    assert result.find_out == ("ep_decisions",)


def test_score_balance_cap_keeps_one_rung_above_the_weakest() -> None:
    answers = _with(TOP, fo_success="nobody", fo_review="nobody", fo_change="none")
    result = score_answers(BANK, answers)
    assert _scores(answers) == [6, 6, 6, 6, 2]
    assert (result.rung, result.base) == (3, 6)
    assert [(h.key, h.kind, h.characteristic) for h in result.fired] == [
        ("balance", "balance", "focus_on_outcomes")
    ]


def test_score_twelve_answers_is_provisional() -> None:
    answers = {key: TOP[key] for key in list(TOP)[:12]}
    result = score_answers(BANK, answers)
    assert (result.answered, result.provisional) == (12, True)
    assert _scores(answers) == [6, 6, 6, None, None]


def test_score_thirteen_answers_across_all_characteristics_is_final() -> None:
    dropped = ["ep_lead", "ia_ways", "ia_words", "vc_pay"]
    result = score_answers(BANK, _with(TOP, **dict.fromkeys(dropped, NOT_SURE)))
    assert (result.answered, result.provisional, result.rung) == (13, False, 6)


def test_score_one_answer_in_a_characteristic_is_provisional() -> None:
    answers = _with(TOP, fo_review=NOT_SURE, fo_change=NOT_SURE)
    result = score_answers(BANK, answers)
    assert result.answered == 15
    assert result.characteristic("focus_on_outcomes").score is None
    assert (result.provisional, result.rung) == (True, 6)


def test_score_no_answers_has_no_rung() -> None:
    result = score_answers(BANK, {})
    assert (result.rung, result.base, result.provisional, result.answered) == (None, None, True, 0)
    assert (result.fired, result.next_steps) == ((), ())
    assert len(result.find_out) == 17


def test_score_only_never_told_is_coercion_without_a_base() -> None:
    result = score_answers(BANK, {"fs_first": "never"})
    assert (result.rung, result.base, result.coercion) == (0, None, True)
    assert [h.key for h in result.fired] == ["coercion"]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"ep_vibes": "good"}, "bank v1 has no question 'ep_vibes'"),
        ({"ep_lead": "nobody"}, "question 'ep_lead' has no option 'nobody'"),
    ],
)
def test_score_unknown_answer_raises(answers: Answers, message: str) -> None:
    with pytest.raises(InvalidAnswer) as info:
        score_answers(BANK, answers)
    assert str(info.value) == message


def test_score_levels_rejects_a_level_with_no_option() -> None:
    with pytest.raises(InvalidAnswer) as info:
        score_levels(BANK, {"ep_decisions": 5})
    assert str(info.value) == "question 'ep_decisions' has no option at level 5"


def test_aggregate_levels_takes_the_lower_median_per_question() -> None:
    people = [
        {"ep_decisions": "together", "ep_lead": "co_chair"},
        {"ep_decisions": "some_changed", "ep_lead": "co_chair"},
        {"ep_decisions": "told_why", "ep_lead": NOT_SURE},
        {"ep_decisions": "together", "ep_lead": NOT_SURE},
    ]
    assert aggregate_levels(BANK, people) == {"ep_decisions": 4, "ep_lead": 6}


def test_aggregate_levels_drops_questions_fewer_than_half_answered() -> None:
    people = [{"ep_lead": "co_chair"}, {}, {}, {"ep_money": "told"}, {"ep_money": "decide"}]
    assert aggregate_levels(BANK, people) == {}
    people.append({"ep_money": "not_told"})
    assert aggregate_levels(BANK, people) == {"ep_money": 4}


def test_score_group_of_two_is_not_shown() -> None:
    assert score_group(BANK, [TOP, TOP]) == GroupResult(size=2, shown=False, result=None)


def test_score_group_of_three_takes_the_middle_person() -> None:
    group = score_group(BANK, [TOP, VISIT_TIMES, LETTER])
    assert (group.size, group.shown) == (3, True)
    assert group.result is not None
    assert group.result.rung == 4
    assert [c.score for c in group.result.characteristics] == [3, 4, 4, 4, 4]


def test_compare_groups_flags_two_rungs_apart() -> None:
    lived = score_group(BANK, [VISIT_TIMES] * 3)
    learnt = score_group(BANK, [TOP] * 4)
    comparison = compare_groups(lived, learnt)
    assert (comparison.shown, comparison.rung_gap, comparison.rung_flagged) == (True, -2, True)
    assert [(c.key, c.gap, c.flagged) for c in comparison.characteristics] == [
        ("equal_partnership", -3, True),
        ("from_the_start", -2, True),
        ("inclusivity_accessibility", -2, True),
        ("valued_contributions", -2, True),
        ("focus_on_outcomes", -2, True),
    ]


def test_compare_groups_one_rung_apart_flags_only_the_characteristic() -> None:
    comparison = compare_groups(
        score_group(BANK, [NEXT_TO_TOP] * 3), score_group(BANK, [VISIT_TIMES] * 3)
    )
    assert (comparison.rung_gap, comparison.rung_flagged, comparison.flagged) == (1, False, True)
    assert [c.gap for c in comparison.characteristics] == [2, 1, 1, 1, 0]
    assert [c.key for c in comparison.characteristics if c.flagged] == ["equal_partnership"]


def test_compare_groups_with_a_hidden_group_shows_nothing() -> None:
    comparison = compare_groups(score_group(BANK, [TOP] * 2), score_group(BANK, [LETTER] * 5))
    assert (comparison.shown, comparison.rung_gap, comparison.flagged) == (False, None, False)
    assert comparison.characteristics == ()


def _answer(question_index: int) -> st.SearchStrategy[str]:
    options = [o.key for o in BANK.questions[question_index].options]
    return st.sampled_from([NOT_SURE, *options])


ANSWERS = st.fixed_dictionaries({q.key: _answer(i) for i, q in enumerate(BANK.questions)})


def _lower_one(data: st.DataObject, answers: Answers) -> Answers | None:
    """Move one answered question to a lower option; None when nothing can go lower."""
    lowerable = [q for q in BANK.questions if answers[q.key] not in (NOT_SURE, q.options[0].key)]
    if not lowerable:
        return None
    question = data.draw(st.sampled_from(lowerable))
    keys = [o.key for o in question.options]
    lower = data.draw(st.sampled_from(keys[: keys.index(answers[question.key])]))
    return {**answers, question.key: lower}


def _no_higher(after: int | None, before: int | None) -> bool:
    if before is None:  # unknown before; only the coercion flag can name a rung now
        return after in (None, 0)
    return after is not None and after <= before


@settings(max_examples=400, deadline=None)
@given(answers=ANSWERS, data=st.data())
def test_score_lowering_one_answer_never_raises_the_rung(
    answers: Answers, data: st.DataObject
) -> None:
    lowered = _lower_one(data, answers)
    if lowered is not None:
        before, after = score_answers(BANK, answers), score_answers(BANK, lowered)
        assert _no_higher(after.rung, before.rung)
        for old, new in zip(before.characteristics, after.characteristics, strict=True):
            assert old.score is None or (new.score is not None and new.score <= old.score)


@settings(max_examples=200, deadline=None)
@given(people=st.lists(ANSWERS, min_size=3, max_size=7), data=st.data())
def test_score_group_lowering_one_answer_never_raises_the_rung(
    people: list[Answers], data: st.DataObject
) -> None:
    who = data.draw(st.integers(min_value=0, max_value=len(people) - 1))
    lowered = _lower_one(data, people[who])
    if lowered is not None:
        before = score_group(BANK, people).result
        after = score_group(BANK, [*people[:who], lowered, *people[who + 1 :]]).result
        assert before is not None
        assert after is not None
        assert _no_higher(after.rung, before.rung)


@settings(max_examples=400, deadline=None)
@given(answers=ANSWERS)
def test_score_rung_never_claimed_without_its_essentials(answers: Answers) -> None:
    result = score_answers(BANK, answers)
    levels = {
        q.key: q.option(answers[q.key]).level for q in BANK.questions if answers[q.key] != NOT_SURE
    }
    if result.rung is not None and result.rung >= 5:
        assert levels.get("ep_options", 0) >= 5
        assert levels.get("fs_first", 0) >= 5
        assert levels.get("ia_needs", 0) >= 4
    if result.rung == 6:
        assert (levels.get("ep_decisions"), levels.get("fs_through")) == (6, 6)
        assert levels.get("ep_money", 0) >= 4
    assert result.coercion == (levels.get("fs_first") == 0)
    if result.coercion:
        assert result.rung == 0
    if result.rung is not None and result.base is not None:
        assert result.rung <= result.base


@settings(max_examples=100, deadline=None)
@given(answers=ANSWERS, data=st.data())
def test_score_ignores_the_order_answers_arrive_in(answers: Answers, data: st.DataObject) -> None:
    items = data.draw(st.permutations(list(answers.items())))
    assert score_answers(BANK, dict(items)) == score_answers(BANK, answers)
