"""The one door to the sortition-algorithms library (GPL-3.0, pinned in pyproject.toml).

Nothing else in Coproduce imports `sortition_algorithms`. This module is plain Python (no
Django), so the benchmark and the tests can call it directly.

Two algorithms, both on the open HiGHS solver (`highspy`, the library's own dependency):

- "leximin" (our default), built here on the library's committee generation, following
  Flanigan et al., Nature 596 (2021), Methods: maximise the smallest selection probability,
  fix the probabilities that are then forced, maximise the next smallest, and so on. The
  library's own leximin needs the commercial Gurobi and quietly becomes maximin without it,
  so we never call it. Each stage solves the paper's dual LP with HiGHS: dual simplex for
  the stage's level (a verified optimum), then interior point with crossover off for the
  strictly complementary weights the fixing rule needs (see `_DualStage`); new panels come
  from the library's ILP (column generation), solved exactly by our own branch and bound on
  its LP relaxation, with HiGHS' MIP (gap 0) as the fallback (see `_Pricer`).
- "maximin": the library's maximin (`committee_generation.maximin`), its own steps, with
  panels and people in a fixed order so that a seeded run repeats (see `_maximin`).

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
from sortition_algorithms.committee_generation import maximin as library_maximin
from sortition_algorithms.committee_generation import setup_committee_generation
from sortition_algorithms.committee_generation.common import generate_initial_committees
from sortition_algorithms.features import read_in_features
from sortition_algorithms.people import read_in_people
from sortition_algorithms.settings import Settings
from sortition_algorithms.utils import RunReport, set_random_provider

LIBRARY = "sortition-algorithms"
LIBRARY_VERSION = importlib.metadata.version(LIBRARY)
SOLVER = "highspy"
SOLVER_VERSION = importlib.metadata.version("highspy")
ALGORITHMS = ("leximin", "maximin")

# A panel P is missing from the restricted LP when its members' dual weights add up to more
# than the cap plus this: each stage's level is then within this of the optimum.
TOLERANCE = 1e-9
# The interior weights only choose whom to fix (the level comes from the vertex). Interior
# point spreads tiny weights (1e-12 to 1e-9) over everyone, and panels of those go over the
# cap by 1e-8 to 1e-6; chasing each of them costs a panel, a simplex and an interior point
# solve, and cannot move a weight across FIX_SHARE's threshold (over 1e-6).
INSIDE_TOLERANCE = 1e-6
# LP feasibility tolerances for the stage and final LPs (HiGHS' default is 1e-7).
LP_TOLERANCE = 1e-9
# Each fixed chance is set this far below the stage's verified optimum, so that rounding in
# the solver cannot put the fixed chances out of reach in the next stage.
LEVEL_MARGIN = 1e-9
# When fixed chances are out of reach after all, they are lowered by the first of these
# steps that makes the next stage solvable; the largest step used is recorded.
RELAXATION_STEPS = (1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4)
# A relaxation (or a final shortfall) above this is shown to the coordinator.
SHOWN_RELAXATION = 1e-8
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
    """The input cannot be used: `check_problem` found it (before any solver), or the library
    refused it. In the app, `quotas.validate` catches all of it first, in translated words."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def same_words(text: str) -> str:
    """What the library compares: it ignores capitals and spaces at the ends; we also treat
    runs of spaces inside as one, as people do."""
    return " ".join(text.split()).casefold()


