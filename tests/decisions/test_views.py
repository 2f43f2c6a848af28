from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.decisions.models import Decision
from coproduce.initiatives.models import Initiative
from tests.factories import (
    ContributionFactory,
    DecisionFactory,
    InitiativeFactory,
    PanelFactory,
    PersonFactory,
)


def url(name, **kwargs):
    return reverse(name, kwargs={"org": "riverside", **kwargs})


GOOD = {"what": "Paint the fence green.", "decided_on": "2026-03-10", "how": "jointly"}


def test_staff_record_a_decision_and_see_it_on_the_list_and_the_initiative(
    client_as, alice, bob, initiative
):
    client = client_as(alice)
    bob_person = bob.people.get()
    response = client.post(
        url("decision_add", pk=initiative.pk), {**GOOD, "people": [bob_person.pk]}
    )
    assert response.status_code == 302
    assert response.url == url("decisions_initiative", pk=initiative.pk)
    decision = Decision.objects.get()
    assert (decision.initiative, decision.how, list(decision.people.all())) == (
        initiative,
        "jointly",
        [bob_person],
    )
    page = client.get(response.url).content.decode()
    assert "Paint the fence green." in page
    assert "Decided together, with an equal say" in page
    assert url("decision_edit", decision_pk=decision.pk) in page
    initiative_page = client.get(url("initiative_detail", pk=initiative.pk)).content.decode()
    assert "Paint the fence green." in initiative_page
    assert "recorded a decision" in initiative_page


def test_a_member_of_the_initiative_records_one_shown_as_recorded_by_them(
    client_as, bob, initiative
):
    client = client_as(bob)
    response = client.post(url("decision_add", pk=initiative.pk), GOOD)
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.recorded_by == bob.people.get()
    page = client.get(url("decisions_initiative", pk=initiative.pk)).content.decode()
    assert "Recorded by" in page
    assert "Bob Hughes" in page
    assert url("decision_edit", decision_pk=decision.pk) not in page  # only staff correct
    assert client.get(url("decision_edit", decision_pk=decision.pk)).status_code == 403


def test_a_member_not_in_the_initiative_can_neither_see_nor_record(client_as, bob, org):
    elsewhere = InitiativeFactory(organisation=org)
    client = client_as(bob)
    assert client.get(url("decisions_initiative", pk=elsewhere.pk)).status_code == 404
    assert client.post(url("decision_add", pk=elsewhere.pk), GOOD).status_code == 404
    assert not Decision.objects.exists()


def test_another_organisations_decision_is_not_reachable(client_as, charlie, alice, initiative):
    decision = DecisionFactory(initiative=initiative)
    client = client_as(charlie)
    edit = reverse("decision_edit", kwargs={"org": "hillside", "decision_pk": decision.pk})
    assert client.get(edit).status_code == 404
    assert client.post(edit, {**GOOD, "what": "Taken over."}).status_code == 404
    add = reverse("decision_add", kwargs={"org": "hillside", "pk": initiative.pk})
    assert client.post(add, GOOD).status_code == 404
    decision.refresh_from_db()
    assert decision.what.endswith("paint the fence green.")
    assert Decision.objects.count() == 1


