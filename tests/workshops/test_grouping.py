"""The grouping rules for 1-2-4-All and storyboards, over many random rooms (hypothesis)."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.workshops import grouping

rooms = st.lists(st.booleans(), min_size=0, max_size=60).map(
    lambda kinds: [(pk, lived) for pk, lived in enumerate(kinds, start=1)]
)
seeds = st.integers(min_value=0, max_value=10_000)


def everyone_once(groups, people) -> bool:
    placed = Counter(pk for group in groups for pk in group)
    return placed == Counter(pk for pk, _lived in people)


@given(rooms, seeds)
@settings(max_examples=300)
def test_pairs_place_everyone_once_with_one_three_when_odd(people, seed):
    pairs = grouping.form_pairs(people, seed)
    assert everyone_once(pairs, people)
    sizes = Counter(len(pair) for pair in pairs)
    if len(people) >= 2:
        assert set(sizes) <= {2, 3}
        assert sizes[3] == len(people) % 2
    else:
        assert [len(p) for p in pairs] == ([1] if people else [])


@given(rooms, seeds)
@settings(max_examples=300)
def test_pairs_mix_lived_and_learnt_as_far_as_the_room_allows(people, seed):
    pairs = grouping.form_pairs(people, seed)
    lived = dict(people)
    both = min(sum(lived.values()), len(people) - sum(lived.values()))
    assert grouping.mixed_groups(pairs, lived) == min(both, len(pairs))


@given(rooms, seeds)
@settings(max_examples=300)
def test_fours_from_pairs_are_three_to_five_and_keep_everyone(people, seed):
    pairs = grouping.form_pairs(people, seed)
    fours = grouping.fours_from_pairs(pairs, dict(people), seed)
    assert everyone_once(fours, people)
    if len(people) >= 3:
        assert {len(group) for group in fours} <= {3, 4, 5}


@given(rooms, seeds)
def test_the_same_room_and_seed_give_the_same_groups(people, seed):
    assert grouping.form_pairs(people, seed) == grouping.form_pairs(list(people), seed)
    assert grouping.form_groups(people, seed, size=4) == grouping.form_groups(people, seed, size=4)


@given(rooms, seeds, st.booleans())
def test_a_late_arrival_joins_the_smallest_existing_group(people, seed, lived):
    pairs = grouping.form_pairs(people, seed)
    newcomer = (1000, lived)
    after = grouping.place_late(pairs, newcomer, {**dict(people), 1000: lived})
    assert everyone_once(after, [*people, newcomer])
    assert len(after) == max(1, len(pairs))
    grown = next(i for i, group in enumerate(after) if 1000 in group)
    if pairs:
        assert len(pairs[grown]) == min(len(group) for group in pairs)
        assert [g for i, g in enumerate(after) if i != grown] == [
            g for i, g in enumerate(pairs) if i != grown
        ]


@given(rooms, seeds, st.data())
def test_nobody_is_left_alone_when_someone_leaves(people, seed, data):
    if len(people) < 3:
        return
    fours = grouping.fours_from_pairs(grouping.form_pairs(people, seed), dict(people), seed)
    leaver = data.draw(st.sampled_from([pk for pk, _l in people]))
    after = grouping.remove_person(fours, leaver)
    assert everyone_once(after, [p for p in people if p[0] != leaver])
    assert all(len(group) >= 2 for group in after)


def test_a_room_of_six_makes_two_threes_not_a_four_and_a_pair():
    assert grouping.group_sizes(6, 4) == [3, 3]
    assert grouping.group_sizes(7, 4) == [4, 3]
    assert grouping.group_sizes(10, 4) == [5, 5]
    assert grouping.group_sizes(5, 2) == [2, 3]


def test_swapping_two_people_exchanges_their_places():
    groups = [[1, 2], [3, 4]]
    assert grouping.swap_people(groups, 1, 4) == [[4, 2], [3, 1]]
    assert grouping.swap_people(groups, 1, 2) == groups  # same group: nothing to do
    assert groups == [[1, 2], [3, 4]]  # the input is not changed