def _clashes(names: Sequence[str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(same_words(name), []).append(name)
    return [sorted(group) for group in groups.values() if len(group) > 1]


def check_problem(problem: Problem) -> list[str]:
    """Everything that makes a problem unusable, in plain words, found without a solver.

    The library would refuse some of these with a message about quotas, and would quietly
    merge categories or values that differ only in capitals or spaces, after which its
    panels can break our own quotas (`meets_quotas`). So we refuse them all first.
    """
    lines: list[str] = []
    seats, pool = problem.seats, len(problem.people)
    if seats < 1:
        lines.append(f"You asked for {seats} people. Choose at least 1.")
    elif seats > pool:
        lines.append(f"You asked for {seats} people but only {pool} have applied.")
    for group in _clashes(list(problem.quotas)):
        lines.append(f"The categories {' and '.join(group)} differ only in capitals or spaces.")
    for category, quotas in problem.quotas.items():
        given = {values.get(category, "") for values in problem.people.values()}
        for group in _clashes(sorted(given | set(quotas))):
            lines.append(
                f"In {category}, the values {' and '.join(repr(v) for v in group)} differ only "
                "in capitals or spaces. Make them the same, or clearly different."
            )
        missing = sorted(given - set(quotas))
        if missing:
            shown = ", ".join(value or "(blank)" for value in missing)
            lines.append(f"In {category}, these values have no range: {shown}.")
    return lines


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
    comes from `secrets`. Raises BadInput (before any solver: `check_problem`),
    QuotasInfeasible (with the smallest change within each quota's floor and ceiling).
    Holds the process-wide lock throughout.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}")
    problems = check_problem(problem)
    if problems:
        raise BadInput(problems)
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
    """The lottery in its one fixed order: panels as sorted ids, the panels sorted.

    A fixed order is what makes a seeded draw repeatable: the draw walks the weights in
    this order, and the published lottery file lists them in it.
    """
    kept = sorted(
        (tuple(sorted(p)), float(w)) for p, w in zip(panels, weights, strict=True) if w > 1e-12
    )
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


def _exact_panel_search(ilp: Any) -> None:
    """Make HiGHS find the best panel, not one within 0.01 % of it.

    With its default MIP gap HiGHS may stop at any panel close enough, and which one depends
    on timing: the same seed then gives a different lottery. A near-best panel can also hide
    a panel the LP still needs, so the result would not be exactly LEXIMIN.
    """
    ilp._h.setOptionValue("mip_rel_gap", 0.0)
    ilp._h.setOptionValue("mip_abs_gap", 0.0)


class _InOrder(set):
    """A set that is walked in the order things were added, whatever the string hashing."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__()
        self._order: dict[Any, None] = {}
        for item in items:
            self.add(item)

    def add(self, item: Any) -> None:
        super().add(item)
        self._order.setdefault(item, None)

    def update(self, *others: Any) -> None:
        for other in others:
            for item in other:
                self.add(item)

    def __iter__(self) -> Any:
        return iter(list(self._order))


class _FrozenInOrder(frozenset):
    """A frozenset walked in a given order."""

    _order: tuple[Any, ...]

    def __new__(cls, items: Sequence[Any]) -> _FrozenInOrder:
        made = super().__new__(cls, items)
        made._order = tuple(items)
        return made

    def __iter__(self) -> Any:
        return iter(self._order)


def _maximin(
    features: Any, people: Any, seats: int, seed: int | None, progress: Progress
) -> Distribution:
    """The library's maximin (its own functions, in its order of steps), made repeatable.

    `find_distribution_maximin` keeps panels and people in Python sets, whose order follows
    string hashing and so changes from one process to the next; the LPs it builds, and so
    the lottery, changed with it. Here the same steps get the panels in a fixed order (sorted
    first, then as found) and the people in pool order.
    """
    progress(0.02, "checking")
    reporter = _Reporter(progress, 0.05, 0.95)
    ilp, agent_vars = setup_committee_generation(features, people, seats, [], SOLVER)
    _exact_panel_search(ilp)
    found, covered, _report = generate_initial_committees(
        ilp, agent_vars, people.count, progress_reporter=reporter
    )
    committees = _InOrder(sorted(found, key=lambda c: sorted(c)))
    covered_in_order = _FrozenInOrder([p for p in people if p in covered])
    incremental, incremental_vars, upper = library_maximin._setup_maximin_incremental_model(
        committees, covered_in_order, SOLVER
    )
    panels, weights, _report = library_maximin._run_maximin_optimization_loop(
        new_committee_solver=ilp,
        agent_vars=agent_vars,
        incremental_solver=incremental,
        incr_agent_vars=incremental_vars,
        upper_bound_var=upper,
        committees=committees,
        covered_agents=covered_in_order,
        report=RunReport(),
        solver_backend=SOLVER,
        progress_reporter=reporter,
    )
    never = sorted(p for p in people if p not in covered)
    provenance = _provenance(
        "maximin",
        seed,
        implementation=(
            "sortition_algorithms.committee_generation.maximin (its steps, panels in a fixed "
            "order, MIP gap 0)"
        ),
        warm_start_rounds=people.count,
    )
    progress(1.0, "done")
    return _finish(panels, weights, list(people), provenance, never)


# LEXIMIN on HiGHS


@dataclass
class _Solved:
    weights: np.ndarray  # y, one per person
    cap: float  # ŷ
    objective: float


_OUT_OF_REACH = (
    highspy.HighsModelStatus.kInfeasible,
    highspy.HighsModelStatus.kUnbounded,
    highspy.HighsModelStatus.kUnboundedOrInfeasible,
)


class _DualStage:
    """The paper's dual LP for one stage, restricted to the panels found so far:

    minimise  ŷ - Σ_{i fixed} p_i·y_i
    such that Σ_{i ∈ P} y_i ≤ ŷ   for every panel P found
              Σ_{i not fixed} y_i = 1
              y ≥ 0, ŷ ≥ 0

    Its optimum is the largest z such that every unfixed person has probability ≥ z while
    every fixed person keeps p_i. A person with y_i > 0 is at z in every optimal lottery, so
    their probability can be fixed. Panels are added with dual simplex, which re-solves fast
    and ends at a verified vertex: the stage's level comes from it. Then one interior point
    solve with crossover off gives strictly complementary weights, which fix many people at
    once; if it stops short (HiGHS says "unknown"), it runs again with crossover, and failing
    that the simplex weights are used (still right, they just fix fewer people).

    One model serves every stage: `fix` turns it into the next stage's LP (new costs, the
    newly fixed out of the sum), so dual simplex starts from the last stage's basis. The
    interior point solves run on a copy, so they never throw that basis away.

    The LP is always feasible; it is unbounded only when the fixed chances are out of reach
    with the panels found, which the fixing rule and LEVEL_MARGIN avoid, so `simplex` checks
    twice (once from scratch) before saying so.
    """

    def __init__(
        self, ids: list[str], panels: list[frozenset[str]], fixed: dict[str, float], seed: int
    ) -> None:
        self.ids = ids
        self.index = {person: i for i, person in enumerate(ids)}
        self.cap = len(ids)  # column of ŷ
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("primal_feasibility_tolerance", LP_TOLERANCE)
        h.setOptionValue("dual_feasibility_tolerance", LP_TOLERANCE)
        h.setOptionValue("random_seed", seed % 2_147_483_647)
        n = len(ids)
        inf = highspy.kHighsInf
        h.addVars(n + 1, np.zeros(n + 1), np.full(n + 1, inf))
        costs = np.array([-fixed.get(person, 0.0) for person in ids] + [1.0])
        h.changeColsCost(n + 1, np.arange(n + 1, dtype=np.int32), costs)
        unfixed = np.array([i for i, p in enumerate(ids) if p not in fixed], dtype=np.int32)
        h.addRow(1.0, 1.0, len(unfixed), unfixed, np.ones(len(unfixed)))
        self.h = h
        self.seed = seed % 2_147_483_647
        self.summed = set(unfixed.tolist())  # columns in Σ_{i not fixed} y_i = 1
        self.interior_retries = 0
        self.add_panels(panels)

    def fix(self, fixed: dict[str, float]) -> None:
        """Make this the next stage's LP: these people now keep these chances."""
        columns = sorted(self.index[p] for p in fixed if self.index[p] in self.summed)
        if not columns:
            return
        for column in columns:
            self.h.changeCoeff(0, column, 0.0)
        self.summed.difference_update(columns)
        costs = np.array([-fixed[self.ids[c]] for c in columns])
        self.h.changeColsCost(len(columns), np.array(columns, dtype=np.int32), costs)

    def add_panels(self, panels: Sequence[frozenset[str]]) -> None:
        if not panels:
            return
        starts: list[int] = []
        indices: list[int] = []
        values: list[float] = []
        for panel in panels:
            starts.append(len(indices))
            indices.extend(sorted(self.index[p] for p in panel))
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

    def _run(
        self, solver: str, crossover: str = "off", h: highspy.Highs | None = None
    ) -> highspy.HighsModelStatus:
        h = self.h if h is None else h
        h.setOptionValue("solver", solver)
        h.setOptionValue("run_crossover", crossover)
        h.run()
        return h.getModelStatus()

    def _read(self, h: highspy.Highs | None = None) -> _Solved:
        h = self.h if h is None else h
        values = np.asarray(h.getSolution().col_value)
        objective = float(h.getInfo().objective_function_value)
        return _Solved(np.maximum(values[: self.cap], 0.0), float(values[self.cap]), objective)

    def simplex(self) -> _Solved | None:
        """The optimum at a vertex, or None when the fixed chances are really out of reach.

        Raises RuntimeError when HiGHS cannot say either way.
        """
        status = self._run("simplex")
        if status == highspy.HighsModelStatus.kOptimal:
            return self._read()
        self.h.clearSolver()  # once more from scratch, so a bad warm start cannot decide
        status = self._run("simplex")
        if status == highspy.HighsModelStatus.kOptimal:
            return self._read()
        if status in _OUT_OF_REACH:
            return None
        status = self._run("ipm", crossover="on")
        if status == highspy.HighsModelStatus.kOptimal:
            return self._read()
        raise RuntimeError(f"the solver could not finish a fixing stage ({status.name})")

    def interior(self, vertex: _Solved) -> _Solved:
        """Strictly complementary weights from interior point, else the best we can verify."""
        copy = highspy.Highs()
        for option, value in (
            ("output_flag", False),
            ("primal_feasibility_tolerance", LP_TOLERANCE),
            ("dual_feasibility_tolerance", LP_TOLERANCE),
            ("random_seed", self.seed),
        ):
            copy.setOptionValue(option, value)
        copy.passModel(self.h.getLp())
        if self._run("ipm", h=copy) == highspy.HighsModelStatus.kOptimal:
            return self._read(copy)
        self.interior_retries += 1
        if self._run("ipm", crossover="on", h=copy) == highspy.HighsModelStatus.kOptimal:
            return self._read(copy)
        return vertex


@dataclass
class _FinalLottery:
    weights: list[float]
    shortfall: float  # ε: how far below their fixed chance anyone may be
    excess: float  # δ: how far above it anyone may be


def _final_lottery(
    ids: list[str], panels: list[frozenset[str]], fixed: dict[str, float]
) -> _FinalLottery:
    """Weights on the panels that give everyone their fixed probability (to rounding).

    minimise ε + δ such that p_i - ε ≤ Σ_{P ∋ i} x_P ≤ p_i + δ for all i, Σ x_P = 1, x ≥ 0.
    The fixed chances sit LEVEL_MARGIN below each stage's optimum, so they add up to a hair
    less than the seats; δ spreads that hair over everyone instead of giving it all to one
    person. Simplex ends at a vertex, so few panels get weight. Raises RuntimeError unless
    HiGHS says optimal.
    """
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("primal_feasibility_tolerance", LP_TOLERANCE)
    h.setOptionValue("dual_feasibility_tolerance", LP_TOLERANCE)
    m = len(panels)
    inf = highspy.kHighsInf
    shortfall, excess = m, m + 1
    h.addVars(m + 2, np.zeros(m + 2), np.array([1.0] * m + [inf, inf]))
    h.changeColsCost(2, np.array([shortfall, excess], dtype=np.int32), np.ones(2))
    h.addRow(1.0, 1.0, m, np.arange(m, dtype=np.int32), np.ones(m))
    members: dict[str, list[int]] = {person: [] for person in ids}
    for j, panel in enumerate(panels):
        for person in sorted(panel):
            members[person].append(j)
    for person in ids:
        ones = [1.0] * len(members[person])
        low = np.array([*members[person], shortfall], dtype=np.int32)
        h.addRow(fixed[person], inf, len(low), low, np.array([*ones, 1.0]))
        high = np.array([*members[person], excess], dtype=np.int32)
        h.addRow(-inf, fixed[person], len(high), high, np.array([*ones, -1.0]))
    h.run()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"the solver could not finish the final lottery ({status.name})")
    solution = list(h.getSolution().col_value)
    return _FinalLottery(
        [max(0.0, w) for w in solution[:m]], max(0.0, solution[shortfall]), solution[excess]
    )


