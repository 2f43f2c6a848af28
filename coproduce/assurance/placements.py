"""Each initiative's Ladder placement at two moments, for the assurance report (read only).

The placement "at" a moment is what the answers sent before it say: the latest round opened by
then with enough answers to show (`ladder.scoring.MIN_GROUP_SIZE`), scored with only the answers
sent by then, everyone together (as `ladder.queries.score_round` scores a round's "everyone",
without the groups apart and the next steps the report has no use for).

One query for the rounds, with how many answers each had by each moment and when the last of
them changed; then the answers of only the rounds that decide a placement and are not in the
cache. A placement is cached under the round, the number of answers and the time of the last
change, so a new or changed answer is a new key: never stale.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q

from coproduce.core.models import Organisation
from coproduce.initiatives.rungs import Rung, rung_at, rung_by_key
from coproduce.ladder.bank import BankError
from coproduce.ladder.models import Response, Round
from coproduce.ladder.path_bank import AnyBank, PathBank, load_any_bank
from coproduce.ladder.placement import place_group
from coproduce.ladder.scoring import MIN_GROUP_SIZE, answers_to_levels, score_group_levels

PLACEMENT_CACHE_SECONDS = 7 * 24 * 3600  # a key never goes stale (see the module's docstring)
CACHE_PREFIX = "assurance:placed"


@dataclass(frozen=True)
class Placed:
    """Everyone's placement at one moment: the rung, and for a path bank the answers behind it."""

    rung: Rung
    bank_version: int
    answers: Mapping[str, str] = field(default_factory=dict)  # question key: option key


@dataclass(frozen=True)
class Placements:
    start: dict[int, Placed]  # by initiative id
    end: dict[int, Placed]
    rounds: dict[int, int]  # rounds opened by the end, by initiative id

    def rungs(self, moment: str) -> dict[int, Rung]:
        return {i: placed.rung for i, placed in getattr(self, moment).items()}


def placements_for(
    organisation: Organisation, start: datetime.datetime, end: datetime.datetime
) -> Placements:
    """Each initiative's placement at `start` and at `end`, and how many rounds it had opened
    by `end`. Two queries at most; one when every placement it needs is cached."""
    moments = {"start": start, "end": end}
    sent_by: dict[str, Any] = {}
    for moment, cutoff in moments.items():
        before = Q(responses__submitted_at__lt=cutoff)
        sent_by[f"sent_{moment}"] = Count("responses", filter=before)
        sent_by[f"changed_{moment}"] = Max("responses__updated_at", filter=before)
    rounds = list(
        Round.objects.for_organisation(organisation)
        .filter(opened_at__lt=end)
        .annotate(**sent_by)
        .values("id", "initiative_id", "opened_at", *sent_by)
        .order_by("initiative_id", "number")
    )
    count: Counter[int] = Counter()
    deciding: dict[str, dict[int, str]] = {"start": {}, "end": {}}  # initiative: cache key
    for round_ in rounds:
        initiative_id = round_["initiative_id"]
        count[initiative_id] += 1
        for moment, cutoff in moments.items():
            sent = round_[f"sent_{moment}"]
            if sent >= MIN_GROUP_SIZE and round_["opened_at"] < cutoff:
                changed = round_[f"changed_{moment}"]
                stamp = changed.isoformat() if changed else ""
                deciding[moment][initiative_id] = f"{CACHE_PREFIX}:{round_['id']}:{sent}:{stamp}"
    keys = {key for moment in deciding.values() for key in moment.values()}
    known: dict[str, dict[str, Any] | None] = cache.get_many(list(keys)) if keys else {}
    missing = {int(key.split(":")[2]) for key in keys - set(known)}
    answers: dict[int, list[tuple[int, dict[str, str], datetime.datetime]]] = defaultdict(list)
    if missing:
        for round_id, version, given, sent_at in Response.objects.filter(
            round_id__in=missing, submitted_at__lt=end
        ).values_list("round_id", "bank_version", "answers", "submitted_at"):
            if sent_at is not None:  # always, by the filter
                answers[round_id].append((version, given, sent_at))
    banks: dict[int, AnyBank | None] = {}
    found: dict[str, dict[str, Any] | None] = {}
    for moment, cutoff in moments.items():
        for key in deciding[moment].values():
            if key in known or key in found:
                continue
            round_id = int(key.split(":")[2])
            sent = [(version, given) for version, given, at in answers[round_id] if at < cutoff]
            found[key] = _everyone(sent, banks)
    if found:
        cache.set_many(found, timeout=PLACEMENT_CACHE_SECONDS)
    known.update(found)
    placed: dict[str, dict[int, Placed]] = {"start": {}, "end": {}}
    for moment in moments:
        for initiative_id, key in deciding[moment].items():
            value = known.get(key)
            if value:
                placed[moment][initiative_id] = Placed(
                    rung_by_key(value["rung"]), value["bank_version"], value["answers"]
                )
    return Placements(placed["start"], placed["end"], dict(count))


def _everyone(
    sent: Sequence[tuple[int, dict[str, str]]], banks: dict[int, AnyBank | None]
) -> dict[str, Any] | None:
    """Where everyone's answers in one round place it, as `ladder.queries.score_round` finds it
    (the newest bank the answers were given under that still exists), as a value to cache:
    the rung's key, the bank's version and, for a path bank, the group's answers."""
    for version in sorted({version for version, _given in sent}, reverse=True):
        if version not in banks:
            try:
                banks[version] = load_any_bank(version)
            except BankError:
                banks[version] = None
        bank = banks[version]
        if bank is None:
            continue
        given = [answers for v, answers in sent if v == version]
        if isinstance(bank, PathBank):
            placement = place_group(bank, given)
            if placement is None:
                return None
            rung = rung_at(placement.low)
            answers = dict(placement.answers)
        else:
            result = score_group_levels(bank, [answers_to_levels(bank, a) for a in given]).result
            if result is None or result.rung is None:
                return None
            rung, answers = rung_at(result.rung), {}
        if rung is None:
            return None
        return {"rung": rung.key, "bank_version": version, "answers": answers}
    return None
