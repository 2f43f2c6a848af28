from __future__ import annotations

from coproduce.workshops import projector


def test_word_cloud_counts_each_word_once_ignoring_case_and_spaces():
    cloud = projector.word_cloud(["Hopeful", "tired", " hopeful ", "HOPEFUL", "tired", "calm"])
    assert [(w.text, w.count, w.size) for w in cloud.words] == [
        ("Hopeful", 3, 5),
        ("tired", 2, 3),
        ("calm", 1, 1),
    ]
    assert cloud.left_off == 0


def test_word_cloud_leaves_off_the_words_said_least_and_keeps_their_order():
    cloud = projector.word_cloud(["a", "b", "c", "b", "d", "c"], limit=2)
    assert [w.text for w in cloud.words] == ["b", "c"]
    assert cloud.left_off == 2


def test_word_cloud_of_words_said_once_is_all_one_size():
    assert {w.size for w in projector.word_cloud(["a", "b"]).words} == {2}
    assert projector.word_cloud([]).words == []


def test_tables_go_round_the_colours():
    assert (projector.table_for(1).colour, projector.table_for(1).colour_index) == ("Blue", 1)
    assert (projector.table_for(9).number, projector.table_for(9).colour) == (9, "Blue")
    assert projector.table_for(8).colour == "Brown"


def test_first_and_last_say_what_they_left_off():
    assert projector.first([1, 2, 3], 2) == ([1, 2], 1)
    assert projector.last([1, 2, 3], 2) == ([2, 3], 1)
    assert projector.last([1, 2], 5) == ([1, 2], 0)
