"""The plain-language check reaches every form staff write in for members (live, as they
type, never blocking), and the easy read gate (coproduce.core.plain_check)."""

from __future__ import annotations

import pytest

from coproduce.core.models import AuditEntry
from coproduce.core.plain_check import CHECKED_ACTION
from coproduce.panels.models import Panel
from coproduce.workshops.forms import ActivityForm
from coproduce.workshops.models import Activity
from tests.factories import GlossaryTermFactory, PanelFactory

pytestmark = pytest.mark.django_db

CHECK_URL = "/o/riverside/panels/plain-check/"
LONG_EASY_READ = (
    "## What is this?\n"
    "This panel is a group of people who meet every month at the town hall to talk about "
    "day services."
)  # 20 words in one sentence


def test_the_initiative_aim_is_checked_live_without_its_view_asking(client_as, alice, initiative):
    page = client_as(alice).get(f"/o/riverside/initiatives/{initiative.pk}/edit/")
    html = page.content.decode()
    assert f'hx-post="{CHECK_URL}"' in html
    assert 'hx-target="#id_aim-check"' in html
    assert '<div id="id_aim-check">' in html
    assert "Is it easy to read?" in html


def test_the_check_finds_jargon_from_the_glossary_outside_panels(client_as, alice, initiative, org):
    GlossaryTermFactory(organisation=org, term="co-production", plain="working together")
    initiative.aim = "We use co-production."
    initiative.save()
    html = client_as(alice).get(f"/o/riverside/initiatives/{initiative.pk}/edit/").content.decode()
    assert "&quot;co-production&quot; is jargon. Try &quot;working together&quot;." in html


def test_the_panel_set_up_boxes_are_checked(client_as, alice, panel):
    html = client_as(alice).get(f"/o/riverside/panels/{panel.pk}/edit/").content.decode()
    for name in ("purpose", "payment_offer", "other_ways_to_apply", "meeting_frequency"):
        assert f'<div id="id_{name}-check">' in html


def test_the_live_check_endpoint_is_still_capped(client_as, alice):
    response = client_as(alice).post(
        CHECK_URL, {"check_field": "aim", "aim": "word " * 200_000, "easy_read": ""}
    )
    assert response.status_code == 200
    assert "Reading age" in response.content.decode()


def test_a_long_easy_read_sentence_is_not_saved_until_checked_with_a_person(
    client_as, alice, panel
):
    client = client_as(alice)
    url = f"/o/riverside/panels/{panel.pk}/role/"
    response = client.post(url, {"standard": "## Ours\nHand written.", "easy_read": LONG_EASY_READ})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "A sentence has 20 words. It starts &quot;This panel is a group of&quot;. Easy read "
        "sentences have 15 words or fewer."
    ) in html
    assert "tick the box to say you have checked it with a person who uses easy read." in html
    assert "every month at the town hall to talk about day services.</textarea>" in html
    panel.refresh_from_db()
    assert panel.role_easy_read != LONG_EASY_READ

    client.post(
        url,
        {
            "standard": "## Ours\nHand written.",
            "easy_read": LONG_EASY_READ,
            "easy_read_checked_with_reader": "on",
        },
    )
    panel.refresh_from_db()
    assert panel.role_easy_read == LONG_EASY_READ
    entry = AuditEntry.objects.get(action=CHECKED_ACTION)
    assert (entry.actor, entry.data, entry.organisation) == (
        alice,
        {"field": "easy_read"},
        panel.organisation,
    )


def test_the_standard_version_is_never_blocked(client_as, alice, panel):
    long_standard = "## About\n" + " ".join(["word"] * 40) + "."
    client_as(alice).post(
        f"/o/riverside/panels/{panel.pk}/role/",
        {"standard": long_standard, "easy_read": "## What is this?\nA group of people."},
    )
    panel.refresh_from_db()
    assert panel.role_standard == long_standard
    assert not AuditEntry.objects.filter(action=CHECKED_ACTION).exists()


def test_a_short_easy_read_saves_without_the_tick(client_as, alice, panel):
    client_as(alice).post(
        f"/o/riverside/panels/{panel.pk}/role/",
        {"standard": "## Ours\nText.", "easy_read": "## What is this?\nWe meet once a month."},
    )
    assert (
        Panel.objects.get(pk=panel.pk).role_easy_read == "## What is this?\nWe meet once a month."
    )


@pytest.fixture
def panel(org, alice):
    return PanelFactory(organisation=org)


def test_the_workshop_easy_read_words_are_gated_and_the_tick_stays_beside_them(org, alice):
    long_words = "Walk to the table by the window and put a dot on the idea you like best today."
    data = {"title": "Vote", "planned_minutes": "10", "easy_read_instruction": long_words}
    refused = ActivityForm(data, kind=Activity.Kind.PLAIN)
    assert not refused.is_valid()
    assert refused.errors["easy_read_instruction"][0].startswith("A sentence has 18 words.")
    names = list(refused.fields)
    assert names[names.index("easy_read_instruction") + 1] == (
        "easy_read_instruction_checked_with_reader"
    )
    ticked = ActivityForm(
        {**data, "easy_read_instruction_checked_with_reader": "on"}, kind=Activity.Kind.PLAIN
    )
    assert ticked.is_valid(), ticked.errors
    assert ticked.easy_read_checked() == ["easy_read_instruction"]
    assert "easy_read_instruction_checked_with_reader" not in ticked.activity_fields()
