"""The ethnic group lists of the UK's three censuses, and the questions and categories of each.

England and Wales (the default) is `categories.ETHNICITY`: the ONS Census 2021 question, 19
options in 5 groups (domain.md 4.1). Scotland and Northern Ireland ask differently, so a panel
chooses its list (`Panel.ethnicity_list`). Every other question is the same in all three.

Sources (checked 2026; see docs/panels.md):

- Scotland: Scotland's Census 2022 (National Records of Scotland), groups A to F, as listed
  with the census's own wording in the Scottish Government's "Scottish Surveys Core Questions
  2022", table 3, "Base Collection Categories"
  (gov.scot/publications/scottish-surveys-core-questions-2022/pages/1-8-presentation-of-data-on-ethnic-group/).
  We report in the census's six groups (A to F).
- Northern Ireland: NISRA Census 2021, "Ethnic Group" (intermediate classification, 13
  categories: the questionnaire's tick-boxes plus every write-in group larger than the
  smallest tick-box) (build.nisra.gov.uk/en/metadata/variable?d=PEOPLE&v=ETHNIC_GROUP_INTERMEDIATE).
  The census has no groups above these; the five reporting groups here are ours, after
  NISRA's own table headings ("Asian: Indian", "Black: African" ...).

Values are unique across the lists (Scotland's start "sc_", Northern Ireland's "ni_"), so a
stored answer always says which list it came from. Each list ends with "Prefer not to say".
Pure data: no database, and importing it needs no Django settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coproduce.panels.categories import (
    CATEGORIES,
    ETHNIC_GROUPS,
    ETHNICITY,
    NO_ANSWER,
    PREFER_NOT,
    QUESTIONS,
    Category,
    Option,
    Question,
)

ENGLAND_WALES = "england_wales"
SCOTLAND = "scotland"
NORTHERN_IRELAND = "northern_ireland"

SOURCES_TO_CONFIRM = (
    "Scotland 2022: the 'Other' write-in boxes under D (African) and E (Caribbean or Black), "
    "and E's two tick-boxes, are from the 2022 questionnaire as we read it; SSCQ 2022 shows "
    "D and E as single collection categories",
)


def _prefer_not() -> Option:
    return Option(PREFER_NOT, _("Prefer not to say"))


SCOTLAND_GROUPS: tuple[tuple[str, Promise], ...] = (
    ("white", _("White")),
    ("mixed", _("Mixed or multiple ethnic groups")),
    ("asian", _("Asian, Asian Scottish or Asian British")),
    ("african", _("African")),
    ("caribbean_black", _("Caribbean or Black")),
    ("other", _("Other ethnic group")),
)

SCOTLAND_ETHNICITY = Question(
    "ethnicity",
    _("What is your ethnic group?"),
    (
        Option("sc_white_scottish", _("Scottish"), "white"),
        Option("sc_white_other_british", _("Other British"), "white"),
        Option("sc_white_irish", _("Irish"), "white"),
        Option("sc_white_polish", _("Polish"), "white"),
        Option("sc_white_gypsy", _("Gypsy or Traveller"), "white"),
        Option("sc_white_roma", _("Roma"), "white"),
        Option("sc_white_showperson", _("Showman or Showwoman"), "white"),
        Option("sc_white_other", _("Any other White ethnic group"), "white"),
        Option("sc_mixed", _("Any mixed or multiple ethnic groups"), "mixed"),
        Option(
            "sc_asian_pakistani", _("Pakistani, Pakistani Scottish or Pakistani British"), "asian"
        ),
        Option("sc_asian_indian", _("Indian, Indian Scottish or Indian British"), "asian"),
        Option(
            "sc_asian_bangladeshi",
            _("Bangladeshi, Bangladeshi Scottish or Bangladeshi British"),
            "asian",
        ),
        Option("sc_asian_chinese", _("Chinese, Chinese Scottish or Chinese British"), "asian"),
        Option("sc_asian_other", _("Any other Asian background"), "asian"),
        Option("sc_african", _("African, African Scottish or African British"), "african"),
        Option("sc_african_other", _("Any other African background"), "african"),
        Option(
            "sc_caribbean",
            _("Caribbean, Caribbean Scottish or Caribbean British"),
            "caribbean_black",
        ),
        Option("sc_black", _("Black, Black Scottish or Black British"), "caribbean_black"),
        Option(
            "sc_caribbean_black_other",
            _("Any other Caribbean or Black background"),
            "caribbean_black",
        ),
        Option("sc_other_arab", _("Arab, Arab Scottish or Arab British"), "other"),
        Option("sc_other_any", _("Any other ethnic group"), "other"),
        _prefer_not(),
    ),
)

NORTHERN_IRELAND_GROUPS: tuple[tuple[str, Promise], ...] = (
    ("white", _("White, Irish Traveller or Roma")),
    ("mixed", _("Mixed ethnic group")),
    ("asian", _("Asian")),
    ("black", _("Black")),
    ("other", _("Other ethnic group")),
)

NORTHERN_IRELAND_ETHNICITY = Question(
    "ethnicity",
    _("What is your ethnic group?"),
    (
        Option("ni_white", _("White"), "white"),
        Option("ni_irish_traveller", _("Irish Traveller"), "white"),
        Option("ni_roma", _("Roma"), "white"),
        Option("ni_indian", _("Indian"), "asian"),
        Option("ni_chinese", _("Chinese"), "asian"),
        Option("ni_filipino", _("Filipino"), "asian"),
        Option("ni_pakistani", _("Pakistani"), "asian"),
        Option("ni_arab", _("Arab"), "other"),
        Option("ni_other_asian", _("Any other Asian background"), "asian"),
        Option("ni_black_african", _("Black African"), "black"),
        Option("ni_black_other", _("Any other Black background"), "black"),
        Option("ni_mixed", _("Mixed ethnic group"), "mixed"),
        Option("ni_other", _("Any other ethnic group"), "other"),
        _prefer_not(),
    ),
)


@dataclass(frozen=True)
class EthnicityList:
    key: str
    question: Question
    groups: tuple[tuple[str, Promise], ...]


LISTS: dict[str, EthnicityList] = {
    ENGLAND_WALES: EthnicityList(ENGLAND_WALES, ETHNICITY, ETHNIC_GROUPS),
    SCOTLAND: EthnicityList(SCOTLAND, SCOTLAND_ETHNICITY, SCOTLAND_GROUPS),
    NORTHERN_IRELAND: EthnicityList(
        NORTHERN_IRELAND, NORTHERN_IRELAND_ETHNICITY, NORTHERN_IRELAND_GROUPS
    ),
}


def ethnicity_list(key: str) -> EthnicityList:
    """The list for a key; England and Wales for anything unknown."""
    return LISTS.get(key, LISTS[ENGLAND_WALES])


def questions_for(key: str) -> tuple[Question, ...]:
    """The equality questions, with this nation's ethnic group question."""
    question = ethnicity_list(key).question
    return tuple(question if q.key == "ethnicity" else q for q in QUESTIONS)


