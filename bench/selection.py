"""Fair selection: our LEXIMIN on HiGHS against the library's maximin on HiGHS, side by side.

    .venv/bin/python bench/selection.py            # the small instances, each run capped (60 s)
    .venv/bin/python bench/selection.py --quick    # two small instances
    .venv/bin/python bench/selection.py --all      # and the large ones (minutes each)
    .venv/bin/python bench/selection.py --full     # no cap
    .venv/bin/python bench/selection.py --data DIR # public instances from DIR

Instances: made-up pools (coproduce/selection/synthetic.py: 200 for 12 and 30 seats, 500 for
25, 1,000 for 40, 2,000 for 100; 5 or 6 categories with small groups), the Nature paper's two public
examples (example_small_20, example_large_200; published LEXIMIN minimum 10 %) and the
library's own test pool (150 for 22). The public ones are in bench/data (see its README;
`--data` reads the same layout from elsewhere). Each run is in its own process, so a capped
run is stopped cleanly and timings do not share memory.

Prints per instance: our LEXIMIN's time, the library maximin's time and their ratio; the
largest relaxation our LEXIMIN used (0 when every fixed chance held); the smallest chance of
each against the maximin optimum (our first stage's certified optimum over the people who
can be chosen); checks (every panel meets the quotas; chances sum to k); and where the
sorted profiles first differ. For LEXIMIN also the seconds in each step, the MIP solves
(HiGHS' branch and bound) and the LPs of our own panel search.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing as mp
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coproduce.selection import adapter, synthetic

DATA = Path(__file__).resolve().parent / "data"
PUBLISHED = {"example_small_20": 0.10, "example_large_200": 0.10}


def paper_instance(data: Path, name: str, k: int) -> adapter.Problem | None:
    """The Nature paper's format (Panelot): categories.csv, where "feature" is the value."""
    folder = data / name
    if not folder.exists():
        return None
    quotas: dict[str, dict[str, adapter.Quota]] = {}
    with open(folder / "categories.csv") as f:
        for row in csv.DictReader(f):
            quotas.setdefault(row["category"], {})[row["feature"]] = adapter.Quota(
                int(row["min"]), int(row["max"])
            )
    with open(folder / "respondents.csv") as f:
        people = {f"r{i:05d}": dict(row) for i, row in enumerate(csv.DictReader(f))}
    return adapter.Problem(people, quotas, k)


def library_instance(data: Path, k: int) -> adapter.Problem | None:
    """The library's fixture format: features.csv and candidates.csv."""
    folder = data / "library_fixture"
    if not folder.exists():
        return None
    quotas: dict[str, dict[str, adapter.Quota]] = {}
    with open(folder / "features.csv") as f:
        for row in csv.DictReader(f):
            quotas.setdefault(row["feature"], {})[row["value"]] = adapter.Quota(
                int(row["min"]), int(row["max"])
            )
    with open(folder / "candidates.csv") as f:
        people = {row["nationbuilder_id"]: {c: row[c] for c in quotas} for row in csv.DictReader(f)}
    return adapter.Problem(people, quotas, k)


def instances(data: Path, every: bool, quick: bool) -> list[tuple[str, adapter.Problem | None]]:
    found = [
        ("synthetic 200/12, 5 categories", synthetic.problem(200, 12, categories=5, seed=1)),
        ("example_small_20 (paper)", paper_instance(data, "example_small_20", 20)),
        ("library fixture 150/22", library_instance(data, 22)),
        ("synthetic 200/30, 6 categories", synthetic.problem(200, 30, categories=6, seed=2)),
    ]
    if quick:
        return found[:2]
    if not every:
        return found
    return [
        *found,
        ("synthetic 500/25, 6 categories", synthetic.problem(500, 25, categories=6, seed=3)),
        ("synthetic 1000/40, 6 categories", synthetic.problem(1000, 40, categories=6, seed=5)),
        ("synthetic 2000/100, 4 categories", synthetic.problem(2000, 100, categories=4, seed=4)),
        ("example_large_200 (paper)", paper_instance(data, "example_large_200", 200)),
    ]


def _run(problem: adapter.Problem, algorithm: str, out: mp.Queue) -> None:
    started = time.perf_counter()
    try:
        result = adapter.find_distribution(problem, algorithm=algorithm, seed=1)
    except Exception as error:  # report and go on to the next instance
        out.put({"error": f"{type(error).__name__}: {error}"})
        return
    seconds = time.perf_counter() - started
    possible = [p for p in result.marginals if p not in set(result.never_possible)]
    chances = list(result.marginals.values())
    settings = result.provenance["settings"]
    out.put(
        {
            "min": min(result.marginals[p] for p in possible),
            "max": max(chances),
            "gini": adapter.gini(chances),
            "seconds": seconds,
            "panels": len(result.panels),
            "quotas_ok": all(adapter.meets_quotas(p, problem) for p in result.panels),
            "sum_ok": abs(sum(chances) - problem.seats) < 1e-6,
            "profile": sorted(chances),
            "steps": settings.get("seconds_by_step"),
            "ilp_solves": settings.get("ilp_solves"),
            "pricing_lp_solves": settings.get("pricing_lp_solves"),
            "largest_relaxation": settings.get("largest_relaxation"),
            "relaxations": settings.get("relaxations"),
            "final_shortfall": settings.get("final_shortfall"),
            "maximin_optimum": settings.get("maximin_optimum"),
        }
    )


