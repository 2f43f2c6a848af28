"""Fair selection: our LEXIMIN on HiGHS against the library's maximin on HiGHS, side by side.

    .venv/bin/python bench/selection.py            # all instances, each run capped (default 60 s)
    .venv/bin/python bench/selection.py --quick    # two small instances
    .venv/bin/python bench/selection.py --full     # no cap (the large ones take many minutes)

Instances: made-up pools (coproduce/selection/synthetic.py: 200 for 12 and 30 seats, 500 for
25, 2,000 for 100; 5 or 6 categories with small groups) and the Nature paper's two public
examples (example_small_20, example_large_200; published LEXIMIN minimum 10 %). Each run is
in its own process, so a capped run is stopped cleanly and timings do not share memory.
Prints per instance and algorithm: the smallest and largest chance, the Gini coefficient,
the time, the number of panels, and checks (every panel meets the quotas; chances sum to k);
for LEXIMIN also the seconds in each step and the ILP solves (see docs/selection.md).
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

DATA = Path("/work/shared/research/sortition_instances/pgoelz_citizensassemblies_replication")
PUBLISHED = {"example_small_20": 0.10, "example_large_200": 0.10}


def paper_instance(name: str, k: int) -> adapter.Problem | None:
    folder = DATA / "data" / name
    if not folder.exists():
        return None
    quotas: dict[str, dict[str, adapter.Quota]] = {}
    with open(folder / "categories.csv") as f:
        for row in csv.DictReader(f):  # Panelot format: "feature" is the value
            quotas.setdefault(row["category"], {})[row["feature"]] = adapter.Quota(
                int(row["min"]), int(row["max"])
            )
    with open(folder / "respondents.csv") as f:
        people = {f"r{i:05d}": dict(row) for i, row in enumerate(csv.DictReader(f))}
    return adapter.Problem(people, quotas, k)


def instances(quick: bool) -> list[tuple[str, adapter.Problem | None]]:
    found = [
        ("synthetic 200/12, 5 categories", synthetic.problem(200, 12, categories=5, seed=1)),
        ("example_small_20 (paper)", paper_instance("example_small_20", 20)),
    ]
    if quick:
        return found
    return [
        *found,
        ("synthetic 200/30, 6 categories", synthetic.problem(200, 30, categories=6, seed=2)),
        ("synthetic 500/25, 6 categories", synthetic.problem(500, 25, categories=6, seed=3)),
        ("synthetic 2000/100, 4 categories", synthetic.problem(2000, 100, categories=4, seed=4)),
        ("example_large_200 (paper)", paper_instance("example_large_200", 200)),
    ]


def _run(problem: adapter.Problem, algorithm: str, out: mp.Queue) -> None:
    started = time.perf_counter()
    try:
        result = adapter.find_distribution(problem, algorithm=algorithm, seed=1)
    except Exception as error:  # report and go on to the next instance
        out.put({"error": f"{type(error).__name__}: {error}"})
        return
    chances = list(result.marginals.values())
    out.put(
        {
            "min": min(chances),
            "max": max(chances),
            "gini": adapter.gini(chances),
            "seconds": time.perf_counter() - started,
            "panels": len(result.panels),
            "quotas_ok": all(adapter.meets_quotas(p, problem) for p in result.panels),
            "sum_ok": abs(sum(chances) - problem.seats) < 1e-6,
            "profile": sorted(chances),
            "steps": result.provenance["settings"].get("seconds_by_step"),
            "ilp_solves": result.provenance["settings"].get("ilp_solves"),
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="two small instances only")
    parser.add_argument("--full", action="store_true", help="no time cap")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds per run (default 60)")
    args = parser.parse_args()
    cap = None if args.full else args.cap
    print(f"sortition-algorithms {adapter.LIBRARY_VERSION}, highspy {adapter.SOLVER_VERSION}")
    print(
        "leximin = ours (column generation on the library's ILP, HiGHS LPs); "
        "maximin = library's find_distribution_maximin; both on HiGHS\n"
    )
    header = (
        f"{'instance':34} {'n':>5} {'k':>4} {'algorithm':9} {'min P':>8} {'max P':>7} "
        f"{'Gini':>6} {'time s':>8} {'panels':>6} checks"
    )
    print(header)
    print("-" * len(header))
    for name, problem in instances(args.quick):
        if problem is None:
            print(f"{name:34} (data not found under {DATA})")
            continue
        results = {}
        for algorithm in ("leximin", "maximin"):
            r = measure(problem, algorithm, cap)
            results[algorithm] = r
            n, k = len(problem.people), problem.seats
            if "error" in r:
                print(f"{name:34} {n:>5} {k:>4} {algorithm:9} {r['error']}")
                continue
            checks = ("quotas ok" if r["quotas_ok"] else "QUOTA BROKEN") + (
                ", sum=k" if r["sum_ok"] else ", SUM WRONG"
            )
            print(
                f"{name:34} {n:>5} {k:>4} {algorithm:9} {r['min']:8.2%} {r['max']:7.2%} "
                f"{r['gini']:6.3f} {r['seconds']:8.1f} {r['panels']:>6} {checks}"
            )
        ours, theirs = results.get("leximin", {}), results.get("maximin", {})
        notes = []
        if "profile" in ours and "profile" in theirs:
            gap = ours["min"] - theirs["min"]
            notes.append(f"min P leximin - maximin = {gap:+.1e}")
            first = next(
                (
                    i
                    for i, (a, b) in enumerate(zip(ours["profile"], theirs["profile"], strict=True))
                    if abs(a - b) > 1e-5
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
            notes.append(f"leximin steps: {steps} ({ours['ilp_solves']} ILP solves)")
        if notes:
            print(f"{'':34}   " + "; ".join(notes))


if __name__ == "__main__":
    main()