def _group_of(question: Question) -> Callable[[Mapping[str, str]], str]:
    groups = {option.value: option.group for option in question.options if option.group}

    def derive(answers: Mapping[str, str]) -> str:
        return groups.get(answers.get("ethnicity", ""), NO_ANSWER)

    return derive


_CATEGORIES: dict[str, tuple[Category, ...]] = {
    key: tuple(
        replace(c, values=chosen.groups, derive=_group_of(chosen.question))
        if c.key == "ethnicity"
        else c
        for c in CATEGORIES
    )
    for key, chosen in LISTS.items()
}
_CATEGORIES[ENGLAND_WALES] = CATEGORIES  # exactly the module-level ones other apps import


def categories_for(key: str) -> tuple[Category, ...]:
    """The reporting categories, with this nation's ethnic groups."""
    return _CATEGORIES.get(key, CATEGORIES)


def category_values_for(answers: Mapping[str, str], key: str) -> dict[str, str]:
    """The reporting value in every category for one set of answers given with list `key`."""
    return {category.key: category.derive(answers) for category in categories_for(key)}


def clean_answers_for(answers: Mapping[str, str], key: str) -> dict[str, str]:
    """Keep only known questions with options of this list; drop blanks."""
    known = {question.key: question.values() for question in questions_for(key)}
    return {k: v for k, v in answers.items() if k in known and v in known[k]}
