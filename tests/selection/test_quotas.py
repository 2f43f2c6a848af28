from coproduce.selection.adapter import Problem, Quota
from coproduce.selection.quotas import Labels, blocking, preview, validate

LABELS = Labels({"disability": "Disability"}, {("disability", "disabled"): "Disabled"})


def people(n_disabled, n_not, n_not_given=0):
    rows = ["disabled"] * n_disabled + ["not_disabled"] * n_not + ["not_given"] * n_not_given
    return {f"p{i}": {"disability": v} for i, v in enumerate(rows)}


def quotas(**ranges):
    base = {
        "disabled": (0, 12),
        "not_disabled": (0, 12),
        "no_answer": (0, 12),
        "not_given": (0, 12),
    }
    base.update(ranges)
    return {"disability": {v: Quota(*r) for v, r in base.items()}}


def codes(issues):
    return [issue.code for issue in issues]


def test_good_quotas_have_no_issues():
    assert validate(Problem(people(6, 10), quotas(disabled=(2, 6)), 12), LABELS) == []


def test_minimums_adding_up_to_more_than_n():
    issues = validate(
        Problem(people(8, 10), quotas(disabled=(7, 12), not_disabled=(7, 12)), 12), LABELS
    )
    assert codes(issues) == ["minimums_too_high"]
    assert issues[0].message == (
        "The lowest numbers for Disability add up to 14, but the panel has only 12 seats. "
        "Make some of them smaller."
    )


def test_group_with_no_applicants():
    issues = validate(Problem(people(0, 20), quotas(disabled=(2, 6)), 12), LABELS)
    assert codes(issues) == ["group_too_small"]
    assert issues[0].message.startswith("Nobody in the pool is in the group Disabled (Disability)")


def test_group_smaller_than_its_minimum():
    issues = validate(Problem(people(1, 20), quotas(disabled=(2, 6)), 12), LABELS)
    assert issues[0].message == (
        "You asked for at least 2 people in the group Disabled (Disability), but only 1 "
        "applicant is in it."
    )


def test_more_seats_than_people():
    issues = validate(Problem(people(3, 3), quotas(), 12), LABELS)
    assert codes(issues)[0] == "too_few_people"
    assert issues[0].message == (
        "You asked for 12 people but only 6 have applied. Choose 6 or fewer, or find more "
        "applicants."
    )


def test_no_seats():
    issues = validate(Problem(people(3, 3), quotas(), 0), LABELS)
    assert codes(issues)[0] == "no_seats"
    assert issues[0].message == "Choose at least 1 place to fill."


def test_answers_the_same_but_for_capitals_or_spaces_block():
    pool = {**people(5, 10), "odd": {"disability": "Disabled "}}
    ranges = quotas(**{"Disabled ": (0, 12)})
    issues = validate(Problem(pool, ranges, 12), LABELS)
    assert codes(issues) == ["values_look_the_same"]
    assert issues[0].message == (
        "In Disability, the answers “Disabled ” and “Disabled” are the same apart from capital "
        "letters or spaces, so the selection cannot tell them apart. Take Disability out of "
        "this selection."
    )


def test_missing_values_are_a_note_not_a_block():
    issues = validate(Problem(people(5, 10, n_not_given=3), quotas(), 12), LABELS)
    assert codes(issues) == ["not_given"]
    assert blocking(issues) == []
    assert issues[0].message.startswith("3 applicants did not agree")


def test_a_value_without_a_range_blocks():
    pool = {**people(5, 10), "odd": {"disability": "unknown"}}
    assert codes(validate(Problem(pool, quotas(), 12), LABELS)) == ["value_without_range"]


def test_category_nobody_answered_blocks():
    issues = validate(Problem(people(0, 0, n_not_given=20), quotas(), 12), LABELS)
    assert "category_without_answers" in codes(issues)


def test_preview_shows_small_groups_near_certain():
    rows = {
        r.value: r
        for r in preview(Problem(people(3, 97), quotas(disabled=(2, 6)), 12), LABELS)["disability"]
    }
    assert rows["disabled"].applicants == 3
    assert rows["disabled"].near_certain
    assert rows["disabled"].above_average
    assert round(rows["disabled"].chance, 3) == 0.667
    assert round(rows["not_disabled"].chance, 3) == round(12 * 97 / 100 / 97, 3)
