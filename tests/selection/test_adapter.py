"""The solver adapter: properties every result must have, and optimality against brute force."""

from __future__ import annotations

import itertools
import threading

import numpy as np
import pytest
from scipy.optimize import linprog

from coproduce.selection import adapter, synthetic
from coproduce.selection.adapter import Problem, Quota

TOL = 1e-5


def tiny() -> Problem:
    """12 people, 4 seats, two categories with a small group: small enough to enumerate."""
    values = [
        ("f", "young"), ("f", "young"), ("f", "old"), ("f", "old"), ("f", "old"),
        ("f", "old"), ("f", "old"), ("m", "old"), ("m", "old"), ("m", "young"),
        ("x", "old"), ("f", "old"),
    ]  # fmt: skip
    people = {f"p{i}": {"sex": s, "age": a} for i, (s, a) in enumerate(values)}
    quotas = {
        "sex": {"f": Quota(1, 3), "m": Quota(1, 2), "x": Quota(0, 1)},
        "age": {"young": Quota(1, 2), "old": Quota(2, 3)},
    }
    return Problem(people, quotas, 4)


def small() -> Problem:
    return synthetic.problem(60, 10, categories=3, seed=2)


def exact_leximin(problem: Problem) -> list[float]:
    """Leximin by brute force: every feasible panel, and one LP per person (scipy, not HiGHS
    through our code)."""
    ids = list(problem.people)
    panels = [
        c for c in itertools.combinations(ids, problem.seats) if adapter.meets_quotas(c, problem)
    ]
    a = np.array([[1.0 if p in c else 0.0 for c in panels] for p in ids])  # person x panel
    m = len(panels)
    fixed: dict[int, float] = {}
    while len(fixed) < len(ids):
        unfixed = [i for i in range(len(ids)) if i not in fixed]
        # maximise z: A_i x >= z (unfixed), A_i x >= p_i (fixed), sum x = 1
        c = np.zeros(m + 1)
        c[-1] = -1
        rows, rhs = [], []
        for i in unfixed:
            rows.append(np.append(-a[i], 1.0))
            rhs.append(0.0)
        for i, p in fixed.items():
            rows.append(np.append(-a[i], 0.0))
            rhs.append(-p + 1e-9)
        eq = [np.append(np.ones(m), 0.0)]
        z = -linprog(c, A_ub=rows, b_ub=rhs, A_eq=eq, b_eq=[1], bounds=[(0, None)] * (m + 1)).fun
        newly = []
        for i in unfixed:  # is i forced to z? maximise A_i x with everyone else held
            c2 = np.append(-a[i], 0.0)
            rows2 = [np.append(-a[j], 0.0) for j in unfixed] + [
                np.append(-a[j], 0.0) for j in fixed
            ]
            rhs2 = [-z + 1e-9] * len(unfixed) + [-p + 1e-9 for p in fixed.values()]
            bounds = [(0, None)] * (m + 1)
            best = -linprog(c2, A_ub=rows2, b_ub=rhs2, A_eq=eq, b_eq=[1], bounds=bounds).fun
            if best <= z + 1e-7:
                newly.append(i)
        for i in newly:
            fixed[i] = z
    return sorted(fixed.values())


@pytest.fixture(scope="module")
def tiny_results():
    problem = tiny()
    return problem, {
        alg: adapter.find_distribution(problem, algorithm=alg, seed=7) for alg in adapter.ALGORITHMS
    }


@pytest.fixture(scope="module")
def small_results():
    problem = small()
    return problem, {
        alg: adapter.find_distribution(problem, algorithm=alg, seed=11)
        for alg in adapter.ALGORITHMS
    }


@pytest.mark.parametrize("alg", adapter.ALGORITHMS)
def test_every_panel_in_support_meets_every_quota(alg, tiny_results, small_results):
    for problem, results in (tiny_results, small_results):
        result = results[alg]
        assert result.panels
        assert all(adapter.meets_quotas(panel, problem) for panel in result.panels)
        assert abs(sum(result.weights) - 1) < 1e-9


@pytest.mark.parametrize("alg", adapter.ALGORITHMS)
def test_probabilities_sum_to_seats(alg, tiny_results, small_results):
    for problem, results in (tiny_results, small_results):
        assert abs(sum(results[alg].marginals.values()) - problem.seats) < 1e-6


def test_leximin_equals_brute_force_leximin(tiny_results):
    problem, results = tiny_results
    expected = exact_leximin(problem)
    got = results["leximin"].sorted_profile()
    assert np.allclose(got, expected, atol=TOL), (got, expected)


def test_minimum_equals_maximin_optimum(tiny_results, small_results):
    problem, results = tiny_results
    optimum = exact_leximin(problem)[0]
    assert abs(results["leximin"].sorted_profile()[0] - optimum) < TOL
    assert abs(results["maximin"].sorted_profile()[0] - optimum) < TOL
    _problem, results = small_results
    assert (
        abs(results["leximin"].sorted_profile()[0] - results["maximin"].sorted_profile()[0]) < TOL
    )


def test_leximin_profile_is_never_lexicographically_worse_than_maximin(small_results):
    """Sorted, the first place the two differ (beyond rounding) must favour leximin.

    Both sum to N, so leximin cannot be higher at every place: where it lifts the lowest
    chances, some high ones come down. That is the point of it.
    """
    _problem, results = small_results
    ours, theirs = results["leximin"].sorted_profile(), results["maximin"].sorted_profile()
    for mine, library in zip(ours, theirs, strict=True):
        if abs(mine - library) > TOL:
            assert mine > library
            break
    assert adapter.gini(ours) <= adapter.gini(theirs) + TOL


