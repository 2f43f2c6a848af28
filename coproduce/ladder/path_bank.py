"""Question banks of the "path" kind (bank v2 on): a few questions place the work on a rung.

Bank v1 (bank.py) scored every question and took medians. From v2 the rung comes from the
ladder's own definitions: a short path of questions about what happened to people (were they
told, asked, asked for their own ideas, did they design it, decide as equals, stay to the end,
keep meeting). The five key characteristics are asked too, as strengths and gaps within the
rung. placement.py places answers on the path. No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from coproduce.ladder.bank import (
    BANKS_DIR,
    CHARACTERISTIC_KEYS,
    LOWEST_RUNG,
    NOT_SURE,
    TOP_RUNG,
    Bank,
    InvalidBank,
    _check_unique,
    _fields,
    _key,
    _name,
    _text,
    check_version,
    is_path_bank,
    load_bank,
    read_bank_file,
)

RUNG_PART = "rung"
QUALITIES = ("gap", "partly", "strength")
# Who is answering decides the wording: staff about what they did, a person about what
# happened to them, staff typing in someone else's answers about "this person".
VOICES = ("staff", "person", "proxy")


@dataclass(frozen=True)
class PathOption:
    key: str
    text: str
    easy_read: str
    rank: int | None  # None: "this did not happen", outside the order
    quality: str | None  # characteristic questions: "gap", "partly" or "strength"
    next_step: str | None
    next_step_easy_read: str | None

    @property
    def not_applicable(self) -> bool:
        return self.rank is None


@dataclass(frozen=True)
class PathQuestion:
    key: str
    part: str  # "rung", or the key characteristic it is about
    characteristic: str | None  # the characteristic a rung question also tells about
    text: str
    text_person: str
    text_proxy: str
    easy_read: str
    easy_read_person: str
    why: str
    options: tuple[PathOption, ...]

    @property
    def on_path(self) -> bool:
        return self.part == RUNG_PART

    @property
    def about(self) -> str | None:
        """The key characteristic this question tells about, if any."""
        return self.characteristic if self.on_path else self.part

    def option(self, key: str) -> PathOption:
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(key)

    def option_at(self, rank: int) -> PathOption:
        for option in self.options:
            if option.rank == rank:
                return option
        raise KeyError(rank)

    def wording(self, voice: str, *, easy_read: bool = False) -> str:
        """The question as the person answering should read it."""
        if easy_read:
            return self.easy_read if voice == "staff" else self.easy_read_person
        return {"staff": self.text, "person": self.text_person}.get(voice, self.text_proxy)


@dataclass(frozen=True)
class Need:
    """Rung `rung` needs `question` answered `at_least` option (by rank) or higher."""

    question: str
    at_least: str
    rank: int
    met: str  # "people were asked for their own ideas"
    unmet: str  # "people were not asked for their own ideas"


@dataclass(frozen=True)
class PathRung:
    rung: int
    needs: tuple[Need, ...]  # all it needs, its own and every lower rung's
    own_needs: tuple[Need, ...]  # what it adds to the rung below
    reason: str
    reason_easy_read: str


@dataclass(frozen=True)
class PathBank:
    version: int
    questions: tuple[PathQuestion, ...]
    path: tuple[PathRung, ...]  # rungs 0 to 6 in order

    def question(self, key: str) -> PathQuestion:
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(key)

    def questions_about(self, characteristic: str) -> tuple[PathQuestion, ...]:
        return tuple(q for q in self.questions if q.about == characteristic)


AnyBank = Bank | PathBank


@cache
def load_any_bank(version: int, directory: Path = BANKS_DIR) -> AnyBank:
    """Read banks/v{version}.json of either kind. Raises UnknownBankVersion or InvalidBank."""
    data = read_bank_file(version, directory)
    if not is_path_bank(data):
        return load_bank(version, directory)
    bank = parse_path_bank(data)
    check_version(bank, version)
    return bank


def parse_path_bank(data: Any) -> PathBank:
    """Check a decoded path bank and build it. Raises InvalidBank naming the first problem."""
    top = _fields(data, "bank", {"version", "kind", "questions", "path", "phrases"})
    version = top["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidBank("bank: 'version' must be a whole number of 1 or more")
    raw = top["questions"]
    if not isinstance(raw, list) or not raw:
        raise InvalidBank("bank: 'questions' must be a non-empty list")
    questions = tuple(_question(item, i) for i, item in enumerate(raw, start=1))
    _check_unique([q.key for q in questions], "bank", "question")
    for key in CHARACTERISTIC_KEYS:
        if not any(q.about == key for q in questions):
            raise InvalidBank(f"bank: nothing asks about the characteristic {key!r}")
    phrases = _phrases(top["phrases"])
    path = _path(top["path"], {q.key: q for q in questions}, phrases)
    return PathBank(version=version, questions=questions, path=path)


def _question(raw: Any, number: int) -> PathQuestion:
    where = _name(raw, "question", number)
    wordings = {"text", "text_person", "text_proxy", "easy_read", "easy_read_person", "why"}
    expected = {"key", "part", "options"} | wordings
    if isinstance(raw, dict) and "characteristic" in raw:
        expected.add("characteristic")
    d = _fields(raw, where, expected)
    part = d["part"]
    if part != RUNG_PART and part not in CHARACTERISTIC_KEYS:
        raise InvalidBank(f"{where}: unknown part {part!r}")
    characteristic = d.get("characteristic")
    if characteristic is not None and (
        part != RUNG_PART or characteristic not in CHARACTERISTIC_KEYS
    ):
        raise InvalidBank(f"{where}: only a rung question names a characteristic it tells about")
    raw_options = d["options"]
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        raise InvalidBank(f"{where}: needs 2 or more options")
    options, rank = [], 0
    for i, item in enumerate(raw_options, start=1):
        option = _option(
            item, f"{where} option {i}", rank, graded=part != RUNG_PART or bool(characteristic)
        )
        options.append(option)
        rank += 0 if option.not_applicable else 1
    _check_unique([o.key for o in options], where, "option")
    if rank < 2:
        raise InvalidBank(f"{where}: needs 2 or more options in order")
    return PathQuestion(
        key=_key(d, where),
        part=part,
        characteristic=characteristic,
        options=tuple(options),
        **{name: _text(d, name, where) for name in sorted(wordings)},
    )


def _option(raw: Any, where: str, rank: int, *, graded: bool) -> PathOption:
    optional = {"quality", "not_applicable", "next_step", "next_step_easy_read"}
    present = set(raw) & optional if isinstance(raw, dict) else set()
    d = _fields(raw, where, {"key", "text", "easy_read"} | present)
    key = _key(d, where)
    if key == NOT_SURE:
        raise InvalidBank(f"{where}: {NOT_SURE!r} is implied and cannot be listed as an option")
    not_applicable = d.get("not_applicable", False) is True
    quality = d.get("quality")
    if graded and not not_applicable and quality not in QUALITIES:
        raise InvalidBank(f"{where}: 'quality' must be one of {QUALITIES}")
    if ("next_step" in d) != ("next_step_easy_read" in d):
        raise InvalidBank(f"{where}: a next step needs its easy read wording too")
    if graded and quality in ("gap", "partly") and "next_step" not in d:
        raise InvalidBank(f"{where}: a gap needs a next step")
    return PathOption(
        key=key,
        text=_text(d, "text", where),
        easy_read=_text(d, "easy_read", where),
        rank=None if not_applicable else rank,
        quality=None if not_applicable else quality,
        next_step=_text(d, "next_step", where) if "next_step" in d else None,
        next_step_easy_read=_text(d, "next_step_easy_read", where) if "next_step" in d else None,
    )


def _phrases(raw: Any) -> dict[str, tuple[str, str]]:
    if not isinstance(raw, list):
        raise InvalidBank("bank: 'phrases' must be a list")
    phrases = {}
    for i, item in enumerate(raw, start=1):
        d = _fields(item, f"phrase {i}", {"need", "met", "unmet"})
        phrases[str(d["need"])] = (_text(d, "met", f"phrase {i}"), _text(d, "unmet", f"phrase {i}"))
    return phrases


def _path(
    raw: Any, questions: Mapping[str, PathQuestion], phrases: Mapping[str, tuple[str, str]]
) -> tuple[PathRung, ...]:
    if not isinstance(raw, list) or len(raw) != TOP_RUNG - LOWEST_RUNG + 1:
        raise InvalidBank("bank: 'path' must list every rung from 0 to 6")
    rungs: list[PathRung] = []
    below: tuple[Need, ...] = ()
    for expected, item in enumerate(raw, start=LOWEST_RUNG):
        where = f"path rung {expected}"
        d = _fields(item, where, {"rung", "needs", "reason", "reason_easy_read"})
        if d["rung"] != expected:
            raise InvalidBank(f"{where}: rungs must be listed in order from 0")
        if not isinstance(d["needs"], list) or (expected > LOWEST_RUNG and not d["needs"]):
            raise InvalidBank(f"{where}: every rung above the lowest needs something")
        own = tuple(_need(n, where, questions, phrases) for n in d["needs"])
        # A rung needs everything the rungs below it need, so the path can only go up.
        kept = tuple(n for n in below if n.question not in {o.question for o in own})
        for need in own:
            earlier = next((n for n in below if n.question == need.question), None)
            if earlier is not None and earlier.rank >= need.rank:
                raise InvalidBank(f"{where}: {need.question!r} must need more than the rung below")
        rungs.append(
            PathRung(
                rung=expected,
                needs=kept + own,
                own_needs=own,
                reason=_text(d, "reason", where),
                reason_easy_read=_text(d, "reason_easy_read", where),
            )
        )
        below = kept + own
    return tuple(rungs)


def _need(
    raw: Any,
    where: str,
    questions: Mapping[str, PathQuestion],
    phrases: Mapping[str, tuple[str, str]],
) -> Need:
    d = _fields(raw, where, {"question", "at_least"})
    question = questions.get(d["question"])
    if question is None or not question.on_path:
        raise InvalidBank(f"{where}: {d['question']!r} is not a rung question")
    try:
        option = question.option(d["at_least"])
    except KeyError:
        raise InvalidBank(f"{where}: {question.key!r} has no option {d['at_least']!r}") from None
    if option.rank is None or option.rank == 0:
        raise InvalidBank(f"{where}: a need on {question.key!r} can never fail")
    name = f"{question.key}:{option.key}"
    if name not in phrases:
        raise InvalidBank(f"{where}: no phrase for {name!r}")
    met, unmet = phrases[name]
    return Need(question.key, option.key, option.rank, met, unmet)
