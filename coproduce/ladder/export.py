"""The answers export: every sent answer of every closed round, in a way nobody can be picked out.

The attack it stops: download the answers, wait for one person to send theirs, download them
again; the one new set of answers is that person's. So the export holds only rounds that are
closed (a closed round takes no more answers: the same rows every time), with no names, ids or
times, each group (lived and learnt experience) only when at least MIN_GROUP_SIZE people in it
sent answers, and the people in a group numbered in a new random order every time. See
docs/ladder.md.
"""

from __future__ import annotations

import random
from collections import defaultdict

from coproduce.initiatives.models import Capacity, Initiative
from coproduce.ladder.models import Response
from coproduce.ladder.scoring import MIN_GROUP_SIZE

HEADER = ("round", "group", "bank_version", "respondent", "question", "answer")
Row = tuple[int, str, int, int, str, str]
LIVED = frozenset(Capacity.lived())


def export_rows_for(initiative: Initiative) -> list[Row]:
    """CSV rows of every sent answer in the closed rounds of `initiative` (reads only).

    Each row: round number, group ("lived" or "learnt"), bank version, respondent (a number
    within the round and group, drawn afresh each time), question key, option key. Open
    rounds, answers not sent, and groups under MIN_GROUP_SIZE are left out.
    """
    responses = Response.objects.filter(
        round__initiative=initiative, round__closed_at__isnull=False, submitted_at__isnull=False
    ).values_list("round__number", "capacity", "bank_version", "answers")
    grouped: dict[tuple[int, str], list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for number, capacity, version, answers in responses:
        group = "lived" if capacity in LIVED else "learnt"
        grouped[(number, group)].append((version, answers))
    shuffle = random.SystemRandom().shuffle
    rows: list[Row] = []
    for (number, group), members in sorted(grouped.items()):
        if len(members) < MIN_GROUP_SIZE:
            continue
        shuffle(members)  # the database's order follows who sent first
        for respondent, (version, answers) in enumerate(members, start=1):
            rows.extend(
                (number, group, version, respondent, question, option)
                for question, option in sorted(answers.items())
            )
    return rows
