"""Forming pairs and fours for 1-2-4-All (and small groups for storyboards). Pure functions.

No database here: people come in as (id, lived) pairs and groups go out as lists of ids, so the
rules can be tested with many random rooms (tests/workshops/test_grouping.py).

The rules:
- the same people and seed always give the same groups (a facilitator can reload the console);
- each group mixes lived and learnt experience where the room allows it;
- nobody is left alone: an odd number makes one three among the pairs, and fours are threes
  to fives (a room of 6 makes two threes, not a four and a pair);
- fours are made by putting pairs together, so a pair stays together where the sizes allow;
- someone arriving late joins an existing group (the smallest, preferring one that lacks their
  kind of experience); someone leaving is taken out, and a person left on their own joins
  the smallest other group;
- in a hybrid workshop (`places` given: each person's place, in the room or online), pairs,
  fours and groups stay within one place where they can: a place with too few people for a
  group of its own joins the biggest place, and a late arrival joins a group of their place.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

Person = tuple[int, bool]  # (participant id, brings lived experience)
Groups = list[list[int]]
Places = dict[int, str]  # participant id: where they take part ("room", "online")


def split_by_place[T](
    items: Sequence[T], place_of: Callable[[T], str], least: int
) -> list[list[T]]:
    """`items` by place, biggest place first; a place with fewer than `least` items goes in
    with the biggest, since nobody may be left alone (a lone online person joins the room)."""
    parts: dict[str, list[T]] = {}
    for item in items:
        parts.setdefault(place_of(item), []).append(item)
    ordered = sorted(parts.values(), key=lambda part: (-len(part), place_of(part[0])))
    kept = [part for part in ordered if len(part) >= least]
    if not kept:
        return [list(items)] if items else []
    for part in ordered:
        if len(part) < least:
            kept[0].extend(part)
    return kept


def group_sizes(count: int, target: int) -> list[int]:
    """How many people in each group for `count` people and groups of about `target`.

    Pairs (target 2): all twos, and one three if the number is odd. Fours (target 4): fours,
    with the remainder spread so every group has three to five people.
    """
    if count <= 0:
        return []
    if count < target + (1 if target == 2 else 0) or count <= 3:
        return [count]
    groups, remainder = divmod(count, target)
    sizes = [target] * groups
    if target == 2:
        if remainder:
            sizes[-1] += 1
        return sizes
    if remainder == 0:
        return sizes
    if remainder == target - 1:
        return [*sizes, remainder]
    if remainder == 2 and groups == 1:
        return [3, 3]
    for index in range(remainder):
        sizes[index % groups] += 1
    return sorted(sizes, reverse=True)


def _mixed_order(people: Sequence[Person], rng: random.Random) -> list[int]:
    """People in an order where neighbours alternate lived and learnt while both last."""
    lived = sorted(pk for pk, is_lived in people if is_lived)
    learnt = sorted(pk for pk, is_lived in people if not is_lived)
    rng.shuffle(lived)
    rng.shuffle(learnt)
    order: list[int] = []
    while lived and learnt:
        order.extend((lived.pop(), learnt.pop()))
    order.extend(lived or learnt)
    return order


def _chunk(order: Sequence[int], sizes: Sequence[int]) -> Groups:
    groups: Groups = []
    start = 0
    for size in sizes:
        groups.append(list(order[start : start + size]))
        start += size
    return groups


def form_pairs(people: Sequence[Person], seed: int, places: Places | None = None) -> Groups:
    """Pairs (and one three when the number is odd), mixing lived and learnt experience;
    with `places`, within each place."""
    if places:
        parts = split_by_place(people, lambda person: places.get(person[0], ""), 2)
        return [pair for part in parts for pair in form_pairs(part, seed)]
    rng = random.Random(seed)  # noqa: S311 -- repeatable groups, not secrets
    return _chunk(_mixed_order(people, rng), group_sizes(len(people), 2))


def form_groups(
    people: Sequence[Person], seed: int, *, size: int = 4, places: Places | None = None
) -> Groups:
    """Groups of about `size` (three to five for fours), mixing lived and learnt experience;
    with `places`, within each place.

    People alternate lived and learnt in the order the groups are filled, so each group gets
    both kinds while they last.
    """
    if places:
        parts = split_by_place(people, lambda person: places.get(person[0], ""), 2)
        return [group for part in parts for group in form_groups(part, seed, size=size)]
    order = _mixed_order(people, random.Random(seed))  # noqa: S311 -- repeatable groups
    return _chunk(order, group_sizes(len(order), size))


def fours_from_pairs(
    pairs: Groups, lived: dict[int, bool], seed: int, places: Places | None = None
) -> Groups:
    """Fours made by putting pairs together: a pair with more lived experience goes with one
    with more learnt experience. Sizes follow `group_sizes(count, 4)`, so where the sizes do
    not fit whole pairs, one pair is split across two groups. With `places`, pairs of one
    place make fours together (a pair's place is its first member's)."""
    if places:
        parts = split_by_place(
            [pair for pair in pairs if pair], lambda pair: places.get(min(pair), ""), 2
        )
        return [four for part in parts for four in fours_from_pairs(part, lived, seed)]
    rng = random.Random(seed)  # noqa: S311 -- repeatable groups, not secrets
    ordered = [sorted(pair) for pair in pairs if pair]
    rng.shuffle(ordered)
    ordered.sort(key=lambda pair: sum(lived.get(pk, False) for pk in pair) / len(pair))
    # Most-lived with most-learnt: take from both ends in turn.
    arranged: Groups = []
    while ordered:
        arranged.append(ordered.pop())
        if ordered:
            arranged.append(ordered.pop(0))
    order = [pk for pair in arranged for pk in pair]
    return _chunk(order, group_sizes(len(order), 4))


def place_late(
    groups: Groups, person: Person, lived: dict[int, bool], places: Places | None = None
) -> Groups:
    """Someone arrived late: they join an existing group (a copy is returned).

    The smallest group takes them; among equally small groups, one that has fewer people
    with their kind of experience; then the first. With `places`, a group of their own place
    comes first, if there is one. With no groups yet, they start one.
    """
    pk, is_lived = person
    result = [list(group) for group in groups]
    if any(pk in group for group in result):
        return result
    if not result:
        return [[pk]]

    known = places or {}
    where = known.get(pk, "")

    def fit(index: int) -> tuple[int, int, int, int]:
        group = result[index]
        elsewhere = int(any(known.get(m, "") != where for m in group))
        same = sum(lived.get(member, False) == is_lived for member in group)
        return (elsewhere, len(group), same, index)

    best = min(range(len(result)), key=fit)
    result[best].append(pk)
    return result


def remove_person(groups: Groups, pk: int) -> Groups:
    """Someone left: take them out (a copy is returned). Anyone left on their own joins the
    smallest other group, so nobody talks to an empty chair."""
    result = [[member for member in group if member != pk] for group in groups]
    result = [group for group in result if group]
    alone = [group for group in result if len(group) == 1]
    if len(result) > 1:
        for group in alone:
            if len(result) == 1:
                break
            result.remove(group)
            smallest = min(range(len(result)), key=lambda i: (len(result[i]), i))
            result[smallest].extend(group)
    return result


def swap_people(groups: Groups, first: int, second: int) -> Groups:
    """The facilitator swaps two people between their groups (a copy is returned)."""
    result = [list(group) for group in groups]
    where = {pk: index for index, group in enumerate(result) for pk in group}
    if first not in where or second not in where or where[first] == where[second]:
        return result
    a, b = result[where[first]], result[where[second]]
    a[a.index(first)], b[b.index(second)] = second, first
    return result


def mixed_groups(groups: Groups, lived: dict[int, bool]) -> int:
    """How many groups have both lived and learnt experience in them."""
    return sum(len({lived.get(pk, False) for pk in group}) == 2 for group in groups)
