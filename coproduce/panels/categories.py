"""Equality monitoring questions and reporting categories, as data.

For England and Wales (Scotland and Northern Ireland are in `nations`): ONS 2021 ethnic groups,
Census 2021 sex, gender identity and sexual orientation, the GSS harmonised disability
questions, the Social Mobility Commission's parental occupation question, age bands for adult
social care, and carer status (Census 2021 wording, answered yes or no).

Two layers:

- `QUESTIONS` are what we ask and store (one answer per question, every one optional, every one
  with "Prefer not to say").
- `CATEGORIES` are what we count and set targets for. Each maps stored answers to one reporting
  value. Ethnicity is reported in the five ONS groups and socio-economic background in the SMC's
  three groups, because a panel of 12 split 19 ways would show nothing but suppressed cells.

Deliberately not asked (data minimisation, UK GDPR Art. 5(1)(c)): write-in answers (they cannot
be counted and are the easiest to identify someone by), the GSS impairment types and the SMC
extras (school type, free school meals). domain.md marks the impairment list and the full SMC
list and grouping "to confirm"; `SOURCES_TO_CONFIRM` names them so nobody forgets.

Strings are lazy, so importing this module needs no Django settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PREFER_NOT = "prefer_not"
NO_ANSWER = "no_answer"  # reporting value: skipped or "prefer not to say"
VERSION = "2026-1"  # bump when a question or option changes; stored on each record

SOURCES_TO_CONFIRM = (
    "SMC parental occupation: full option list and three-group mapping (domain.md 4.1, item 5)",
)


@dataclass(frozen=True)
class Option:
    value: str
    label: Promise
    group: str = ""  # for ethnicity: the ONS group the option belongs to


@dataclass(frozen=True)
class Question:
    key: str
    text: Promise
    options: tuple[Option, ...]
    hint: Promise | str = ""

    def values(self) -> list[str]:
        return [option.value for option in self.options]


@dataclass(frozen=True)
class Category:
    """A reporting dimension: the values counted and the rule from answers to a value."""

    key: str
    name: Promise
    values: tuple[tuple[str, Promise], ...]
    derive: Callable[[Mapping[str, str]], str]
    sources: tuple[str, ...] = field(default=())

    def labels(self) -> dict[str, Promise]:
        return {**dict(self.values), NO_ANSWER: _("Prefer not to say or no answer")}

    def value_keys(self) -> list[str]:
        return [key for key, _label in self.values]


def _prefer_not() -> Option:
    return Option(PREFER_NOT, _("Prefer not to say"))


ETHNIC_GROUPS: tuple[tuple[str, Promise], ...] = (
    ("white", _("White")),
    ("mixed", _("Mixed or Multiple ethnic groups")),
    ("asian", _("Asian or Asian British")),
    ("black", _("Black, Black British, Caribbean or African")),
    ("other", _("Other ethnic group")),
)

ETHNICITY = Question(
    "ethnicity",
    _("What is your ethnic group?"),
    (
        Option("white_british", _("English, Welsh, Scottish, Northern Irish or British"), "white"),
        Option("white_irish", _("Irish"), "white"),
        Option("white_gypsy", _("Gypsy or Irish Traveller"), "white"),
        Option("white_roma", _("Roma"), "white"),
        Option("white_other", _("Any other White background"), "white"),
        Option("mixed_white_black_caribbean", _("White and Black Caribbean"), "mixed"),
        Option("mixed_white_black_african", _("White and Black African"), "mixed"),
        Option("mixed_white_asian", _("White and Asian"), "mixed"),
        Option("mixed_other", _("Any other Mixed or Multiple background"), "mixed"),
        Option("asian_indian", _("Indian"), "asian"),
        Option("asian_pakistani", _("Pakistani"), "asian"),
        Option("asian_bangladeshi", _("Bangladeshi"), "asian"),
        Option("asian_chinese", _("Chinese"), "asian"),
        Option("asian_other", _("Any other Asian background"), "asian"),
        Option("black_caribbean", _("Caribbean"), "black"),
        Option("black_african", _("African"), "black"),
        Option("black_other", _("Any other Black, Black British or Caribbean background"), "black"),
        Option("other_arab", _("Arab"), "other"),
        Option("other_any", _("Any other ethnic group"), "other"),
        _prefer_not(),
    ),
)

SEX = Question(
    "sex",
    _("What is your sex?"),
    (Option("female", _("Female")), Option("male", _("Male")), _prefer_not()),
)

GENDER_IDENTITY = Question(
    "gender_identity",
    _("Is the gender you identify with the same as your sex registered at birth?"),
    (Option("same", _("Yes")), Option("different", _("No")), _prefer_not()),
)

SEXUAL_ORIENTATION = Question(
    "sexual_orientation",
    _("Which of the following best describes your sexual orientation?"),
    (
        Option("straight", _("Straight or Heterosexual")),
        Option("gay_lesbian", _("Gay or Lesbian")),
        Option("bisexual", _("Bisexual")),
        Option("other", _("Other sexual orientation")),
        _prefer_not(),
    ),
)

DISABILITY_CONDITION = Question(
    "disability_condition",
    _(
        "Do you have any physical or mental health conditions or illnesses lasting or expected "
        "to last 12 months or more?"
    ),
    (Option("yes", _("Yes")), Option("no", _("No")), _prefer_not()),
)

DISABILITY_REDUCED = Question(
    "disability_reduced",
    _(
        "Do any of your conditions or illnesses reduce your ability to carry out day-to-day "
        "activities?"
    ),
    (
        Option("a_lot", _("Yes, a lot")),
        Option("a_little", _("Yes, a little")),
        Option("not_at_all", _("Not at all")),
        _prefer_not(),
    ),
    hint=_("Only answer this if you said yes to the question before."),
)

PARENTAL_OCCUPATION = Question(
    "parental_occupation",
    _("What was the job of the main earner in your home when you were about 14?"),
    (
        Option(
            "professional",
            _("Professional, for example teacher, nurse, social worker, engineer, accountant"),
        ),
        Option(
            "manager",
            _("Senior, middle or junior manager or administrator, for example office manager"),
        ),
        Option(
            "clerical",
            _("Clerical or intermediate, for example secretary, call centre agent, nursery nurse"),
        ),
        Option(
            "small_business",
            _("Small business owner with fewer than 25 staff, for example shop or taxi owner"),
        ),
        Option(
            "technical",
            _("Technical or craft, for example mechanic, plumber, electrician, train driver"),
        ),
        Option(
            "routine",
            _("Routine or manual work, for example cleaner, care worker, driver, shop assistant"),
        ),
        Option("unemployed", _("Long-term unemployed (out of work for more than a year)")),
        Option("other", _("Other, for example retired, does not apply, or I don't know")),
        _prefer_not(),
    ),
    hint=_("This is how we ask about the kind of background you grew up in."),
)

AGE_BANDS: tuple[tuple[str, Promise], ...] = (
    ("18_24", _("18 to 24")),
    ("25_34", _("25 to 34")),
    ("35_44", _("35 to 44")),
    ("45_54", _("45 to 54")),
    ("55_64", _("55 to 64")),
    ("65_74", _("65 to 74")),
    ("75_84", _("75 to 84")),
    ("85_plus", _("85 or over")),
)

AGE = Question(
    "age_band",
    _("How old are you?"),
    (*(Option(value, label) for value, label in AGE_BANDS), _prefer_not()),
)

CARER = Question(
    "carer",
    _(
        "Do you look after, or give any help or support to, anyone because they have long-term "
        "physical or mental health conditions or illnesses, or problems related to old age?"
    ),
    (Option("yes", _("Yes")), Option("no", _("No")), _prefer_not()),
    hint=_("Do not count anything you do as part of your paid job."),
)

QUESTIONS: tuple[Question, ...] = (
    ETHNICITY,
    SEX,
    GENDER_IDENTITY,
    SEXUAL_ORIENTATION,
    DISABILITY_CONDITION,
    DISABILITY_REDUCED,
    PARENTAL_OCCUPATION,
    AGE,
    CARER,
)
QUESTIONS_BY_KEY = {question.key: question for question in QUESTIONS}


def _answer(answers: Mapping[str, str], key: str) -> str:
    value = answers.get(key, "")
    return value if value in QUESTIONS_BY_KEY[key].values() and value != PREFER_NOT else ""


def _same(key: str) -> Callable[[Mapping[str, str]], str]:
    return lambda answers: _answer(answers, key) or NO_ANSWER


def _ethnic_group(answers: Mapping[str, str]) -> str:
    value = _answer(answers, "ethnicity")
    groups = {option.value: option.group for option in ETHNICITY.options}
    return groups[value] if value else NO_ANSWER


def _disabled(answers: Mapping[str, str]) -> str:
    """Equality Act disability by the GSS harmonised pair of questions."""
    condition = _answer(answers, "disability_condition")
    reduced = _answer(answers, "disability_reduced")
    if condition == "no":
        return "not_disabled"
    if condition == "yes" and reduced in ("a_lot", "a_little"):
        return "disabled"
    if condition == "yes" and reduced == "not_at_all":
        return "not_disabled"
    return NO_ANSWER


SMC_GROUPS = {
    "professional": "professional",
    "manager": "professional",
    "clerical": "intermediate",
    "small_business": "intermediate",
    "technical": "lower",
    "routine": "lower",
    "unemployed": "lower",
}


def _socio_economic(answers: Mapping[str, str]) -> str:
    return SMC_GROUPS.get(_answer(answers, "parental_occupation"), NO_ANSWER)


def _options_of(question: Question) -> tuple[tuple[str, Promise], ...]:
    return tuple((o.value, o.label) for o in question.options if o.value != PREFER_NOT)


CATEGORIES: tuple[Category, ...] = (
    Category("ethnicity", _("Ethnic group"), ETHNIC_GROUPS, _ethnic_group, ("ethnicity",)),
    Category("sex", _("Sex"), _options_of(SEX), _same("sex"), ("sex",)),
    Category(
        "gender_identity",
        _("Gender identity"),
        (
            ("same", _("Same as sex registered at birth")),
            ("different", _("Different from sex registered at birth")),
        ),
        _same("gender_identity"),
        ("gender_identity",),
    ),
    Category(
        "sexual_orientation",
        _("Sexual orientation"),
        _options_of(SEXUAL_ORIENTATION),
        _same("sexual_orientation"),
        ("sexual_orientation",),
    ),
    Category(
        "disability",
        _("Disability"),
        (("disabled", _("Disabled")), ("not_disabled", _("Not disabled"))),
        _disabled,
        ("disability_condition", "disability_reduced"),
    ),
    Category(
        "socio_economic",
        _("Socio-economic background"),
        (
            ("professional", _("Professional background")),
            ("intermediate", _("Intermediate background")),
            ("lower", _("Lower socio-economic background")),
        ),
        _socio_economic,
        ("parental_occupation",),
    ),
    Category("age_band", _("Age"), _options_of(AGE), _same("age_band"), ("age_band",)),
    Category(
        "carer",
        _("Carer"),
        (("yes", _("Carer")), ("no", _("Not a carer"))),
        _same("carer"),
        ("carer",),
    ),
)
CATEGORIES_BY_KEY = {category.key: category for category in CATEGORIES}


def category_values(answers: Mapping[str, str]) -> dict[str, str]:
    """The reporting value in every category for one set of stored answers."""
    return {category.key: category.derive(answers) for category in CATEGORIES}


def clean_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """Keep only known questions with known options; drop blanks (an unanswered question)."""
    return {
        key: value
        for key, value in answers.items()
        if key in QUESTIONS_BY_KEY and value in QUESTIONS_BY_KEY[key].values()
    }
