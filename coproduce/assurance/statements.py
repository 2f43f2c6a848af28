"""The statements a regulator uses, and which figure of the assurance report speaks to each.

Pure data: no database. The quoted wording is the regulator's own and stays in English, as
published (sources in docs/assurance.md); what each figure shows is our own plain words.

- England: the Care Quality Commission's quality statements for its assessment of local
  authorities (Care Act 2014, Part 1), each a "we statement".
- Wales: the co-production principle of the Social Services and Well-being (Wales) Act 2014,
  with the duties in sections 6(2)(d) and 16(1) that carry it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Statement:
    key: str
    nation: str  # "england" or "wales"
    source: str  # who publishes it, short
    title: str  # the regulator's name for it, as published
    wording: str  # the published wording, quoted exactly
    url: str


CQC = "Care Quality Commission, local authority assessment"
SSWBA = "Social Services and Well-being (Wales) Act 2014"
CQC_URL = "https://www.cqc.org.uk/guidance-regulation/local-authorities/assessment-framework"

STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "cqc_equity",
        "england",
        CQC,
        "Equity in experience and outcomes",
        "We actively seek out and listen to information about people who are most likely to "
        "experience inequality in experience or outcomes. We tailor the care, support and "
        "treatment in response to this.",
        CQC_URL,
    ),
    Statement(
        "cqc_partnerships",
        "england",
        CQC,
        "Partnerships and communities",
        "We understand our duty to collaborate and work in partnership, so our services work "
        "seamlessly for people. We share information and learning with partners and "
        "collaborate for improvement.",
        CQC_URL,
    ),
    Statement(
        "cqc_governance",
        "england",
        CQC,
        "Governance, management and sustainability",
        "We have clear responsibilities, roles, systems of accountability and good governance. "
        "We use these to manage and deliver good quality, sustainable care, treatment and "
        "support. We act on the best information about risk, performance and outcomes, and we "
        "share this securely with others when appropriate.",
        CQC_URL,
    ),
    Statement(
        "cqc_learning",
        "england",
        CQC,
        "Learning, improvement and innovation",
        "We focus on continuous learning, innovation and improvement across our organisation "
        "and the local system. We encourage creative ways of delivering equality of experience, "
        "outcome and quality of life for people. We actively contribute to safe, effective "
        "practice and research.",
        CQC_URL,
    ),
    Statement(
        "wales_coproduction",
        "wales",
        "Welsh Government",
        "Co-production (a principle of the Act)",
        "Co-production – encouraging individuals to become more involved in the design and "  # noqa: RUF001 -- the published wording
        "delivery of services.",
        "https://law.gov.wales/social-services-and-well-being-wales-act-2014",
    ),
    Statement(
        "wales_s16",
        "wales",
        SSWBA,
        "Section 16(1): promoting user led services",
        "A local authority must promote … the involvement of persons, for whom care and "
        "support or preventative services are to be provided, in the design and running of "
        "that provision.",
        "https://law.gov.wales/general-and-strategic-duties",
    ),
    Statement(
        "wales_s6",
        "wales",
        SSWBA,
        "Section 6(2)(d): taking part in decisions",
        "have regard to the importance of providing appropriate support to enable the "
        "individual to participate in decisions that affect him or her to the extent that is "
        "appropriate in the circumstances",
        "https://www.legislation.gov.uk/anaw/2014/4/section/6",
    ),
)

BY_KEY = {statement.key: statement for statement in STATEMENTS}


@dataclass(frozen=True)
class Figure:
    """One part of the report: its name and the statements it speaks to, with why."""

    key: str
    name: Promise
    statements: tuple[str, ...]
    why: Promise

    def regulator_statements(self) -> list[Statement]:
        return [BY_KEY[key] for key in self.statements]


FIGURES: tuple[Figure, ...] = (
    Figure(
        "rungs",
        _("Initiatives by rung and level"),
        ("cqc_governance", "wales_coproduction", "wales_s16"),
        _("Leaders can see how much say people have across all the work, at every level."),
    ),
    Figure(
        "movement",
        _("How each initiative moved on the Ladder"),
        ("cqc_learning", "wales_coproduction"),
        _("Shows whether the way we work with people is getting better over time."),
    ),
    Figure(
        "gaps",
        _("Evidence gaps"),
        ("cqc_governance", "cqc_learning"),
        _("Where what we say about the work is not yet backed by the records."),
    ),
    Figure(
        "decisions",
        _("Decisions taken with people"),
        ("cqc_partnerships", "wales_s16", "wales_s6"),
        _("Who decides is the real test of sharing power."),
    ),
    Figure(
        "lived",
        _("Lived experience among the people taking part"),
        ("cqc_equity", "cqc_partnerships", "wales_coproduction"),
        _("Whether the people who draw on care and support are in the room."),
    ),
    Figure(
        "payments",
        _("Payments to people for their time"),
        ("cqc_partnerships", "cqc_equity"),
        _("Paying people fairly makes it possible for more people to take part."),
    ),
    Figure(
        "loops",
        _("“You said, we did”: loops closed"),
        ("cqc_learning", "cqc_partnerships", "wales_coproduction"),
        _("People hear what happened to what they said, and how quickly."),
    ),
)
