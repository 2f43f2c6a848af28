"""Where a dot's time went, from the stage timings bench/_traced_server.py writes. Used by
`bench/live_room.py --trace PREFIX`; also on its own: python bench/_trace_report.py PREFIX
"""

from __future__ import annotations

import bisect
import itertools
import json
import sys
from pathlib import Path

STAGES = (
    ("dot", "a dot: queue wait + its write, until its answer"),
    ("write", "one batch's transaction (database thread)"),
    ("slot", "after a write commits, until the next tick starts"),
    ("tick", "a tick: claim, build, publish (includes the fan-out here)"),
    ("build", "building the snapshot (database thread)"),
    ("fan_out", "writing it to every socket in this process"),
    ("gap", "from one tick's start to the next"),
    ("join", "a phone's connect handler, handshake to first snapshot"),
    ("gc", "a full garbage collection (everything waits)"),
    ("held", "the event loop held over 20 ms (how much longer)"),
)


def _ms(values: list[float], share: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]:.1f}"


def stage_times(marks: dict[str, list[list[float]]]) -> dict[str, list[float]]:
    """Seconds per event of each stage, with the two derived from others: `slot` (a commit
    until the next tick starts) and `gap` (between tick starts)."""
    times = {
        name: [end - start for start, end in pairs]
        for name, pairs in marks.items()
        if isinstance(pairs, list)
    }
    ticks = sorted(start for start, _end in marks.get("tick", []))
    slot = []
    for _start, end in marks.get("write", []):
        after = bisect.bisect_left(ticks, end)
        if after < len(ticks):
            slot.append(ticks[after] - end)
    times["slot"] = slot
    times["gap"] = [b - a for a, b in itertools.pairwise(ticks)]
    return times


def print_traces(prefix: str) -> None:
    files = sorted(Path(prefix).parent.glob(Path(prefix).name + "-*.json"))
    for file in files:
        times = stage_times(json.loads(file.read_text()))
        print(f"\nWhere the time went: {file.name} (ms)")
        print(f"  {'stage':<8} {'count':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}  what")
        for name, what in STAGES:
            values = times.get(name, [])
            print(
                f"  {name:<8} {len(values):>6} {_ms(values, 0.5):>8} {_ms(values, 0.95):>8} "
                f"{_ms(values, 0.99):>8} {_ms(values, 1.0):>8}  {what}"
            )
        marks = json.loads(file.read_text())
        counts = marks.get("counts", {})
        if counts:
            print("  snapshot writes: " + ", ".join(f"{n} {how}" for how, n in counts.items()))
        joins = marks.get("join", [])
        if joins:
            window = max(end for _s, end in joins) - min(start for start, _e in joins)
            print(f"  joins: first handler start to last first snapshot {window:.2f} s")
    if not files:
        print(f"No trace files at {prefix}-*.json")


if __name__ == "__main__":
    print_traces(sys.argv[1])
