"""The seed's seven garden examples, and more real pieces of work, placed as the ladder says.

Each case is answered as its lead would honestly answer from its own words. A comment quotes
the words behind each answer. Where the words say nothing, the answer is "I don't know"
(left out), and the result must still be a single rung.
"""

import pytest

from coproduce.initiatives.rungs import rung_at
from coproduce.ladder.path_bank import load_any_bank
from coproduce.ladder.placement import place

BANK = load_any_bank(2)

SEED_GARDENS = [
    pytest.param(
        {
            # "turned into a garden without informing any of the residents"
            "have_say": "not_told",
            # "It is inaccessible and is not used."
            "ia_needs": "no",
        },
        "coercion",
        id="seed-coercion",
    ),
    pytest.param(
        {
            # "informed in a meeting about the plan ... told how the decision has been made and
            # what the timescales will be, but don't have the opportunity to share their views"
            "have_say": "explained",
        },
        "educating",
        id="seed-educating",
    ),
    pytest.param(
        {
            # "given flyers informing them that their outdoor space is being renovated ... They
            # have no opportunity to share their views"
            "have_say": "told_facts",
            # "concerns about accessibility are not addressed"
            "ia_needs": "no",
        },
        "informing",
        id="seed-informing",
    ),
    pytest.param(
        {
            # "Two options are presented to the residents ... they don't have the choice to give
            # other ideas"
            "have_say": "chose_options",
            # "fill out a survey"
            "ia_ways": "one",
            # "Their preferences may or may not be considered"
        },
        "consultation",
        id="seed-consultation",
    ),
    pytest.param(
        {
            # "asked what changes they would like to see ... a focus group to ask people for
            # their ideas about the garden"
            "have_say": "own_ideas",
            # "The residents don't have ownership of the project or any of the ideas."
            "designed": "no",
            # "There is a survey as well as a focus group"
            "ia_ways": "two",
            # "Some of these ideas are taken on board, whereas others aren't considered."
            "vc_changed": "little",
        },
        "engagement",
        id="seed-engagement",
    ),
    pytest.param(
        {
            # "brings together a group of residents to design the garden renovation, asking
            # them for their preferences"
            "have_say": "own_ideas",
            # "to design the garden renovation ... and involving them in decisions"
            "designed": "yes",
            # "The housing provider ... decides to renovate its outdoor space."
            "start": "after_topic",
            # "Once the garden renovation is complete, they no longer have a forum to meet and
            # share their views."
            "forum": "no",
        },
        "co_design",
        id="seed-co-design",
    ),
    pytest.param(
        {
            # "residents raise that many people living there can't enjoy the outdoor space
            # ... so ask for it to be renovated"
            "have_say": "own_ideas",
            "start": "very_start",
            # "can make decisions on how the garden is renovated"
            "designed": "yes",
            # "They are involved throughout the process of the renovation"
            "stages": "every_part",
            # "Their voice has equal status in decisions as staff."
            "equal_say": "equal",
            # "part of a monthly meeting where decisions about the building are made"
            "forum": "yes",
            # "engage with other residents to ensure everyone has a voice"
            "ia_missing": "reached",
        },
        "co_production",
        id="seed-co-production",
    ),
]

OUR_CASES = [
    pytest.param(
        # A care home moves residents' lunch to 11:30 to fit a new staff rota. Nobody is told
        # until the trays arrive early on Monday.
        {"have_say": "not_told"},
        "coercion",
        id="care-home-lunch-moved",
    ),
    pytest.param(
        # A council runs a "changes to your care charges" session at a day centre: officers
        # explain the new charging policy the cabinet has agreed, and take no comments.
        {"have_say": "explained", "ia_ways": "one"},
        "educating",
        id="charging-policy-briefing",
    ),
    pytest.param(
        # Everyone who gets home care receives a letter (with an easy read copy) saying the
        # provider will change on 1 April, what will stay the same, and who to phone.
        {"have_say": "told_facts", "ia_ways": "two", "vc_feedback": "not_asked"},
        "informing",
        id="home-care-provider-letter",
    ),
    pytest.param(
        # Carers get an online survey: "Should respite breaks be offered at Oak House or at
        # Elm Court?" There is no box for other ideas. Staff decide after reading it.
        {
            "have_say": "chose_options",
            "designed": "no",
            "equal_say": "none",
            "ia_ways": "one",
            "vc_pay": "no_time",
        },
        "consultation",
        id="respite-two-venues-survey",
    ),
    pytest.param(
        # A learning disability service holds listening events and a freepost form: "What
        # would make the transport to your day service better?" A report lists the ideas;
        # managers pick three to fund.
        {
            "have_say": "own_ideas",
            "designed": "no",
            "ia_ways": "several",
            "vc_feedback": "thanks",
            "vc_changed": "little",
        },
        "engagement",
        id="day-service-transport-ideas",
    ),
    pytest.param(
        # Commissioners set up a working group of six people who use direct payments and three
        # officers. For six months they design the new support planning form together and
        # agree the wording at a vote. The group ends when the form is launched.
        {
            "have_say": "own_ideas",
            "designed": "yes",
            "equal_say": "equal",
            "start": "after_topic",
            "stages": "design_only",
            "forum": "no",
            "vc_pay": "paid",
        },
        "co_design",
        id="direct-payments-form-working-group",
    ),
    pytest.param(
        # Members of a standing mental health lived experience board said crisis support at
        # night was failing them. The board, co-chaired by a member, chose to take it on,
        # planned the new night service with commissioners, sits on the panel that chose the
        # provider, and checks the quarterly figures. Decisions are taken by vote, members and
        # officers alike. The board carries on after the service opens.
        {
            "have_say": "own_ideas",
            "designed": "yes",
            "equal_say": "equal",
            "start": "very_start",
            "stages": "every_part",
            "forum": "yes",
            "vc_pay": "paid",
            "fo_success": "together",
            "fo_check": "together",
        },
        "co_production",
        id="night-crisis-service-board",
    ),
    pytest.param(
        # A co-designed service that looks like co-production but where officers keep the
        # final say: the same board as above, except "officers have the last word".
        {
            "have_say": "own_ideas",
            "designed": "yes",
            "equal_say": "some",
            "start": "very_start",
            "stages": "every_part",
            "forum": "yes",
        },
        "co_design",
        id="board-where-officers-keep-the-last-word",
    ),
]


@pytest.mark.parametrize(("answers", "rung"), SEED_GARDENS + OUR_CASES)
def test_place_real_work_lands_on_the_ladders_own_rung(answers, rung):
    placement = place(BANK, answers)
    assert (rung_at(placement.low).key, placement.is_range) == (rung, False)


def test_place_seed_co_production_is_not_held_back_by_pay_nobody_mentions():
    # The seed's co-production garden says nothing of pay: pay is a gap to work on, not a
    # reason it stops being co-production.
    answers = dict(SEED_GARDENS[6].values[0], vc_pay="no")
    placement = place(BANK, answers)
    assert (placement.low, placement.high) == (6, 6)
    assert [s.question for s in placement.steps] == ["vc_pay"]
    assert placement.steps[0].moves_up is False
