"""The panel search (`adapter._Pricer`): our branch and bound on the LP relaxation must find
panels exactly as good as HiGHS' MIP on the library's model, and must not need the MIP."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sortition_algorithms.committee_generation import setup_committee_generation

from coproduce.selection import adapter, synthetic


def pricer_for(problem: adapter.Problem) -> tuple[adapter._Pricer, object]:
    features, people = adapter._library_input(problem)
    ilp, person_vars = setup_committee_generation(features, people, problem.seats, [], "highspy")
    adapter._exact_panel_search(ilp)
    return adapter._Pricer(ilp, person_vars, list(people)), ilp


def mip_best(pricer: adapter._Pricer, weights: np.ndarray) -> float:
    """The best panel's weight by HiGHS' MIP alone (gap 0)."""
    cost = np.zeros(pricer.width)
    cost[pricer.cols] = weights
    pricer.h.changeColsCost(pricer.width, pricer.every, cost)
    pricer.h.run()
    return float(pricer.h.getInfo().objective_function_value)


def weight_of(pricer: adapter._Pricer, panel: frozenset[str], weights: np.ndarray) -> float:
    return float(sum(weights[pricer.ids.index(p)] for p in panel))


@pytest.mark.parametrize("shape", ["random", "ties", "sparse"])
def test_best_panel_weighs_as_much_as_the_mip_finds(shape):
    problem = synthetic.problem(200, 30, categories=6, seed=2)
    pricer, _ilp = pricer_for(problem)
    rng = random.Random(shape)  # noqa: S311 -- test data
    for _ in range(15):
        if shape == "random":
            weights = np.array([rng.random() for _ in pricer.ids])
        elif shape == "ties":  # few distinct values: many equally good panels
            weights = np.array([rng.choice([0.0, 0.5, 1.0]) for _ in pricer.ids])
        else:  # like a fixing stage's weights: most people 0, the rest sum to 1
            weights = np.array([rng.random() if rng.random() < 0.2 else 0.0 for _ in pricer.ids])
            weights /= weights.sum()
        panel = pricer.best(weights)
        assert adapter.meets_quotas(sorted(panel), problem)
        assert weight_of(pricer, panel, weights) == pytest.approx(
            mip_best(pricer, weights), abs=1e-9
        )


def test_nothing_above_the_bar_means_no_panel_weighs_more():
    problem = synthetic.problem(200, 12, categories=5, seed=1)
    pricer, _ilp = pricer_for(problem)
    rng = random.Random(3)  # noqa: S311 -- test data
    for _ in range(10):
        weights = np.array([rng.random() for _ in pricer.ids])
        best = mip_best(pricer, weights)
        assert pricer.best_above(weights, best + 1e-6) is None
        panel = pricer.best_above(weights, best - 1e-3)
        assert panel is not None
        assert weight_of(pricer, panel, weights) == pytest.approx(best, abs=1e-9)


def test_a_whole_leximin_run_needs_no_mip():
    """The speed of issue 20: every panel came from the LP search (each MIP costs 20-90 ms)."""
    problem = synthetic.problem(200, 12, categories=5, seed=1)
    result = adapter.find_distribution(problem, seed=1)
    settings = result.provenance["settings"]
    assert settings["ilp_solves"] == 0
    assert settings["pricing_lp_solves"] > 0
