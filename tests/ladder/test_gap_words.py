"""The results page says how far apart lived and learnt experience placed a rung."""

from __future__ import annotations

from coproduce.ladder.templatetags.ladder_tags import gap_words

CASES = [
    ((None, 0, False), '<span class="muted">\N{EN DASH}</span>'),
    ((0, 0, False), "The same"),
    ((1, 1, False), "Lived experience 1 rung higher"),
    ((3, 3, True), '<strong class="gap-flag">⚠ Lived experience 3 rungs higher</strong>'),
    ((-1, 1, True), '<strong class="gap-flag">⚠ Learnt experience 1 rung higher</strong>'),
    ((-2, 2, False), "Learnt experience 2 rungs higher"),
]


def test_each_gap_reads_as_its_own_words():
    assert [str(gap_words(*args)) for args, _ in CASES] == [words for _, words in CASES]
