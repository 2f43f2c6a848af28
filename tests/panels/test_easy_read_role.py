"""The generated easy read role description passes its own check, whatever the panel's
set-up says, and keeps everything a person needs to act (panels.roles)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.core.plain import EASY_READ_AGE_MAX, EASY_READ_MAX, check_text, easy_lines
from coproduce.panels import roles
from tests.factories import PanelFactory, PersonFactory, RateFactory

pytestmark = pytest.mark.django_db

SHORT = [
    "Help us make day services better.",
    "We want to hear from you.",
    "How the day centre is run.",
    "The money the council has.",
    "A named contact, and papers in the format you need.",
]
LONG = [
    # 21 words: the pay sentence that used to stay whole in easy read.
    "£25 an hour, paid by bank transfer within two weeks, and we pay your bus fare and your "
    "lunch too.",
    "We will look at the plans for the new day centre, the bus to get there and the food "
    "that is served at lunch time every day.",
    "You will get help from a named contact who can meet you before the first meeting and "
    "go through the papers with you so you feel ready",
]
FREQUENCIES = ["Once a month", "once a month, on a weekday afternoon", "Every two weeks", "Mondays"]
OTHER_WAYS = [
    "",
    "Phone us on 01632 960001 and we will fill in the form with you.",
    "Ask us for a paper form. We post it to you with a stamped envelope to send it back.",
    "Come to our drop-in at the library on Tuesdays from 10am to 12 noon, and bring a friend "
    "if you like.",
]
TEXT = st.lists(st.sampled_from(SHORT + LONG), min_size=1, max_size=3).map(" ".join)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9£@.]+", text.lower())


def _keeps(easy_read: str, text: str) -> bool:
    """Every word of `text` is in the easy read version, in the same order."""
    shown = iter(_words(easy_read.replace(".", " ")))
    return all(word in shown for word in _words(text.replace(".", " ")))


@pytest.fixture(params=[False, True], ids=["no-rate", "rate-table"])
def org_with_rate(request, org):
    if request.param:
        RateFactory(organisation=org, activity_type="meeting", amount_pence=1500)
    return org


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    purpose=TEXT,
    influences=TEXT,
    payment=TEXT,
    support=TEXT,
    frequency=st.sampled_from(FREQUENCIES),
    other_ways=st.sampled_from(OTHER_WAYS),
    places=st.sampled_from([None, 8]),
)
def test_generated_easy_read_passes_its_check_and_keeps_what_people_need(
    org_with_rate, purpose, influences, payment, support, frequency, other_ways, places
):
    org = org_with_rate
    contact = PersonFactory.build(organisation=org, email="sam@example.org", phone="01632 960000")
    panel = PanelFactory.build(
        organisation=org,
        purpose=purpose,
        influences=influences,
        payment_offer=payment,
        support_offered=support,
        meeting_frequency=frequency,
        other_ways_to_apply=other_ways,
        places=places,
        named_contact=contact,
    )
    _standard, easy_read = roles.build_role_description(panel)

    report = check_text(easy_read, easy_read=True)
    assert report.longest <= EASY_READ_MAX
    assert report.reading_age is not None
    assert report.reading_age <= EASY_READ_AGE_MAX
    # Everything a person needs to act.
    for needed in (payment, purpose, support, other_ways):
        assert _keeps(easy_read, needed)
    assert "sam@example.org" in easy_read
    assert "01632 960000" in easy_read
    assert f"You join for {panel.term_months} months." in easy_read
    assert f"It takes about {panel.hours_per_month} hours each month." in easy_read
    assert ("We need 8 people." in easy_read) is (places == 8)
    if roles.meeting_rate(panel) is not None:
        assert "We pay you £15 an hour for meetings." in easy_read
    # "We meet Once a month" was the bug; a day's name keeps its capital.
    assert re.search(r"We meet [a-z]|We meet Mondays", easy_read)


def test_the_21_word_pay_sentence_is_cut_into_short_lines():
    lines = easy_lines(LONG[0])
    assert lines == [
        "£25 an hour, paid by bank transfer within two weeks, and we pay your bus fare.",
        "And your lunch too.",
    ]


def test_other_ways_to_apply_are_in_the_easy_read_version(org):
    panel = PanelFactory(
        organisation=org,
        other_ways_to_apply="Phone us on 01632 960001. Ask for a paper form. Come to our drop-in.",
    )
    _standard, easy_read = roles.build_role_description(panel)
    assert (
        "There are other ways to join too:\nPhone us on 01632 960001.\nAsk for a paper form.\n"
        "Come to our drop-in."
    ) in easy_read
