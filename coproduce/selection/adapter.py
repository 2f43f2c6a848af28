"""The one door to the sortition-algorithms library (GPL-3.0, pinned in pyproject.toml).

Nothing else in Coproduce imports `sortition_algorithms`. This module is plain Python (no
Django), so the benchmark and the tests can call it directly.

Two algorithms, both on the open HiGHS solver (`highspy`, the library's own dependency):

- "leximin" (our default), built here on the library's committee generation, following
  Flanigan et al., Nature 596 (2021), Methods: maximise the smallest selection probability,
  fix the probabilities that are then forced, maximise the next smallest, and so on. The
  library's own leximin needs the commercial Gurobi and quietly becomes maximin without it,
  so we never call it. Each stage solves the paper's dual LP with HiGHS' interior point
  method with crossover off (it gives the strictly complementary solutions the fixing rule
  needs); new panels come from the library's ILP (column generation).
- "maximin": the library's `find_distribution_maximin`, unchanged.

Every result says which algorithm, solver, library version and settings made it.

The library keeps its random source in a module-level global, so `_LOCK` makes sure only one
selection runs at a time in a process, and the source is put back to `secrets` afterwards.
"""

from __future__ import annotations

import importlib.metadata
import logging
import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np
from sortition_algorithms import errors as sa_errors
from sortition_algorithms.committee_generation import (
    find_distribution_maximin,
    setup_committee_generation,
)
from sortition_algorithms.features import read_in_features
from sortition_algorithms.people import read_in_people
from sortition_algorithms.settings import Settings
from sortition_algorithms.utils import set_random_provider

LIBRARY = "sortition-algorithms"
LIBRARY_VERSION = importlib.metadata.version(LIBRARY)
SOLVER = "highspy"
SOLVER_VERSION = importlib.metadata.version("highspy")
ALGORITHMS = ("leximin", "maximin")

# A panel P is missing from the restricted LP when its members' dual weights add up to more
# than the cap plus this: the smallest probability is then within this of the optimum.
TOLERANCE = 1e-6
# When fixing, a dual weight counts as positive above this share of an even split: not fixing
# is always safe (just slower); fixing on noise would be wrong.
FIX_SHARE = 1e-3

_LOCK = threading.Lock()

# The library logs every step at INFO to its own handler; our records say what matters.
for _name in ("sortition_algorithms", "sortition_algorithms_user"):
    logging.getLogger(_name).setLevel(logging.WARNING)

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Quota:
    """At least `min` and at most `max` seats for one value; `floor`..`ceiling` bound any change."""

    min: int
    max: int
    floor: int = 0
    ceiling: int | None = None  # None: as high as the panel


@dataclass(frozen=True)
class Problem:
    """People (id -> category -> value), quotas (category -> value -> Quota) and seats."""

    people: Mapping[str, Mapping[str, str]]
    quotas: Mapping[str, Mapping[str, Quota]]
    seats: int


@dataclass
class Distribution:
    """A lottery over panels: each panel (sorted ids) with its probability."""

    panels: list[tuple[str, ...]]
    weights: list[float]
    marginals: dict[str, float]
    provenance: dict[str, Any]
    never_possible: list[str] = field(default_factory=list)  # in no panel that meets the quotas

    def sorted_profile(self) -> list[float]:
        return sorted(self.marginals.values())


@dataclass(frozen=True)
class Change:
    category: str
    value: str
    bound: str  # "min" or "max"
    old: int
    new: int


class QuotasInfeasible(Exception):
    """No panel meets every quota. `changes` is the smallest fix within the limits, if any."""

    def __init__(self, changes: list[Change], *, within_limits: bool) -> None:
        super().__init__("quotas infeasible")
        self.changes = changes
        self.within_limits = within_limits


class BadInput(Exception):
    """The library refused the input. `quotas.validate` should have caught it first."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _no_progress(fraction: float, message: str) -> None:
    return None


class _Reporter:
    """The library's ProgressReporter protocol, mapped onto one part of our progress bar."""

    def __init__(self, progress: Progress, start: float, end: float) -> None:
        self.progress, self.start, self.end = progress, start, end
        self.total: int | None = None
        self.last = -1.0

    def start_phase(
        self, name: str, total: int | None = None, *, message: str | None = None
    ) -> None:
        self.total = total

    def update(self, current: int, *, message: str | None = None) -> None:
        # A convergence loop of unknown length (no total) creeps towards the end.
        share = min(1.0, current / self.total) if self.total else 1 - 1 / (1 + current / 10)
        fraction = self.start + (self.end - self.start) * share
        if fraction - self.last >= 0.01:
            self.last = fraction
            self.progress(fraction, "searching")

    def end_phase(self) -> None:
        return None


