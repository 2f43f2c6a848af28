"""Two people saving the same storyboard box: nobody's words are lost."""

from __future__ import annotations

from coproduce.workshops.merging import merge_text


def test_nobody_else_changed_it_so_mine_replaces_it():
    assert merge_text("Phone the council", "Phone the council", "Phone the team") == (
        "Phone the team"
    )


def test_two_additions_at_the_end_are_both_kept():
    base = "Waiting for a call"
    assert merge_text(base, base + " for weeks", base + ", nobody rings") == (
        "Waiting for a call for weeks, nobody rings"
    )
    assert merge_text("", "Ramp", "Benches") == "Ramp\nBenches"


def test_different_rewrites_keep_both_on_new_lines():
    assert merge_text("Form", "A long form", "A confusing form") == "A long form\nA confusing form"


def test_saving_unchanged_text_keeps_the_other_persons_words():
    assert merge_text("Form", "A long form", "Form") == "A long form"


def test_saving_the_same_words_twice_does_not_repeat_them():
    assert merge_text("", "Ramp", "Ramp") == "Ramp"
    assert merge_text("", "Ramp and benches", "Ramp") == "Ramp and benches"