class _Pricer:
    """Finds the panel that meets the quotas with the largest total weight.

    It works on the LP relaxation of the library's model (same rows, no integrality), by
    dual simplex from the previous basis: only the weights change between calls, so a solve
    takes about a millisecond, where the library's MIP takes 20 to 90. A whole-number LP
    optimum is a best panel (an LP optimum is at least as good as any panel); a fractional
    one goes to our small branch and bound (`best_above`), and only if that runs long does
    HiGHS' MIP on the library's model decide, to a gap of 0.

    It drives both models through highspy's array calls: the library's own path builds a
    Python expression of every person for each solve and reads each person's value one call
    at a time. Pinned library version, so reading `_h` is safe; the tests cover it.
    """

    def __init__(self, ilp: Any, person_vars: Mapping[str, Any], ids: list[str]) -> None:
        self.h = ilp._h
        self.ids = ids
        self.cols = np.array([person_vars[p].index for p in ids], dtype=np.int32)
        self.width = self.h.getNumCol()
        self.every = np.arange(self.width, dtype=np.int32)
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.relaxed = _relaxation(self.h)
        model = self.relaxed.getLp()
        self.lower = np.asarray(model.col_lower_, dtype=float)
        self.upper = np.asarray(model.col_upper_, dtype=float)
        self.fixed: dict[int, float] = {}
        self.solves = 0  # MIP solves
        self.lp_solves = 0

    def best(self, weights: np.ndarray, gap: float = 0.0) -> frozenset[str]:
        """A best panel; with `gap`, one within that share of the best."""
        panel = self.best_above(weights, -math.inf, gap)
        if panel is None:  # cannot happen: the quotas were checked, so some panel exists
            raise RuntimeError("the panel search found no panel")
        return panel

    def best_above(
        self, weights: np.ndarray, bar: float, gap: float = 0.0
    ) -> frozenset[str] | None:
        """A best panel, or None when no panel weighs more than `bar`.

        A small branch and bound on the LP relaxation: solve it; a node whose optimum is at
        most `bar` (or at most the best panel found so far) is dropped, a whole-number
        optimum is a panel, and otherwise the node splits on its most fractional person
        (in, then out). Dual simplex re-solves each node from the last basis. Panels are
        nearly whole-number LPs, so this ends in a few nodes; after NODE_LIMIT nodes HiGHS'
        MIP decides instead. With `gap`, nodes that could beat the best panel found by no
        more than that share are dropped too.
        """
        cost = np.zeros(self.width)
        cost[self.cols] = weights
        lp = self.relaxed
        lp.changeColsCost(self.width, self.every, cost)
        best: np.ndarray | None = None
        stack: list[dict[int, float]] = [{}]
        nodes, floor = 0, bar
        while stack:
            if nodes == NODE_LIMIT:
                self._bound({})
                return self._mip(cost, floor)
            nodes += 1
            fixes = stack.pop()
            self._bound(fixes)
            self.lp_solves += 1
            lp.run()
            status = lp.getModelStatus()
            if status == highspy.HighsModelStatus.kInfeasible:
                continue
            if status != highspy.HighsModelStatus.kOptimal:
                self._bound({})
                return self._mip(cost, floor)
            if lp.getInfo().objective_function_value <= bar:
                continue
            values = np.asarray(lp.getSolution().col_value)
            away = np.abs(values - np.round(values))
            split = int(np.argmax(away))
            if away[split] <= _WHOLE:
                best = values
                found = lp.getInfo().objective_function_value
                bar = found + gap * abs(found)
                continue
            stack.append({**fixes, split: 0.0})
            stack.append({**fixes, split: 1.0})
        self._bound({})
        return None if best is None else self._panel(best[self.cols])

    def _bound(self, fixes: dict[int, float]) -> None:
        """Put back the bounds of the last node's fixed columns, then fix these."""
        changed = sorted(set(self.fixed) | set(fixes))
        if not changed:
            return
        lower = np.array([fixes.get(j, self.lower[j]) for j in changed])
        upper = np.array([fixes.get(j, self.upper[j]) for j in changed])
        self.relaxed.changeColsBounds(len(changed), np.array(changed, dtype=np.int32), lower, upper)
        self.fixed = dict(fixes)

    def _mip(self, cost: np.ndarray, bar: float) -> frozenset[str] | None:
        self.h.changeColsCost(self.width, self.every, cost)
        self.h.run()
        self.solves += 1
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError("the panel search did not finish")
        if self.h.getInfo().objective_function_value <= bar:
            return None
        return self._panel(np.asarray(self.h.getSolution().col_value)[self.cols])

    def _panel(self, values: np.ndarray) -> frozenset[str]:
        return frozenset(self.ids[i] for i in np.flatnonzero(values > 0.5))