def measure(problem: adapter.Problem, algorithm: str, cap: float | None) -> dict:
    out: mp.Queue = mp.Queue()
    process = mp.Process(target=_run, args=(problem, algorithm, out))
    process.start()
    process.join(cap)
    if process.is_alive():
        process.terminate()
        process.join()
        return {"error": f"stopped at the {cap:.0f} s cap"}
    return out.get() if not out.empty() else {"error": "the run ended without a result"}


def report(name: str, problem: adapter.Problem, ours: dict, theirs: dict) -> None:
    n, k = len(problem.people), problem.seats
    for algorithm, r in (("leximin", ours), ("maximin", theirs)):
        if "error" in r:
            print(f"{name:34} {n:>5} {k:>4} {algorithm:8} {r['error']}")
            continue
        checks = ("quotas ok" if r["quotas_ok"] else "QUOTA BROKEN") + (
            ", sum=k" if r["sum_ok"] else ", SUM WRONG"
        )
        print(
            f"{name:34} {n:>5} {k:>4} {algorithm:8} {r['min']:9.5%} {r['max']:8.3%} "
            f"{r['gini']:6.3f} {r['seconds']:8.1f} {r['panels']:>6} {checks}"
        )
    notes = []
    if "seconds" in ours and "seconds" in theirs:
        notes.append(
            f"time ours {ours['seconds']:.1f} s, maximin {theirs['seconds']:.1f} s, "
            f"ratio {ours['seconds'] / theirs['seconds']:.2f}"
        )
    if ours.get("largest_relaxation") is not None:
        notes.append(
            f"largest relaxation {ours['largest_relaxation']:.1e} ({ours['relaxations']} "
            f"stage relaxations; final LP shortfall {ours['final_shortfall']:.1e})"
        )
    optimum = ours.get("maximin_optimum")
    if optimum is not None:
        gaps = [f"maximin optimum {optimum:.9f}", f"ours - optimum {ours['min'] - optimum:+.1e}"]
        if "min" in theirs:
            gaps.append(f"library maximin - optimum {theirs['min'] - optimum:+.1e}")
        notes.append(", ".join(gaps))
    if "profile" in ours and "profile" in theirs:
        first = next(
            (
                i
                for i, (a, b) in enumerate(zip(ours["profile"], theirs["profile"], strict=True))
                if abs(a - b) > 1e-7
            ),
            None,
        )
        if first is None:
            notes.append("same sorted profile")
        else:
            better = ours["profile"][first] > theirs["profile"][first]
            notes.append(
                f"sorted profiles first differ at position {first + 1}: "
                f"{'leximin higher (as it must be)' if better else 'LEXIMIN LOWER'}"
            )
    for key, published in PUBLISHED.items():
        if name.startswith(key):
            notes.append(f"published LEXIMIN min {published:.1%}")
    if ours.get("steps"):
        steps = ", ".join(f"{step} {sec:.1f} s" for step, sec in ours["steps"].items())
        notes.append(
            f"leximin steps: {steps} ({ours['ilp_solves']} MIP solves, "
            f"{ours['pricing_lp_solves']} panel-search LPs)"
        )
    for note in notes:
        print(f"{'':36} {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two small instances only")
    parser.add_argument("--all", action="store_true", help="the large instances too")
    parser.add_argument("--full", action="store_true", help="no time cap")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds per run (default 60)")
    parser.add_argument(
        "--data", type=Path, default=DATA, help=f"public instances (default {DATA.name}/)"
    )
    parser.add_argument("--only", help="run only the instances whose name contains this")
    args = parser.parse_args()
    cap = None if args.full else args.cap
    print(f"sortition-algorithms {adapter.LIBRARY_VERSION}, highspy {adapter.SOLVER_VERSION}")
    print(
        "leximin = ours (column generation on the library's ILP, HiGHS LPs); "
        "maximin = the library's maximin; both on HiGHS\n"
    )
    header = (
        f"{'instance':34} {'n':>5} {'k':>4} {'method':8} {'min P':>9} {'max P':>8} "
        f"{'Gini':>6} {'time s':>8} {'panels':>6} checks"
    )
    print(header)
    print("-" * len(header))
    for name, problem in instances(args.data, args.all or args.full, args.quick):
        if args.only and args.only not in name:
            continue
        if problem is None:
            print(f"{name:34} (data not found under {args.data})")
            continue
        ours = measure(problem, "leximin", cap)
        theirs = measure(problem, "maximin", cap)
        report(name, problem, ours, theirs)


if __name__ == "__main__":
    main()
