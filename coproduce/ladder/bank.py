"""Load and check the versioned Ladder question banks kept in banks/vN.json.

A bank is never edited once answers exist under it: a change makes a new vN+1.json, and old
answers stay scored by the bank they were given under. No Django here, so the loader and the
scoring engine can be tested without settings.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

BANKS_DIR = Path(__file__).resolve().parent / "banks"
CHARACTERISTIC_KEYS = (
    "equal_partnership",
    "from_the_start",
    "inclusivity_accessibility",
    "valued_contributions",
    "focus_on_outcomes",
)
LOWEST_RUNG = 0
TOP_RUNG = 6
NOT_SURE = "not_sure"
RULE_KINDS = ("gate", "cap")
MIN_OPTIONS = 3
MAX_OPTIONS = 5

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_FILE = re.compile(r"^v([1-9][0-9]*)\.json$")


class BankError(Exception):
    """Base class for question bank problems."""


class UnknownBankVersion(BankError, LookupError):
    """There is no banks/vN.json for the version asked for."""


class InvalidBank(BankError, ValueError):
    """A bank file is malformed; the message says where."""


@dataclass(frozen=True)
class Option:
    key: str
    text: str
    easy_read: str
    level: int
    next_step: str | None
    next_step_easy_read: str | None


@dataclass(frozen=True)
class Question:
    key: str
    characteristic: str
    text: str
    easy_read: str
    why: str
    options: tuple[Option, ...]

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(option.level for option in self.options)

    @property
    def top_level(self) -> int:
        return self.options[-1].level

    def option(self, key: str) -> Option:
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(key)

    def option_at(self, level: int) -> Option:
        for option in self.options:
            if option.level == level:
                return option
        raise KeyError(level)


@dataclass(frozen=True)
class Rule:
    """A gate (a rung's essential) or a cap: `rung` or higher needs `question` >= `min_level`.

    `not_sure_blocks` says whether an unanswered question counts as not meeting it.
    """

    key: str
    kind: str
    rung: int
    question: str
    min_level: int
    not_sure_blocks: bool
    reason: str
    reason_easy_read: str


@dataclass(frozen=True)
class CoercionRule:
    """Answering `question` at `level` or lower means people were not told at all."""

    question: str
    level: int
    reason: str
    reason_easy_read: str


@dataclass(frozen=True)
class Bank:
    version: int
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    coercion: CoercionRule
    balance_reason: str
    balance_reason_easy_read: str

    def question(self, key: str) -> Question:
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(key)

    def questions_for(self, characteristic: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.characteristic == characteristic)

    def rules_for(self, question_key: str) -> tuple[Rule, ...]:
        """The gates and caps this question feeds."""
        return tuple(rule for rule in self.rules if rule.question == question_key)


def latest_bank_version(directory: Path = BANKS_DIR) -> int:
    """The highest N with a banks/vN.json. Raises UnknownBankVersion when there is none."""
    versions = [int(m.group(1)) for p in directory.iterdir() if (m := _FILE.match(p.name))]
    if not versions:
        raise UnknownBankVersion(f"no question banks in {directory}")
    return max(versions)


def read_bank_file(version: int, directory: Path = BANKS_DIR) -> Any:
    """The decoded banks/v{version}.json, of either kind.

    Raises UnknownBankVersion if the file does not exist and InvalidBank if it is not JSON.
    """
    path = directory / f"v{version}.json"
    if not isinstance(version, int) or version < 1 or not path.is_file():
        raise UnknownBankVersion(f"there is no question bank version {version!r}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidBank(f"{path.name} is not valid JSON: {exc}") from exc


def is_path_bank(data: Any) -> bool:
    """A bank of the "path" kind (v2 on), read by path_bank.py rather than here."""
    return isinstance(data, dict) and data.get("kind") == "path"


def check_version(bank: Bank | Any, version: int) -> None:
    if bank.version != version:
        raise InvalidBank(f"v{version}.json says it is version {bank.version}")


@cache
def load_bank(version: int, directory: Path = BANKS_DIR) -> Bank:
    """Read and check banks/v{version}.json. Cached: a bank never changes once published.

    Raises UnknownBankVersion if the file does not exist and InvalidBank if it is malformed.
    """
    data = read_bank_file(version, directory)
    if is_path_bank(data):
        raise InvalidBank(f"v{version}.json is a path bank: read it with path_bank.load_any_bank")
    bank = parse_bank(data)
    check_version(bank, version)
    return bank


def parse_bank(data: Any) -> Bank:
    """Check a decoded bank and build it. Raises InvalidBank naming the first problem found."""
    top = _fields(data, "bank", {"version", "questions", "rules", "coercion", "balance"})
    version = top["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidBank("bank: 'version' must be a whole number of 1 or more")
    raw_questions = top["questions"]
    if not isinstance(raw_questions, list) or not raw_questions:
        raise InvalidBank("bank: 'questions' must be a non-empty list")
    questions = tuple(_question(raw, i) for i, raw in enumerate(raw_questions, start=1))
    _check_unique([q.key for q in questions], "bank", "question")
    for key in CHARACTERISTIC_KEYS:
        if sum(q.characteristic == key for q in questions) < 2:
            raise InvalidBank(f"bank: characteristic {key!r} needs at least 2 questions")
    by_key = {q.key: q for q in questions}
    raw_rules = top["rules"]
    if not isinstance(raw_rules, list):
        raise InvalidBank("bank: 'rules' must be a list")
    rules = tuple(_rule(raw, i, by_key) for i, raw in enumerate(raw_rules, start=1))
    _check_unique([r.key for r in rules], "bank", "rule")
    balance = _fields(top["balance"], "balance", {"reason", "reason_easy_read"})
    return Bank(
        version=version,
        questions=questions,
        rules=rules,
        coercion=_coercion(top["coercion"], by_key),
        balance_reason=_text(balance, "reason", "balance"),
        balance_reason_easy_read=_text(balance, "reason_easy_read", "balance"),
    )


def _question(raw: Any, number: int) -> Question:
    where = _name(raw, "question", number)
    d = _fields(raw, where, {"key", "characteristic", "text", "easy_read", "why", "options"})
    key = _key(d, where)
    characteristic = d["characteristic"]
    if characteristic not in CHARACTERISTIC_KEYS:
        raise InvalidBank(f"{where}: unknown characteristic {characteristic!r}")
    raw_options = d["options"]
    if not isinstance(raw_options, list) or not MIN_OPTIONS <= len(raw_options) <= MAX_OPTIONS:
        raise InvalidBank(f"{where}: needs {MIN_OPTIONS} to {MAX_OPTIONS} options")
    last = len(raw_options)
    options = tuple(
        _option(raw, f"{where} option {i}", is_top=i == last)
        for i, raw in enumerate(raw_options, start=1)
    )
    _check_unique([o.key for o in options], where, "option")
    levels = [o.level for o in options]
    if any(low >= high for low, high in itertools.pairwise(levels)):
        raise InvalidBank(f"{where}: option levels must rise from first to last, got {levels}")
    if levels[-1] != TOP_RUNG:
        raise InvalidBank(f"{where}: the last option must be at level {TOP_RUNG}")
    return Question(
        key=key,
        characteristic=characteristic,
        text=_text(d, "text", where),
        easy_read=_text(d, "easy_read", where),
        why=_text(d, "why", where),
        options=options,
    )


def _option(raw: Any, where: str, *, is_top: bool) -> Option:
    common = {"key", "text", "easy_read", "level"}
    steps = {"next_step", "next_step_easy_read"}
    if is_top and isinstance(raw, dict) and steps & raw.keys():
        raise InvalidBank(f"{where}: the last option is the top one, so it has no next step")
    d = _fields(raw, where, common if is_top else common | steps)
    key = _key(d, where)
    if key == NOT_SURE:
        raise InvalidBank(f"{where}: {NOT_SURE!r} is implied and cannot be listed as an option")
    return Option(
        key=key,
        text=_text(d, "text", where),
        easy_read=_text(d, "easy_read", where),
        level=_level(d, "level", where),
        next_step=None if is_top else _text(d, "next_step", where),
        next_step_easy_read=None if is_top else _text(d, "next_step_easy_read", where),
    )


def _rule(raw: Any, number: int, questions: Mapping[str, Question]) -> Rule:
    where = _name(raw, "rule", number)
    d = _fields(
        raw,
        where,
        {"key", "kind", "rung", "question", "min_level", "not_sure_blocks", "reason"}
        | {"reason_easy_read"},
    )
    key = _key(d, where)
    if d["kind"] not in RULE_KINDS:
        raise InvalidBank(f"{where}: 'kind' must be one of {RULE_KINDS}")
    rung, min_level = _level(d, "rung", where), _level(d, "min_level", where)
    question = questions.get(d["question"])
    if question is None:
        raise InvalidBank(f"{where}: unknown question {d['question']!r}")
    if rung == LOWEST_RUNG:
        raise InvalidBank(f"{where}: nothing can stop the lowest rung being reached")
    if min_level > rung:
        # Otherwise the next-step list, which aims one rung up, could miss the blocking answer.
        raise InvalidBank(f"{where}: 'min_level' cannot be above the rung it guards")
    if min_level <= question.levels[0]:
        raise InvalidBank(f"{where}: can never fail, every option is at or above {min_level}")
    if min_level not in question.levels:
        raise InvalidBank(f"{where}: no option of {question.key!r} is at level {min_level}")
    if not isinstance(d["not_sure_blocks"], bool):
        raise InvalidBank(f"{where}: 'not_sure_blocks' must be true or false")
    return Rule(
        key=key,
        kind=d["kind"],
        rung=rung,
        question=question.key,
        min_level=min_level,
        not_sure_blocks=d["not_sure_blocks"],
        reason=_text(d, "reason", where),
        reason_easy_read=_text(d, "reason_easy_read", where),
    )


def _coercion(raw: Any, questions: Mapping[str, Question]) -> CoercionRule:
    d = _fields(raw, "coercion", {"question", "level", "reason", "reason_easy_read"})
    question = questions.get(d["question"])
    if question is None:
        raise InvalidBank(f"coercion: unknown question {d['question']!r}")
    level = _level(d, "level", "coercion")
    if level != question.levels[0]:
        raise InvalidBank("coercion: 'level' must be the level of the question's first option")
    return CoercionRule(
        question=question.key,
        level=level,
        reason=_text(d, "reason", "coercion"),
        reason_easy_read=_text(d, "reason_easy_read", "coercion"),
    )


def _name(raw: Any, what: str, number: int) -> str:
    """Name a question or rule by its key in error messages when it has a usable one."""
    key = raw.get("key") if isinstance(raw, dict) else None
    if isinstance(key, str) and _KEY.match(key):
        return f"{what} {key!r}"
    return f"{what} {number}"


def _fields(raw: Any, where: str, expected: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InvalidBank(f"{where}: must be an object")
    missing = sorted(expected - raw.keys())
    if missing:
        raise InvalidBank(f"{where}: missing {', '.join(repr(m) for m in missing)}")
    unknown = sorted(raw.keys() - expected)
    if unknown:
        raise InvalidBank(f"{where}: unknown field {', '.join(repr(u) for u in unknown)}")
    return raw


def _text(d: Mapping[str, Any], name: str, where: str) -> str:
    value = d[name]
    if not isinstance(value, str) or not value.strip():
        raise InvalidBank(f"{where}: {name!r} must be non-empty text")
    return value.strip()


def _key(d: Mapping[str, Any], where: str) -> str:
    value = d["key"]
    if not isinstance(value, str) or not _KEY.match(value):
        raise InvalidBank(f"{where}: key {value!r} must be lower_snake_case")
    return value


def _level(d: Mapping[str, Any], name: str, where: str) -> int:
    value = d[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidBank(f"{where}: {name!r} must be a whole number from 0 to 6")
    if not LOWEST_RUNG <= value <= TOP_RUNG:
        raise InvalidBank(f"{where}: {name!r} must be a whole number from 0 to 6")
    return value


def _check_unique(keys: list[str], where: str, what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise InvalidBank(f"{where}: duplicate {what} key {key!r}")
        seen.add(key)