# An LP value this close to a whole number counts as whole (HiGHS' own MIP feasibility
# tolerance is 1e-6); the panel's weight is then summed from the weights, not read back.
_WHOLE = 1e-7
# The panel search's own branch and bound hands over to HiGHS' MIP after this many LPs.
NODE_LIMIT = 200
# The warm start only needs good, varied panels: one within this share of the best will do
# (the fixing stages always search exactly).
WARM_GAP = 1e-2
# Warm start rounds per person. Each round is one panel search (about a millisecond); the
# panels it finds save rounds of stage LPs later. Measured (CPU, seed 1): 2 per person took
# 200/30 from 3.1 s to 2.4 s and 500/25 from 7.9 s to 6.8 s (stage LPs 27 -> 12); 3 per
# person was slower again on 500/25 (8.4 s), and 1 per person (the paper's) or fewer slower.
WARM_ROUNDS_PER_PERSON = 2


def _relaxation(mip: highspy.Highs) -> highspy.Highs:
    """A copy of the panel model with every variable continuous, for dual simplex."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(mip.getLp())
    width = h.getNumCol()
    h.changeColsIntegrality(
        width,
        np.arange(width, dtype=np.int32),
        np.array([highspy.HighsVarType.kContinuous] * width),
    )
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("primal_feasibility_tolerance", LP_TOLERANCE)
    h.setOptionValue("dual_feasibility_tolerance", LP_TOLERANCE)
    return h


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
        panel = pricer.best(weights, WARM_GAP)
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
        panel = pricer.best(only, WARM_GAP)
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
    _exact_panel_search(ilp)
    ids = list(people)
    n = len(ids)
    pricer = _Pricer(ilp, person_vars, ids)
    rounds = WARM_ROUNDS_PER_PERSON * n if warm_start_rounds is None else warm_start_rounds
    clock = time.perf_counter()
    panels, covered = _warm_start(pricer, ids, rounds, rng, progress)
    timings = {"warm_start": time.perf_counter() - clock}
    clock = time.perf_counter()
    known = set(panels)
    # Nobody can give probability to someone who is in no panel that meets the quotas.
    fixed: dict[str, float] = {person: 0.0 for person in ids if person not in covered}
    never = sorted(fixed)
    stages = lp_solves = 0
    maximin_optimum: float | None = None
    relaxations: list[float] = []
    interior_retries = 0
    dual = _DualStage(ids, panels, fixed, rng.randrange(2**31 - 1))
    while len(fixed) < n:
        stages += 1
        dual.fix(fixed)
        lp_solves += 1
        vertex = dual.simplex()
        if vertex is None:
            vertex, dual = _relax(ids, panels, fixed, relaxations, rng)
        while True:
            # Converge on a vertex (its objective is the stage's verified level), then look
            # from the inside for the weights that fix the most people at once.
            found = _violated_panels(pricer, vertex.weights, vertex.cap, known)
            if not found:
                lp_solves += 1
                inside = dual.interior(vertex)
                found = _violated_panels(
                    pricer, inside.weights, inside.cap, known, tolerance=INSIDE_TOLERANCE
                )
                if not found:
                    break
            panels.extend(found)
            known.update(found)
            dual.add_panels(found)
            lp_solves += 1
            solved = dual.simplex()
            if solved is None:  # cannot happen: more panels only bring more within reach
                raise RuntimeError("a fixing stage became infeasible after adding panels")
            vertex = solved
        interior_retries += dual.interior_retries
        if maximin_optimum is None:  # the best smallest chance (of those who can be chosen)
            maximin_optimum = vertex.objective
        weights = inside.weights
        unfixed = [i for i, p in enumerate(ids) if p not in fixed]
        threshold = FIX_SHARE / len(unfixed)
        newly = [i for i in unfixed if weights[i] > threshold]
        if not newly:  # always at least one: the largest weight is ≥ 1/len(unfixed) > 0
            newly = [max(unfixed, key=lambda i: weights[i])]
        level = max(0.0, vertex.objective - LEVEL_MARGIN)
        for i in newly:
            fixed[ids[i]] = level
        progress(0.35 + 0.6 * len(fixed) / n, "fixing")
    timings["stages"] = time.perf_counter() - clock
    clock = time.perf_counter()
    final = _final_lottery(ids, panels, fixed)
    timings["final_lp"] = time.perf_counter() - clock
    provenance = _provenance(
        "leximin",
        seed,
        implementation=(
            "coproduce.selection.adapter._leximin (column generation on HiGHS, "
            "panels by LP branch and bound)"
        ),
        warm_start_rounds=rounds,
        tolerance=TOLERANCE,
        fix_share=FIX_SHARE,
        stages=stages,
        lp_solves=lp_solves,
        ilp_solves=pricer.solves,
        pricing_lp_solves=pricer.lp_solves,
        relaxations=len(relaxations),
        largest_relaxation=max([*relaxations, final.shortfall]),
        final_shortfall=final.shortfall,
        final_excess=final.excess,
        interior_retries=interior_retries,
        maximin_optimum=maximin_optimum,
        panels_generated=len(panels),
        seconds_by_step={step: round(seconds, 3) for step, seconds in timings.items()},
    )
    progress(1.0, "done")
    return _finish(panels, final.weights, ids, provenance, never)


def _relax(
    ids: list[str],
    panels: list[frozenset[str]],
    fixed: dict[str, float],
    relaxations: list[float],
    rng: Any,
) -> tuple[_Solved, _DualStage]:
    """Lower every fixed chance by the smallest step that brings them back within reach.

    Only called when the stage LP is really out of reach (checked twice). Changes `fixed`
    and records the step in `relaxations`. Raises RuntimeError if no step up to 1e-4 works.
    """
    for step in RELAXATION_STEPS:
        eased = {person: max(0.0, chance - step) for person, chance in fixed.items()}
        dual = _DualStage(ids, panels, eased, rng.randrange(2**31 - 1))
        solved = dual.simplex()
        if solved is not None:
            fixed.update(eased)
            relaxations.append(step)
            return solved, dual
    raise RuntimeError("the fixed chances stayed out of reach")


def _violated_panels(
    pricer: _Pricer,
    weights: np.ndarray,
    cap: float,
    known: set[frozenset[str]],
    extra: int = 5,
    tolerance: float = TOLERANCE,
) -> list[frozenset[str]]:
    """Panels the current dual solution wrongly allows (weight above the cap), if any.

    The first is the most violated; then, like the library's maximin heuristic, scale down
    that panel's weights and look again, to add a few panels per LP solve.
    """
    found: list[frozenset[str]] = []
    index = {p: i for i, p in enumerate(pricer.ids)}
    weights = weights.copy()
    for _ in range(1 + extra):
        panel = pricer.best_above(weights, cap + tolerance)
        if panel is None:
            break
        members = sorted(index[p] for p in panel)  # a fixed order: sums round the same way
        value = float(weights[members].sum())
        if value <= cap + tolerance or panel in known or panel in found:
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
