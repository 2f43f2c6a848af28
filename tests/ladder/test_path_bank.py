"""Bank v2, a path bank: its checks, its words, and how long it takes to read."""

import copy
import json

import pytest

from coproduce.initiatives.rungs import RUNGS
from coproduce.ladder.bank import BANKS_DIR, InvalidBank, load_bank
from coproduce.ladder.path_bank import VOICES, load_any_bank, parse_path_bank
from coproduce.panels.plain_language import EASY_READ_MAX, GRADE_MAX, check_text

RAW = json.loads((BANKS_DIR / "v2.json").read_text(encoding="utf-8"))
BANK = load_any_bank(2)
# About 100 words a minute for a reader with a reading age of 9 to 11.
WORDS_A_MINUTE = 100


def _page_text(question, voice):
    """Everything a question page asks someone to read."""
    return "\n".join(
        [question.wording(voice), f"Why we ask: {question.why}"]
        + [o.text for o in question.options]
        + ["I don’t know."]
    )


def test_load_any_bank_reads_both_kinds():
    assert (type(load_any_bank(1)).__name__, type(BANK).__name__) == ("Bank", "PathBank")
    assert len(BANK.questions) == 15
    assert [len(r.needs) for r in BANK.path] == [0, 1, 1, 1, 1, 2, 6]


def test_load_bank_v1_reader_refuses_a_path_bank_plainly():
    with pytest.raises(InvalidBank, match="is a path bank"):
        load_bank(2)


@pytest.mark.parametrize("voice", VOICES)
def test_bank_v2_takes_about_ten_minutes_to_read_in_every_voice(voice):
    reports = [check_text(_page_text(q, voice)) for q in BANK.questions]
    total = sum(r.words for r in reports)
    assert total / WORDS_A_MINUTE <= 10, total
    assert max(r.words for r in reports) <= 130
    assert max(r.grade for r in reports) <= GRADE_MAX
    assert max(r.longest for r in reports) <= 25


@pytest.mark.parametrize("voice", ["staff", "person"])
def test_bank_v2_easy_read_sentences_are_short(voice):
    for question in BANK.questions:
        text = "\n".join(
            [question.wording(voice, easy_read=True), *(o.easy_read for o in question.options)]
        )
        report = check_text(text, easy_read=True)
        assert report.longest <= EASY_READ_MAX, question.key


def test_bank_v2_person_voice_says_you_and_proxy_voice_says_this_person():
    for question in BANK.questions:
        if question.text_person != question.text:
            assert "you" in question.text_person.lower(), question.key
            assert "this person" in question.text_proxy, question.key


def test_bank_v2_options_never_name_a_rung():
    names = {str(r.name).lower() for r in RUNGS}
    for question in BANK.questions:
        for option in question.options:
            assert not any(name in option.text.lower() for name in names), option.key


def _broken(change):
    data = copy.deepcopy(RAW)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["path"].pop(), "every rung from 0 to 6"),
        (lambda d: d["path"][3]["needs"].clear(), "needs something"),
        (
            lambda d: d["path"][4]["needs"][0].update(at_least="explained"),
            "must need more than the rung below",
        ),
        (lambda d: d["path"][5]["needs"][0].update(question="vc_pay"), "is not a rung question"),
        (lambda d: d["questions"][2]["options"][0].pop("next_step"), "needs its easy read"),
        (lambda d: d["questions"][9]["options"][0].pop("quality"), "'quality' must be one of"),
        (lambda d: d["phrases"].pop(), "no phrase for"),
        (
            lambda d: d["questions"][0]["options"].append(
                {"key": "not_sure", "text": "x", "easy_read": "x"}
            ),
            "is implied",
        ),
    ],
)
def test_parse_path_bank_refuses_a_malformed_bank_saying_where(change, message):
    with pytest.raises(InvalidBank, match=message):
        parse_path_bank(_broken(change))