def _library_input(problem: Problem) -> tuple[Any, Any]:
    seats = problem.seats
    rows = [
        {
            "feature": category,
            "value": value,
            "min": str(quota.min),
            "max": str(quota.max),
            "min_flex": str(quota.floor),
            "max_flex": str(max(seats, quota.max) if quota.ceiling is None else quota.ceiling),
        }
        for category, values in problem.quotas.items()
        for value, quota in values.items()
    ]
    categories = list(problem.quotas)
    settings = Settings(id_column="id", columns_to_keep=[])
    try:
        features, _, _ = read_in_features(
            ["feature", "value", "min", "max", "min_flex", "max_flex"], rows, number_to_select=seats
        )
        people_rows = [
            {"id": person_id, **{c: values.get(c, "") for c in categories}}
            for person_id, values in problem.people.items()
        ]
        people, _ = read_in_people(["id", *categories], people_rows, features, settings)
    except sa_errors.SelectionMultilineError as error:
        raise BadInput(str(error).splitlines()) from error
    return features, people


def _changes(problem: Problem, relaxed: Any) -> list[Change]:
    changes = []
    for category, values in problem.quotas.items():
        for value, quota in values.items():
            new = relaxed[category][value]
            if new.min != quota.min:
                changes.append(Change(category, value, "min", quota.min, new.min))
            if new.max != quota.max:
                changes.append(Change(category, value, "max", quota.max, new.max))
    return changes


def _provenance(algorithm: str, seed: int | None, **settings: Any) -> dict[str, Any]:
    return {
        "algorithm": algorithm,
        "solver": SOLVER,
        "solver_version": SOLVER_VERSION,
        "library": LIBRARY,
        "library_version": LIBRARY_VERSION,
        "randomness": "seed" if seed else "secure",
        "seed": seed or None,
        "settings": settings,
    }