def test_refused_counts_say_why_and_keep_what_was_typed(client_as, alice, initiative):
    response = client_as(alice).post(
        url("decision_add", pk=initiative.pk),
        {**GOOD, "what": "Move the shed.", "how": "staff_alone", "for_lived": "4"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert "Only give a count of votes for a decision taken by a vote." in page
    assert "Move the shed." in page
    assert 'name="for_lived" value="4"' in page
    assert not Decision.objects.exists()


def test_a_panel_member_records_a_vote_of_the_panel(client_as, bob, panel):
    response = client_as(bob).post(
        url("decision_panel_add", panel_pk=panel.pk),
        {
            **GOOD,
            "how": "by_vote",
            "for_lived": "5",
            "for_learnt": "1",
            "against_lived": "0",
            "against_learnt": "2",
        },
    )
    assert response.status_code == 302
    assert response.url == url("decisions_panel", panel_pk=panel.pk)
    decision = Decision.objects.get()
    assert (decision.panel, decision.votes_for, decision.votes_against) == (panel, 6, 2)
    page = client_as(bob).get(response.url).content.decode()
    assert "6 for (5 lived experience, 1 learnt experience)" in page
    assert "2 against (0 lived experience, 2 learnt experience)" in page


def test_a_member_not_on_the_panel_cannot_record_for_it(client_as, bob, org, alice):
    other_panel = PanelFactory(organisation=org, slug="home-care")
    client = client_as(bob)
    assert client.get(url("decisions_panel", panel_pk=other_panel.pk)).status_code == 404
    assert client.post(url("decision_panel_add", panel_pk=other_panel.pk), GOOD).status_code == 404


def test_staff_correct_a_decision(client_as, alice, initiative):
    decision = DecisionFactory(initiative=initiative)
    client = client_as(alice)
    form = client.get(url("decision_edit", decision_pk=decision.pk)).content.decode()
    assert decision.what in form
    response = client.post(
        url("decision_edit", decision_pk=decision.pk), {**GOOD, "how": "staff_after_views"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.what, decision.how) == ("Paint the fence green.", "staff_after_views")


def test_a_decision_from_a_contribution_shows_in_you_said_we_did(client_as, alice, initiative):
    said = ContributionFactory(initiative=initiative, organisation=initiative.organisation)
    client = client_as(alice)
    client.post(
        url("decision_add", pk=initiative.pk),
        {**GOOD, "came_from": "contribution", "contribution": said.pk, "means": "adopted"},
    )
    page = client.get(url("outcomes_initiative", pk=initiative.pk)).content.decode()
    assert "Decided together, with an equal say, 10 Mar 2026" in page
    assert "Paint the fence green." in page


def test_the_list_reads_in_a_fixed_number_of_queries(client_as, alice, initiative):
    client = client_as(alice)
    people = [PersonFactory(organisation=initiative.organisation) for _ in range(3)]
    said = ContributionFactory(initiative=initiative, organisation=initiative.organisation)

    def add(n):
        for i in range(n):
            decision = DecisionFactory(
                initiative=initiative,
                decided_on=datetime.date(2026, 3, 1 + i),
                came_from="contribution",
                contribution=said,
                recorded_by=people[0],
            )
            decision.people.set(people)

    add(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url("decisions_initiative", pk=initiative.pk))
    add(20)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("decisions_initiative", pk=initiative.pk))
    assert page.content.decode().count('class="card decision-card') == 22
    assert len(many) == len(few)


def test_the_initiative_form_asks_what_the_work_is_about(client_as, alice, initiative):
    client = client_as(alice)
    form = client.get(url("initiative_edit", pk=initiative.pk)).content.decode()
    assert "What is this work about?" in form
    assert "One person&#x27;s own care and support" in form
    response = client.post(
        url("initiative_create"),
        {"title": "Better home care", "aim": "Visits on time.", "stage": "idea",
         "level": "strategic"},
    )  # fmt: skip
    created = Initiative.objects.get(title="Better home care")
    assert response.status_code == 302
    assert created.level == "strategic"
    page = client.get(url("initiative_detail", pk=created.pk)).content.decode()
    assert "What it is about" in page
    assert "Strategy and policy" in page


def test_the_initiative_page_shows_the_latest_three_and_how_many(client_as, alice, initiative):
    for day in range(1, 6):
        DecisionFactory(
            initiative=initiative, decided_on=datetime.date(2026, 3, day), what=f"Choice {day}."
        )
    page = client_as(alice).get(url("initiative_detail", pk=initiative.pk)).content.decode()
    assert "See all 5 decisions" in page
    assert [n for n in range(1, 6) if f"Choice {n}." in page] == [3, 4, 5]