def test_results_say_honestly_how_they_were_made(tiny_results):
    _problem, results = tiny_results
    for alg, result in results.items():
        provenance = result.provenance
        assert provenance["algorithm"] == alg
        assert provenance["solver"] == "highspy"
        assert provenance["library"] == "sortition-algorithms"
        assert provenance["library_version"] == "0.12.15"
        assert provenance["randomness"] == "seed"
        assert provenance["seed"] == 7
        assert provenance["seconds"] >= 0
    assert results["maximin"].provenance["settings"]["implementation"] == (
        "sortition_algorithms.committee_generation.maximin (its steps, panels in a fixed "
        "order, MIP gap 0)"
    )
    leximin = results["leximin"].provenance["settings"]
    assert "coproduce" in leximin["implementation"]
    assert leximin["relaxations"] == 0
    assert leximin["largest_relaxation"] == leximin["final_shortfall"] <= 1e-9


def test_same_seed_gives_same_lottery():
    problem = tiny()
    one = adapter.find_distribution(problem, seed=99)
    two = adapter.find_distribution(problem, seed=99)
    assert one.panels == two.panels
    assert one.weights == two.weights


def test_random_source_goes_back_to_secrets_after_a_seeded_run():
    from sortition_algorithms.utils import GenSecrets, random_provider

    adapter.find_distribution(tiny(), seed=5)
    assert isinstance(random_provider(), GenSecrets)
    assert adapter.find_distribution(tiny()).provenance["randomness"] == "secure"


def test_two_selections_never_run_at_once_in_one_process():
    finished = threading.Event()

    def run():
        adapter.find_distribution(tiny(), algorithm="maximin")
        finished.set()

    with adapter._LOCK:
        worker = threading.Thread(target=run)
        worker.start()
        assert not finished.wait(0.5)  # waits for the lock
    worker.join(30)
    assert finished.is_set()


def test_someone_in_no_possible_panel_gets_zero_and_is_named():
    problem = tiny()
    quotas = {**problem.quotas, "sex": {**problem.quotas["sex"], "x": Quota(0, 0)}}
    result = adapter.find_distribution(Problem(problem.people, quotas, 4), seed=3)
    assert result.never_possible == ["p10"]
    assert result.marginals["p10"] == 0
    assert abs(sum(result.marginals.values()) - 4) < 1e-6


def test_infeasible_quotas_give_the_smallest_change():
    # Each category is fine alone, but the only young people are women: at least 2 young
    # and at most 1 woman cannot both hold.
    people = {
        "a": {"sex": "f", "age": "young"},
        "b": {"sex": "f", "age": "young"},
        "c": {"sex": "m", "age": "old"},
        "d": {"sex": "m", "age": "old"},
        "e": {"sex": "m", "age": "old"},
    }
    quotas = {
        "sex": {"f": Quota(0, 1), "m": Quota(0, 3)},
        "age": {"young": Quota(2, 2, floor=2), "old": Quota(0, 3)},
    }
    with pytest.raises(adapter.QuotasInfeasible) as caught:
        adapter.find_distribution(Problem(people, quotas, 3))
    assert caught.value.within_limits
    assert caught.value.changes == [adapter.Change("sex", "f", "max", 1, 2)]


def test_infeasible_beyond_the_limits_says_so():
    people = {
        "a": {"sex": "f", "age": "young"},
        "b": {"sex": "f", "age": "young"},
        "c": {"sex": "m", "age": "old"},
    }
    quotas = {
        "sex": {"f": Quota(0, 1, ceiling=1), "m": Quota(0, 3)},
        "age": {"young": Quota(2, 2, floor=2), "old": Quota(0, 3)},
    }
    with pytest.raises(adapter.QuotasInfeasible) as caught:
        adapter.find_distribution(Problem(people, quotas, 2))
    assert caught.value.changes == []
    assert not caught.value.within_limits


def test_more_people_than_applied_is_refused_in_plain_words_before_any_solver(monkeypatch):
    monkeypatch.setattr(adapter, "setup_committee_generation", lambda *a: pytest.fail("solved"))
    problem = tiny()
    with pytest.raises(adapter.BadInput) as caught:
        adapter.find_distribution(Problem(problem.people, problem.quotas, 13))
    assert caught.value.lines == ["You asked for 13 people but only 12 have applied."]
    with pytest.raises(adapter.BadInput) as caught:
        adapter.find_distribution(Problem(problem.people, problem.quotas, 0))
    assert caught.value.lines == ["You asked for 0 people. Choose at least 1."]


def test_values_that_differ_only_in_capitals_or_spaces_are_refused():
    """The library would merge "f" and "F " and then break the quotas we asked for."""
    problem = tiny()
    people = {p: dict(v) for p, v in problem.people.items()}
    people["p0"]["sex"] = people["p1"]["sex"] = "F "
    quotas = {**problem.quotas, "sex": {**problem.quotas["sex"], "F ": Quota(0, 0)}}
    with pytest.raises(adapter.BadInput) as caught:
        adapter.find_distribution(Problem(people, quotas, 4), algorithm="maximin")
    assert caught.value.lines == [
        "In sex, the values 'F ' and 'f' differ only in capitals or spaces. Make them the "
        "same, or clearly different."
    ]
    spaced = {**problem.quotas, "Sex ": problem.quotas["sex"]}
    people = {p: {**v, "Sex ": v["sex"]} for p, v in problem.people.items()}
    with pytest.raises(adapter.BadInput) as caught:
        adapter.find_distribution(Problem(people, spaced, 4))
    assert caught.value.lines == ["The categories Sex  and sex differ only in capitals or spaces."]


def test_gini():
    assert adapter.gini([0.1, 0.1, 0.1]) == pytest.approx(0)
    assert adapter.gini([0, 0, 0, 1]) == pytest.approx(0.75)