def find_distribution(
    problem: Problem,
    *,
    algorithm: str = "leximin",
    seed: int | None = None,
    progress: Progress = _no_progress,
    warm_start_rounds: int | None = None,
) -> Distribution:
    """The fair lottery over panels that meet every quota.

    `seed` (a positive int) makes the run repeatable; without it the library's randomness
    comes from `secrets`. Raises QuotasInfeasible (with the smallest change within each
    quota's floor and ceiling) or BadInput. Holds the process-wide lock throughout.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}")
    with _LOCK:
        set_random_provider(seed or None)
        try:
            started = time.perf_counter()
            features, people = _library_input(problem)
            try:
                if algorithm == "maximin":
                    distribution = _maximin(features, people, problem.seats, seed, progress)
                else:
                    distribution = _leximin(
                        features, people, problem.seats, seed, progress, warm_start_rounds
                    )
            except sa_errors.InfeasibleQuotasError as error:
                raise QuotasInfeasible(
                    _changes(problem, error.features), within_limits=True
                ) from error
            except sa_errors.InfeasibleQuotasCantRelaxError as error:
                raise QuotasInfeasible([], within_limits=False) from error
            distribution.provenance["seconds"] = round(time.perf_counter() - started, 3)
            return distribution
        finally:
            set_random_provider(None)  # back to `secrets` for whoever comes next


def _finish(
    panels: Sequence[frozenset[str]],
    weights: Sequence[float],
    people_ids: Sequence[str],
    provenance: dict[str, Any],
    never_possible: list[str],
) -> Distribution:
    kept = [(tuple(sorted(p)), float(w)) for p, w in zip(panels, weights, strict=True) if w > 1e-9]
    total = sum(w for _, w in kept)
    kept = [(p, w / total) for p, w in kept]
    marginals = dict.fromkeys(people_ids, 0.0)
    for panel, weight in kept:
        for person in panel:
            marginals[person] += weight
    return Distribution(
        panels=[p for p, _ in kept],
        weights=[w for _, w in kept],
        marginals=marginals,
        provenance=provenance,
        never_possible=never_possible,
    )


def _maximin(
    features: Any, people: Any, seats: int, seed: int | None, progress: Progress
) -> Distribution:
    progress(0.02, "checking")
    reporter = _Reporter(progress, 0.05, 0.95)
    panels, weights, _report = find_distribution_maximin(
        features, people, seats, [], SOLVER, progress_reporter=reporter
    )
    covered = set().union(*panels) if panels else set()
    never = sorted(p for p in people if p not in covered)
    provenance = _provenance(
        "maximin",
        seed,
        implementation="sortition_algorithms.committee_generation.find_distribution_maximin",
        warm_start_rounds=people.count,
    )
    progress(1.0, "done")
    return _finish(panels, weights, list(people), provenance, never)


# LEXIMIN on HiGHS


class _DualStage:
    """The paper's dual LP for one stage, restricted to the panels found so far:

    minimise  ŷ - Σ_{i fixed} p_i·y_i
    such that Σ_{i ∈ P} y_i ≤ ŷ   for every panel P found
              Σ_{i not fixed} y_i = 1
              y ≥ 0, ŷ ≥ 0

    Its optimum is the largest z such that every unfixed person has probability ≥ z while
    every fixed person keeps p_i. A person with y_i > 0 is at z in every optimal lottery, so
    their probability can be fixed (strict complementarity; crossover off keeps the interior
    point solution strictly complementary). Panels are added with dual simplex, which
    re-solves fast; the last solve of a stage is interior point.
    """

    def __init__(
        self, ids: list[str], panels: list[frozenset[str]], fixed: dict[str, float], seed: int
    ) -> None:
        self.ids = ids
        self.index = {person: i for i, person in enumerate(ids)}
        self.cap = len(ids)  # column of ŷ
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("solver", "simplex")
        self.interior = False
        h.setOptionValue("random_seed", seed % 2_147_483_647)
        n = len(ids)
        inf = highspy.kHighsInf
        h.addVars(n + 1, np.zeros(n + 1), np.full(n + 1, inf))
        costs = np.array([-fixed.get(person, 0.0) for person in ids] + [1.0])
        h.changeColsCost(n + 1, np.arange(n + 1, dtype=np.int32), costs)
        unfixed = np.array([i for i, p in enumerate(ids) if p not in fixed], dtype=np.int32)
        h.addRow(1.0, 1.0, len(unfixed), unfixed, np.ones(len(unfixed)))
        self.h = h
        self.add_panels(panels)

    def add_panels(self, panels: Sequence[frozenset[str]]) -> None:
        if not panels:
            return
        starts: list[int] = []
        indices: list[int] = []
        values: list[float] = []
        for panel in panels:
            starts.append(len(indices))
            indices.extend(self.index[p] for p in panel)
            values.extend([1.0] * len(panel))
            indices.append(self.cap)
            values.append(-1.0)
        m = len(panels)
        self.h.addRows(
            m,
            np.full(m, -highspy.kHighsInf),
            np.zeros(m),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(values),
        )

    def use_interior(self) -> None:
        """Switch from dual simplex (fast to re-solve after adding panels) to interior point."""
        self.h.setOptionValue("solver", "ipm")
        self.h.setOptionValue("run_crossover", "off")
        self.interior = True

    def solve(self) -> tuple[bool, np.ndarray, float, float]:
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return False, np.zeros(0), 0.0, 0.0
        values = np.asarray(self.h.getSolution().col_value)
        weights = np.maximum(values[: self.cap], 0.0)
        objective = float(self.h.getInfo().objective_function_value)
        return True, weights, float(values[self.cap]), objective


def _final_lottery(
    ids: list[str], panels: list[frozenset[str]], fixed: dict[str, float]
) -> list[float]:
    """Weights on the panels that give everyone their fixed probability (to rounding).

    minimise ε such that Σ_{P ∋ i} x_P ≥ p_i - ε for all i, Σ x_P = 1, x ≥ 0. Simplex ends
    at a vertex, so few panels get weight.
    """
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    m = len(panels)
    inf = highspy.kHighsInf
    h.addVars(m + 1, np.zeros(m + 1), np.array([1.0] * m + [inf]))
    h.changeColCost(m, 1.0)
    h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
    members: dict[str, list[int]] = {person: [] for person in ids}
    for j, panel in enumerate(panels):
        for person in panel:
            members[person].append(j)
    for person in ids:
        cols = [*members[person], m]
        vals = [1.0] * len(members[person]) + [1.0]
        h.addRow(fixed[person], inf, len(cols), np.array(cols, dtype=np.int32), np.array(vals))
    h.run()
    solution = list(h.getSolution().col_value)[:m]
    return [max(0.0, w) for w in solution]


class _Pricer:
    """Finds the panel that meets the quotas with the largest total weight.

    It drives the library's HiGHS model (from `setup_committee_generation`) through highspy's
    array calls: the library's own path builds a Python expression of every person for each
    solve and reads each person's value one call at a time, which at a pool of 200 costs more
    than the solve itself. Pinned library version, so reading `_h` is safe; the tests cover it.
    """

    def __init__(self, ilp: Any, person_vars: Mapping[str, Any], ids: list[str]) -> None:
        self.h = ilp._h
        self.ids = ids
        self.cols = np.array([person_vars[p].index for p in ids], dtype=np.int32)
        self.width = self.h.getNumCol()
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.solves = 0

    def best(self, weights: np.ndarray) -> frozenset[str]:
        cost = np.zeros(self.width)
        cost[self.cols] = weights
        self.h.changeColsCost(self.width, np.arange(self.width, dtype=np.int32), cost)
        self.h.run()
        self.solves += 1
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError("the panel search did not finish")
        chosen = np.asarray(self.h.getSolution().col_value)[self.cols] > 0.5
        return frozenset(self.ids[i] for i in np.flatnonzero(chosen))


def _warm_start(
    pricer: _Pricer, ids: list[str], rounds: int, rng: Any, progress: Progress
) -> tuple[list[frozenset[str]], set[str]]:
    """A varied first set of panels, by multiplicative weights (the paper's warm start).

    Then one panel for each person not yet in any, where one exists; the rest can never be
    chosen under these quotas.
    """
    n = len(ids)
    weights = np.array([rng.uniform(0.99, 1.0) for _ in ids])
    index = {p: i for i, p in enumerate(ids)}
    panels: list[frozenset[str]] = []
    known: set[frozenset[str]] = set()
    for round_ in range(rounds):
        panel = pricer.best(weights)
        if panel in known:
            weights = 0.9 * weights + 0.1
        else:
            known.add(panel)
            panels.append(panel)
            weights[[index[p] for p in panel]] *= 0.8
        weights *= n / weights.sum()
        if round_ % 10 == 0:
            progress(0.05 + 0.3 * round_ / max(rounds, 1), "searching")
    covered = set().union(*panels) if panels else set()
    for person in ids:
        if person in covered:
            continue
        only = np.zeros(n)
        only[index[person]] = 1.0
        panel = pricer.best(only)
        if person in panel:
            covered |= panel
            if panel not in known:
                known.add(panel)
                panels.append(panel)
    return panels, covered


def _leximin(
    features: Any,
    people: Any,
    seats: int,
    seed: int | None,
    progress: Progress,
    warm_start_rounds: int | None,
) -> Distribution:
    import random
    import secrets

    rng: Any = random.Random(seed) if seed else secrets.SystemRandom()  # noqa: S311 -- seeded only when the coordinator asks for a repeatable draw
    progress(0.02, "checking")
    # The library's ILP over panels that meet the quotas; it raises InfeasibleQuotasError
    # (with the smallest relaxation) when there is none.
    ilp, person_vars = setup_committee_generation(features, people, seats, [], SOLVER)
    ids = list(people)
    n = len(ids)
    pricer = _Pricer(ilp, person_vars, ids)
    rounds = n if warm_start_rounds is None else warm_start_rounds
    clock = time.perf_counter()
    panels, covered = _warm_start(pricer, ids, rounds, rng, progress)
    timings = {"warm_start": time.perf_counter() - clock}
    clock = time.perf_counter()
    known = set(panels)
    # Nobody can give probability to someone who is in no panel that meets the quotas.
    fixed: dict[str, float] = {person: 0.0 for person in ids if person not in covered}
    never = sorted(fixed)
    stages = lp_solves = relaxations = 0
    while len(fixed) < n:
        stages += 1
        dual = _DualStage(ids, panels, fixed, rng.randrange(2**31 - 1))
        while True:
            lp_solves += 1
            ok, weights, cap, objective = dual.solve()
            if not ok:
                # Rounding made the fixed probabilities just out of reach: ease them all a
                # little and rebuild, as the paper's code does.
                relaxations += 1
                for person in fixed:
                    fixed[person] = max(0.0, fixed[person] - 1e-6)
                dual = _DualStage(ids, panels, fixed, rng.randrange(2**31 - 1))
                continue
            found = _violated_panels(pricer, weights, cap, known)
            if found:
                panels.extend(found)
                known.update(found)
                dual.add_panels(found)
                continue
            if not dual.interior:
                # Converged on a vertex: solve once more from the inside, so the weights are
                # positive for everyone who is forced (fixes many people per stage).
                dual.use_interior()
                continue
            break
        unfixed = [i for i, p in enumerate(ids) if p not in fixed]
        threshold = FIX_SHARE / len(unfixed)
        newly = [i for i in unfixed if weights[i] > threshold]
        if not newly:  # always at least one: the largest weight is ≥ 1/len(unfixed) > 0
            newly = [max(unfixed, key=lambda i: weights[i])]
        level = max(0.0, objective)
        for i in newly:
            fixed[ids[i]] = level
        progress(0.35 + 0.6 * len(fixed) / n, "fixing")
    timings["stages"] = time.perf_counter() - clock
    clock = time.perf_counter()
    weights_final = _final_lottery(ids, panels, fixed)
    timings["final_lp"] = time.perf_counter() - clock
    provenance = _provenance(
        "leximin",
        seed,
        implementation="coproduce.selection.adapter._leximin (column generation on HiGHS)",
        warm_start_rounds=rounds,
        tolerance=TOLERANCE,
        fix_share=FIX_SHARE,
        stages=stages,
        lp_solves=lp_solves,
        ilp_solves=pricer.solves,
        relaxations=relaxations,
        panels_generated=len(panels),
        seconds_by_step={step: round(seconds, 3) for step, seconds in timings.items()},
    )
    progress(1.0, "done")
    return _finish(panels, weights_final, ids, provenance, never)


def _violated_panels(
    pricer: _Pricer, weights: np.ndarray, cap: float, known: set[frozenset[str]], extra: int = 5
) -> list[frozenset[str]]:
    """Panels the current dual solution wrongly allows (weight above the cap), if any.

    The first is the most violated; then, like the library's maximin heuristic, scale down
    that panel's weights and look again, to add a few panels per LP solve.
    """
    found: list[frozenset[str]] = []
    index = {p: i for i, p in enumerate(pricer.ids)}
    weights = weights.copy()
    for _ in range(1 + extra):
        panel = pricer.best(weights)
        members = [index[p] for p in panel]
        value = float(weights[members].sum())
        if value <= cap + TOLERANCE or panel in known or panel in found:
            break
        found.append(panel)
        weights[members] *= cap / value
        total = weights.sum()
        if total <= 0:
            break
        weights /= total
        cap /= total
    return found


# Measures, for the result page and the benchmark.


def gini(values: Sequence[float]) -> float:
    """The Gini coefficient: 0 when everyone has the same chance."""
    ordered = sorted(values)
    n = len(ordered)
    total = sum(ordered)
    if n == 0 or total <= 0:
        return 0.0
    weighted = sum((i + 1) * v for i, v in enumerate(ordered))
    return (2 * weighted) / (n * total) - (n + 1) / n


def meets_quotas(panel: Sequence[str], problem: Problem) -> bool:
    """True when this panel has the right size and every value is within its range."""
    if len(set(panel)) != problem.seats or len(panel) != problem.seats:
        return False
    for category, values in problem.quotas.items():
        for value, quota in values.items():
            count = sum(1 for p in panel if problem.people[p].get(category) == value)
            if not quota.min <= count <= quota.max:
                return False
    return True


def is_close(a: float, b: float, tolerance: float = 1e-4) -> bool:
    return math.isclose(a, b, abs_tol=tolerance)
