import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coproduce.initiatives import rungs
from coproduce.ladder.bank import (
    BANKS_DIR,
    CHARACTERISTIC_KEYS,
    InvalidBank,
    UnknownBankVersion,
    latest_bank_version,
    load_bank,
    parse_bank,
)

RUNG_WORDS = (
    "coerc",
    "educat",
    "inform",
    "consult",
    "engag",
    "co-design",
    "codesign",
    "co-produc",
    "coproduc",
)


def _v1_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((BANKS_DIR / "v1.json").read_text(encoding="utf-8"))
    return data


def _question(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(q for q in data["questions"] if q["key"] == key)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text) if s]


def test_load_bank_v1_has_seventeen_questions_across_five_characteristics() -> None:
    bank = load_bank(1)
    counts = {key: len(bank.questions_for(key)) for key in CHARACTERISTIC_KEYS}
    assert bank.version == 1
    assert len(bank.questions) == 17
    assert counts == {
        "equal_partnership": 4,
        "from_the_start": 3,
        "inclusivity_accessibility": 4,
        "valued_contributions": 3,
        "focus_on_outcomes": 3,
    }


def test_load_bank_v1_rules_name_the_questions_they_gate() -> None:
    bank = load_bank(1)
    assert [r.key for r in bank.rules_for("ep_decisions")] == [
        "informing_needs_clear_facts",
        "consultation_needs_views_asked",
        "engagement_needs_views_to_count",
        "co_production_needs_shared_decisions",
    ]
    assert [r.key for r in bank.rules_for("fs_through")] == [
        "co_production_needs_seeing_it_through"
    ]
    assert [(r.key, r.kind) for r in bank.rules_for("ia_needs")] == [
        ("co_design_needs_access_asked", "cap")
    ]
    assert bank.rules_for("vc_pay") == ()
    assert (bank.coercion.question, bank.coercion.level) == ("fs_first", 0)


def test_load_bank_v1_options_never_name_a_rung() -> None:
    bank = load_bank(1)
    texts = [
        text.lower()
        for q in bank.questions
        for o in q.options
        for text in (o.text, o.easy_read, o.next_step or "", o.next_step_easy_read or "")
    ]
    assert [t for t in texts if any(word in t for word in RUNG_WORDS)] == []


def test_load_bank_v1_easy_read_sentences_are_short() -> None:
    bank = load_bank(1)
    easy = [q.easy_read for q in bank.questions]
    easy += [o.easy_read for q in bank.questions for o in q.options]
    easy += [o.next_step_easy_read or "" for q in bank.questions for o in q.options[:-1]]
    easy += [r.reason_easy_read for r in bank.rules]
    longest = max(len(s.split()) for text in easy for s in _sentences(text))
    assert longest <= 12


def test_load_bank_v1_the_first_option_of_each_question_is_not_the_top() -> None:
    bank = load_bank(1)
    assert all(q.options[0].next_step for q in bank.questions)
    assert all(q.options[-1].next_step is None for q in bank.questions)


def test_latest_bank_version_is_two() -> None:
    assert latest_bank_version() == 2


def test_latest_bank_version_picks_the_highest_file(tmp_path: Path) -> None:
    for name in ("v1.json", "v2.json", "v10.json", "notes.txt", "v0.json"):
        (tmp_path / name).write_text("{}")
    assert latest_bank_version(tmp_path) == 10


def test_latest_bank_version_empty_directory_raises(tmp_path: Path) -> None:
    with pytest.raises(UnknownBankVersion):
        latest_bank_version(tmp_path)


@pytest.mark.parametrize("version", [0, -1, 3, 99])
def test_load_bank_unknown_version_raises(version: int) -> None:
    with pytest.raises(UnknownBankVersion) as info:
        load_bank(version)
    assert str(info.value) == f"there is no question bank version {version}"


def test_load_bank_reads_a_new_version_from_its_file(tmp_path: Path) -> None:
    data = _v1_data()
    data["version"] = 2
    (tmp_path / "v2.json").write_text(json.dumps(data))
    assert load_bank(2, tmp_path).version == 2
    assert len(load_bank(2, tmp_path).questions) == 17


