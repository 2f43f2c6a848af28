"""Made-up applicant pools for the benchmark, the tests and the demo. No real people.

Shaped like a volunteer pool for an adult social care panel: more White and more women than
the target mix, disability more common in the lower socio-economic group, a few small groups
(Black, Mixed, "Prefer not to say"), and some applicants who did not agree to their answers
being used ("not_given"). Quotas are a band around each group's share of the pool:
min = ⌊share·k⌋ - 1 and max = ⌈share·k⌉ + 1, clipped to 0..k.
"""

from __future__ import annotations

import math
import random

from coproduce.selection.adapter import Problem, Quota

# category -> value -> (share in the pool, share in the target mix)
CATEGORIES: dict[str, dict[str, tuple[float, float]]] = {
    "ethnicity": {
        "white": (0.84, 0.78),
        "asian": (0.07, 0.09),
        "black": (0.03, 0.05),
        "mixed": (0.02, 0.03),
        "other": (0.01, 0.02),
        "no_answer": (0.03, 0.03),
    },
    "sex": {"female": (0.62, 0.5), "male": (0.35, 0.47), "no_answer": (0.03, 0.03)},
    "disability": {"disabled": (0.45, 0.45), "not_disabled": (0.5, 0.5), "no_answer": (0.05, 0.05)},
    "age_band": {
        "18_34": (0.15, 0.2),
        "35_54": (0.35, 0.3),
        "55_74": (0.38, 0.35),
        "75_plus": (0.12, 0.15),
    },
    "socio_economic": {
        "professional": (0.4, 0.33),
        "intermediate": (0.25, 0.27),
        "lower": (0.3, 0.35),
        "no_answer": (0.05, 0.05),
    },
    "carer": {"yes": (0.3, 0.3), "no": (0.7, 0.7)},
}
NOT_GIVEN = "not_given"


def _pick(rng: random.Random, shares: dict[str, float]) -> str:
    roll, total = rng.random(), 0.0
    for value, share in shares.items():
        total += share
        if roll < total:
            return value
    return next(reversed(shares))


def pool(
    n: int, *, categories: int = 5, seed: int = 1, not_given_share: float = 0.05
) -> dict[str, dict[str, str]]:
    """`n` made-up applicants with values in the first `categories` categories."""
    rng = random.Random(seed)  # noqa: S311 -- made-up data, repeatable on purpose
    names = list(CATEGORIES)[:categories]
    people: dict[str, dict[str, str]] = {}
    for i in range(n):
        if rng.random() < not_given_share:
            people[f"a{i:05d}"] = dict.fromkeys(names, NOT_GIVEN)
            continue
        values: dict[str, str] = {}
        for name in names:
            shares = {v: s[0] for v, s in CATEGORIES[name].items()}
            if name == "disability" and values.get("socio_economic") == "lower":
                shares = {"disabled": 0.65, "not_disabled": 0.3, "no_answer": 0.05}
            values[name] = _pick(rng, shares)
        people[f"a{i:05d}"] = values
    return people


def quotas(
    k: int, *, categories: int = 5, at_least_one: tuple[str, ...] = ("black", "mixed")
) -> dict[str, dict[str, Quota]]:
    """Target ranges for a panel of `k`; every small group in `at_least_one` gets a seat."""
    result: dict[str, dict[str, Quota]] = {}
    for name in list(CATEGORIES)[:categories]:
        values = {}
        for value, (_pool_share, target) in CATEGORIES[name].items():
            low = max(0, math.floor(target * k) - 1)
            high = min(k, math.ceil(target * k) + 1)
            if value in at_least_one:
                low = max(low, 1)
            if value == "no_answer":
                low, high = 0, k
            values[value] = Quota(low, max(low, high))
        values[NOT_GIVEN] = Quota(0, k)
        result[name] = values
    return result


def problem(n: int, k: int, *, categories: int = 5, seed: int = 1) -> Problem:
    return Problem(pool(n, categories=categories, seed=seed), quotas(k, categories=categories), k)
