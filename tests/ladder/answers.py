"""Whole sets of answers to banks v1 and v2 with a known rung, for the Ladder's Django tests."""

from coproduce.ladder.bank import load_bank
from coproduce.ladder.demo import LIVED_ANSWERS, STAFF_ANSWERS
from coproduce.ladder.path_bank import load_any_bank

BANK = load_bank(1)

# Every top answer: Co-production (6).
TOP = {q.key: q.options[-1].key for q in BANK.questions}
# Every next-to-top answer: Co-design (5).
NEXT_TO_TOP = {q.key: q.options[-2].key for q in BANK.questions}
# People saw two options and picked one; staff decided: Consultation (3).
# (The TWO_OPTIONS example of tests/ladder/test_scoring.py.)
TWO_OPTIONS = {
    **{q.key: q.options[0].key for q in BANK.questions},
    "ep_decisions": "asked_then_staff",
    "ep_options": "staff_options",
    "ep_lead": "staff_time",
    "fs_first": "draft",
    "fo_success": "staff",
    "ia_ways": "two",
    "ia_words": "plain_sometimes",
    "vc_pay": "costs",
    "vc_feedback": "thanks",
    "vc_disagree": "noted",
    "fo_review": "staff",
    "fo_change": "small",
}


# Whole sets of answers to bank v2 (a path bank).
V2 = load_any_bank(2)
# The demo's answers, every question answered: residents and carers who picked between options
# staff made (Consultation, 3), and staff who say people designed it with them (Co-design, 5).
V2_CONSULTATION = dict(LIVED_ANSWERS)
V2_CO_DESIGN = dict(STAFF_ANSWERS)