def test_load_bank_version_mismatch_raises(tmp_path: Path) -> None:
    (tmp_path / "v3.json").write_text(json.dumps(_v1_data()))
    with pytest.raises(InvalidBank) as info:
        load_bank(3, tmp_path)
    assert str(info.value) == "v3.json says it is version 1"


def test_load_bank_broken_json_raises(tmp_path: Path) -> None:
    (tmp_path / "v1.json").write_text('{"version": 1,')
    with pytest.raises(InvalidBank) as info:
        load_bank(1, tmp_path)
    assert str(info.value).startswith("v1.json is not valid JSON: ")


def _set(path: Callable[[dict[str, Any]], dict[str, Any]], field: str, value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        path(data)[field] = value

    return change


def _drop(path: Callable[[dict[str, Any]], dict[str, Any]], field: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        del path(data)[field]

    return change


def _ep(data: dict[str, Any]) -> dict[str, Any]:
    return _question(data, "ep_decisions")


def _ep_option(n: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: _ep(data)["options"][n]


def _rule(n: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: data["rules"][n]


def _duplicate_question(data: dict[str, Any]) -> None:
    data["questions"].append(copy.deepcopy(data["questions"][0]))


def _duplicate_option(data: dict[str, Any]) -> None:
    _ep(data)["options"][1]["key"] = "told_to_accept"


def _duplicate_rule(data: dict[str, Any]) -> None:
    data["rules"].append(copy.deepcopy(data["rules"][0]))


def _two_options(data: dict[str, Any]) -> None:
    _ep(data)["options"] = _ep(data)["options"][-2:]


def _six_options(data: dict[str, Any]) -> None:
    _question(data, "ep_options")["options"].insert(0, copy.deepcopy(_ep(data)["options"][0]))


def _falling_levels(data: dict[str, Any]) -> None:
    _ep(data)["options"][0]["level"] = 3


def _top_with_step(data: dict[str, Any]) -> None:
    _ep(data)["options"][-1]["next_step"] = "Keep going."


def _lone_characteristic(data: dict[str, Any]) -> None:
    data["questions"] = [q for q in data["questions"] if q["key"] not in {"fo_review", "fo_change"}]


EP = "question 'ep_decisions'"
R0 = "rule 'informing_needs_clear_facts'"
R3 = "rule 'co_design_needs_open_options'"
R6 = "rule 'co_production_needs_shared_decisions'"
BAD_BANKS = [
    (_set(lambda d: d, "version", "1"), "bank: 'version' must be a whole number of 1 or more"),
    (_set(lambda d: d, "questions", []), "bank: 'questions' must be a non-empty list"),
    (_set(lambda d: d, "extra", 1), "bank: unknown field 'extra'"),
    (_drop(lambda d: d, "balance"), "bank: missing 'balance'"),
    (_set(_ep, "characteristic", "kindness"), f"{EP}: unknown characteristic 'kindness'"),
    (_duplicate_question, "bank: duplicate question key 'ep_decisions'"),
    (_drop(_ep, "easy_read"), f"{EP}: missing 'easy_read'"),
    (_set(_ep, "why", "  "), f"{EP}: 'why' must be non-empty text"),
    (_set(_ep, "key", "Who-decides"), "question 1: key 'Who-decides' must be lower_snake_case"),
    (_set(_ep, "easyread", "x"), f"{EP}: unknown field 'easyread'"),
    (_drop(_ep_option(0), "easy_read"), f"{EP} option 1: missing 'easy_read'"),
    (_drop(_ep_option(0), "next_step"), f"{EP} option 1: missing 'next_step'"),
    (
        _set(_ep_option(0), "key", "not_sure"),
        f"{EP} option 1: 'not_sure' is implied and cannot be listed as an option",
    ),
    (_set(_ep_option(0), "level", 7), f"{EP} option 1: 'level' must be a whole number from 0 to 6"),
    (
        _set(_ep_option(0), "level", True),
        f"{EP} option 1: 'level' must be a whole number from 0 to 6",
    ),
    (_duplicate_option, f"{EP}: duplicate option key 'told_to_accept'"),
    (_two_options, f"{EP}: needs 3 to 5 options"),
    (_six_options, "question 'ep_options': needs 3 to 5 options"),
    (_falling_levels, f"{EP}: option levels must rise from first to last, got [3, 2, 3, 4, 6]"),
    (_set(_ep_option(4), "level", 5), f"{EP}: the last option must be at level 6"),
    (_top_with_step, f"{EP} option 5: the last option is the top one, so it has no next step"),
    (_lone_characteristic, "bank: characteristic 'focus_on_outcomes' needs at least 2 questions"),
    (_duplicate_rule, "bank: duplicate rule key 'informing_needs_clear_facts'"),
    (_set(_rule(0), "kind", "fence"), f"{R0}: 'kind' must be one of ('gate', 'cap')"),
    (_set(_rule(0), "question", "ep_vibes"), f"{R0}: unknown question 'ep_vibes'"),
    (_set(_rule(0), "rung", 0), f"{R0}: nothing can stop the lowest rung being reached"),
    (_set(_rule(0), "min_level", 3), f"{R0}: 'min_level' cannot be above the rung it guards"),
    (_set(_rule(0), "min_level", 1), f"{R0}: can never fail, every option is at or above 1"),
    (_set(_rule(3), "min_level", 2), f"{R3}: can never fail, every option is at or above 2"),
    (_set(_rule(6), "min_level", 5), f"{R6}: no option of 'ep_decisions' is at level 5"),
    (_set(_rule(0), "not_sure_blocks", "no"), f"{R0}: 'not_sure_blocks' must be true or false"),
    (_drop(_rule(0), "reason_easy_read"), f"{R0}: missing 'reason_easy_read'"),
    (
        _set(lambda d: d["coercion"], "question", "ep_vibes"),
        "coercion: unknown question 'ep_vibes'",
    ),
    (
        _set(lambda d: d["coercion"], "level", 2),
        "coercion: 'level' must be the level of the question's first option",
    ),
    (_set(lambda d: d, "balance", "one rung"), "balance: must be an object"),
]


@pytest.mark.parametrize(("change", "message"), BAD_BANKS)
def test_parse_bank_malformed_raises(
    change: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = _v1_data()
    change(data)
    with pytest.raises(InvalidBank) as info:
        parse_bank(data)
    assert str(info.value) == message


def test_parse_bank_not_an_object_raises() -> None:
    with pytest.raises(InvalidBank) as info:
        parse_bank([])
    assert str(info.value) == "bank: must be an object"


def test_rungs_run_from_coercion_to_co_production() -> None:
    assert [(r.order, r.key, r.group) for r in rungs.RUNGS] == [
        (0, "coercion", "doing_to"),
        (1, "educating", "doing_to"),
        (2, "informing", "doing_for"),
        (3, "consultation", "doing_for"),
        (4, "engagement", "doing_for"),
        (5, "co_design", "doing_with"),
        (6, "co_production", "doing_with"),
    ]
    assert [g.key for g in rungs.GROUPS] == ["doing_to", "doing_for", "doing_with"]


def test_rung_at_and_by_key_find_the_same_rung() -> None:
    assert rungs.rung_at(5) is rungs.rung_by_key("co_design")
    with pytest.raises(IndexError):
        rungs.rung_at(7)
    with pytest.raises(KeyError):
        rungs.rung_by_key("tokenism")


def test_rungs_characteristics_match_the_bank() -> None:
    assert tuple(c.key for c in rungs.CHARACTERISTICS) == CHARACTERISTIC_KEYS


def test_arnstein_mapping_covers_both_ladders() -> None:
    assert [(a.order, a.key) for a in rungs.ARNSTEIN_RUNGS] == list(
        enumerate(
            [
                "manipulation",
                "therapy",
                "informing",
                "consultation",
                "placation",
                "partnership",
                "delegated_power",
                "citizen_control",
            ],
            start=1,
        )
    )
    arnstein_keys = {a.key for a in rungs.ARNSTEIN_RUNGS}
    assert {link.arnstein for link in rungs.ARNSTEIN_LINKS} == arnstein_keys
    assert {link.rung for link in rungs.ARNSTEIN_LINKS} == {r.key for r in rungs.RUNGS}
    assert [(link.arnstein, link.fit) for link in rungs.arnstein_links_for("co_production")] == [
        ("partnership", "close"),
        ("delegated_power", "beyond"),
        ("citizen_control", "beyond"),
    ]
    assert [link.arnstein for link in rungs.arnstein_links_for("educating")] == ["therapy"]
