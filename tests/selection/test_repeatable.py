"""A seeded selection gives the same lottery and the same panel in any process.

Python salts string hashing per process (PYTHONHASHSEED), and the order of a set of strings
follows it; so each run here is a fresh process with a different salt.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json
from coproduce.selection import adapter, lottery, synthetic

problem = synthetic.problem(60, 10, categories=3, seed=2)
out = {}
for algorithm in ("maximin", "leximin"):
    result = adapter.find_distribution(problem, algorithm=algorithm, seed=2026)
    drawn = lottery.draw_index(result.weights, lottery.seeded_random(2026, "draw"))
    lines = lottery.uniform_lottery(result.weights, 100, lottery.seeded_random(2026, "lottery"))
    out[algorithm] = {
        "panels": result.panels,
        "weights": [repr(w) for w in result.weights],
        "drawn": result.panels[drawn],
        "lines": lines,
    }
print(json.dumps(out))
"""


def run_in_fresh_process(hash_seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_seeded_maximin_and_leximin_repeat_whatever_the_string_hashing():
    first, second = run_in_fresh_process("1"), run_in_fresh_process("2")
    for algorithm in ("maximin", "leximin"):
        assert first[algorithm]["panels"], algorithm
        assert first[algorithm]["panels"] == second[algorithm]["panels"], algorithm
        assert first[algorithm]["weights"] == second[algorithm]["weights"], algorithm
        assert first[algorithm]["drawn"] == second[algorithm]["drawn"], algorithm
        assert first[algorithm]["lines"] == second[algorithm]["lines"], algorithm
