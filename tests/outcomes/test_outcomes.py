from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.core.models import AuditEntry, Membership
from coproduce.ladder.domain import adopt_action, open_round
from coproduce.outcomes import domain
from coproduce.outcomes.models import Contribution, Credit, Response
from coproduce.outcomes.queries import contributions_for, measures_for
from coproduce.workshops.models import Dot
from tests.factories import (
    ActivityFactory,
    ChangeFactory,
    ContributionFactory,
    IdeaFactory,
    ParticipantFactory,
    UserFactory,
    WorkshopFactory,
)
from tests.markup import flat

MAR = datetime.date(2026, 3, 2)


def page_url(initiative, **params):
    url = reverse("outcomes_initiative", kwargs={"org": "riverside", "pk": initiative.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def respond(contribution, actor, decision="adopted", days=5, **extra):
    return domain.record_response(
        contribution,
        actor=actor,
        decision=decision,
        decided_by="Leadership team",
        decided_on=contribution.said_on + datetime.timedelta(days=days),
        **extra,
    )


# Responses


def test_not_adopted_without_a_reason_explains_and_keeps_what_was_typed(
    client_as, alice, initiative
):
    contribution = ContributionFactory(initiative=initiative, organisation=initiative.organisation)
    page = client_as(alice).post(
        reverse(
            "outcomes_response_add",
            kwargs={"org": "riverside", "contribution_pk": contribution.pk},
        ),
        {
            "decision": "not_adopted",
            "reason": "  ",
            "decided_by": "Finance panel",
            "decided_on": "2026-03-10",
        },
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        text.count("Say why it was not adopted, in plain words. People have a right to know.") == 2
    )
    assert 'value="Finance panel"' in text
    assert 'value="2026-03-10"' in text
    assert 'value="not_adopted" required id="id_decision_2" checked>' in text
    assert Response.objects.count() == 0


def test_domain_refuses_not_adopted_without_a_reason(alice, initiative):
    contribution = ContributionFactory(initiative=initiative, organisation=initiative.organisation)
    with pytest.raises(ValidationError) as error:
        respond(contribution, alice, decision="not_adopted")
    assert error.value.message_dict == {
        "reason": ["Say why it was not adopted, in plain words. People have a right to know."]
    }


def test_responses_keep_the_latest_and_the_first_date(alice, initiative):
    contribution = ContributionFactory(initiative=initiative, organisation=initiative.organisation)
    first = respond(contribution, alice, decision="considering", days=3)
    second = respond(contribution, alice, decision="adapted", days=20, reason="Smaller ramp.")
    contribution.refresh_from_db()
    assert contribution.latest_response == second
    assert contribution.first_response_on == first.decided_on == datetime.date(2026, 3, 5)
    assert contribution.days_to_response == 3
    assert list(
        AuditEntry.objects.filter(action="outcomes.response.recorded")
        .order_by("id")
        .values_list("data", flat=True)
    ) == [{"decision": "considering"}, {"decision": "adapted"}]


def test_staff_record_change_outcome_and_feedback(client_as, alice, initiative):
    contribution = ContributionFactory(initiative=initiative, organisation=initiative.organisation)
    client = client_as(alice)
    kwargs = {"org": "riverside", "contribution_pk": contribution.pk}
    for name, data in [
        (
            "outcomes_change_add",
            {
                "what": "A ramp was built.",
                "happened_on": "2026-04-01",
                "evidence_link": "https://example.org/ramp.jpg",
            },
        ),
        (
            "outcomes_outcome_add",
            {
                "kind": "benefit",
                "what": "Six more people use the garden.",
                "noted_on": "2026-06-01",
            },
        ),
        (
            "outcomes_feedback_add",
            {"to_whom": "Garden group", "sent_on": "2026-04-02", "format": "easy_read"},
        ),
    ]:
        assert client.post(reverse(name, kwargs=kwargs), data).status_code == 302
    text = client.get(page_url(initiative)).content.decode()
    assert "A ramp was built. (1 Apr 2026)" in text
    assert "Six more people use the garden." in text
    assert "We told: Garden group (Easy read, 2 Apr 2026)" in text


# Contributions from workshops and the Ladder


@pytest.fixture
def vote(initiative):
    """A Dotmocracy: ramp 3 dots, benches 2, gate 2, beds none."""
    workshop = WorkshopFactory(initiative=initiative, organisation=initiative.organisation)
    activity = ActivityFactory(workshop=workshop)
    ideas = {
        text: IdeaFactory(activity=activity, text=text)
        for text in ["A ramp", "Benches", "A gate", "Raised beds"]
    }
    people = [ParticipantFactory(workshop=workshop) for _ in range(3)]
    slot = 0
    for text, voters in [("A ramp", 3), ("Benches", 2), ("A gate", 2)]:
        for participant in people[:voters]:
            slot += 1
            Dot.objects.create(
                organisation=activity.organisation,
                activity=activity,
                participant=participant,
                idea=ideas[text],
                slot=slot,
                stack=1,
            )
    return activity


def test_top_dotmocracy_results_become_contributions_once(alice, initiative, vote):
    added = domain.import_workshop_results(vote, actor=alice, top=2)
    assert [(c.text, c.source, c.idea.activity_id) for c in added] == [
        ("A ramp", "dotmocracy_result", vote.pk),
        ("Benches", "dotmocracy_result", vote.pk),
        ("A gate", "dotmocracy_result", vote.pk),  # tied second
    ]
    assert all(
        c.initiative == initiative and c.said_on == datetime.date(2026, 11, 4) for c in added
    )
    assert domain.import_workshop_results(vote, actor=alice, top=2) == []
    assert Contribution.objects.count() == 3


def test_every_idea_can_come_in_as_a_workshop_idea(alice, vote):
    added = domain.import_workshop_ideas(vote, actor=alice)
    assert sorted(c.text for c in added) == ["A gate", "A ramp", "Benches", "Raised beds"]
    assert domain.import_workshop_ideas(vote, actor=alice) == []


def test_ladder_next_steps_become_contributions_once(alice, initiative):
    round_ = open_round(initiative, actor=alice)
    action = adopt_action(
        initiative,
        round_=round_,
        question_key="ep_lead",
        text="Ask people to lead parts of meetings.",
        owner=alice.people.get(),
        due_on=datetime.date(2030, 1, 1),
        actor=alice,
    )
    added = domain.import_ladder_actions(initiative, actor=alice)
    assert [(c.ladder_action, c.source, c.text) for c in added] == [
        (action, "ladder_action", "Ask people to lead parts of meetings.")
    ]
    assert domain.import_ladder_actions(initiative, actor=alice) == []


def test_import_page_adds_top_results(client_as, alice, initiative, vote):
    url = reverse("outcomes_import", kwargs={"org": "riverside", "pk": initiative.pk})
    response = client_as(alice).post(
        url, {"action": "workshop", "activity": vote.pk, "which": "top", "top": "1"}
    )
    assert response.status_code == 302
    assert list(Contribution.objects.values_list("text", flat=True)) == ["A ramp"]


# The page: measures, paging, query count, easy read, publishing


def test_measures_count_responses_days_reasons_and_changes(alice, initiative):
    org = initiative.organisation
    contributions = ContributionFactory.create_batch(4, initiative=initiative, organisation=org)
    respond(contributions[0], alice, days=5)
    respond(contributions[1], alice, decision="not_adopted", days=10, reason="No money left.")
    ChangeFactory(contribution=contributions[0])
    measures = measures_for(contributions_for(initiative=initiative))
    assert (measures.total, measures.with_response, measures.response_percent) == (4, 2, 50)
    assert (measures.median_days, measures.median_days_shown) == (7.5, 8)
    assert (measures.not_adopted, measures.not_adopted_with_reason, measures.reason_percent) == (
        1,
        1,
        100,
    )
    assert measures.changes == 1
    assert [(row.key, row.count, row.percent) for row in measures.by_decision] == [
        ("adopted", 1, 25),
        ("adapted", 0, 0),
        ("not_adopted", 1, 25),
        ("considering", 0, 0),
        ("out_of_scope", 0, 0),
        ("none", 2, 50),
    ]


def test_page_shows_measures_as_a_chart_and_a_table(client_as, bob, alice, initiative):
    contribution = ContributionFactory(initiative=initiative, organisation=initiative.organisation)
    respond(contribution, alice, days=4)
    text = flat(client_as(bob).get(page_url(initiative)).content.decode())
    assert '<svg class="bar-chart"' in text
    assert 'class="bar bar-adopted"' in text
    assert re.search(
        r'<th scope="row">Adopted</th><td class="num">1</td><td class="num">100%</td>', text
    )
    assert "<dd>4 days</dd>" in text
    assert "style=" not in text


def test_page_lists_50_at_a_time(client_as, bob, initiative):
    ContributionFactory.create_batch(
        60, initiative=initiative, organisation=initiative.organisation
    )
    client = client_as(bob)
    first = client.get(page_url(initiative)).content.decode()
    second = client.get(page_url(initiative, page=2)).content.decode()
    assert first.count('class="card story"') == 50
    assert second.count('class="card story"') == 10
    assert "Showing 51 to 60 of 60 things people said." in second


def test_page_query_count_does_not_grow(client_as, alice, bob, initiative):
    org = initiative.organisation

    def count_queries() -> int:
        client = client_as(alice)
        client.get(page_url(initiative))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_url(initiative)).status_code == 200
        return len(queries)

    few = ContributionFactory.create_batch(3, initiative=initiative, organisation=org)
    respond(few[0], alice)
    ChangeFactory(contribution=few[0])
    Credit.objects.create(organisation=org, contribution=few[1], person=bob.people.get())
    small = count_queries()
    for contribution in ContributionFactory.create_batch(
        80, initiative=initiative, organisation=org
    ):
        respond(contribution, alice, decision="adapted", reason="Partly.")
        ChangeFactory(contribution=contribution)
        Credit.objects.create(organisation=org, contribution=contribution, person=bob.people.get())
    assert count_queries() == small
    assert small <= 16


def test_easy_read_version_uses_plain_decisions(client_as, bob, alice, initiative):
    contribution = ContributionFactory(initiative=initiative, organisation=initiative.organisation)
    respond(contribution, alice, decision="not_adopted", reason="It costs too much this year.")
    text = client_as(bob).get(page_url(initiative, version="easy-read")).content.decode()
    assert "What you said and what we did: Make the garden easy to use" in text
    assert "We said no. Here is why." in text
    assert "It costs too much this year." in text
    assert 'class="easy-read"' in text


def test_published_page_is_open_without_login_until_taken_down(
    client_as, client, alice, initiative
):
    contribution = ContributionFactory(initiative=initiative, organisation=initiative.organisation)
    domain.record_feedback(contribution, actor=alice, to_whom="June", sent_on=MAR, format="letter")
    staff = client_as(alice)
    publish = reverse("outcomes_publish", kwargs={"org": "riverside", "pk": initiative.pk})
    staff.post(publish, {"action": "publish"})
    publication = initiative_publication(initiative)
    client.logout()
    public_url = reverse("outcomes_public", kwargs={"public_slug": publication.slug})
    page = client.get(public_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert contribution.text in text
    assert "Published by Riverside Council." in text
    assert "We told" not in text
    assert "Record what happened" not in text
    client_as(alice).post(publish, {"action": "unpublish"})
    client.logout()
    assert client.get(public_url).status_code == 404
    assert len(publication.slug) >= 20


def initiative_publication(initiative):
    from coproduce.outcomes.models import Publication

    return Publication.objects.get(initiative=initiative)


def test_unpublished_page_needs_a_login(client, initiative):
    from coproduce.outcomes.models import Publication

    publication = Publication.objects.create(
        organisation=initiative.organisation, initiative=initiative
    )
    assert client.get(f"/you-said-we-did/{publication.slug}/").status_code == 404
    assert client.get(page_url(initiative)).status_code == 302


# The member's own page


def test_member_sees_what_happened_to_what_they_said(client_as, alice, bob, initiative):
    org = initiative.organisation
    mine = ContributionFactory(initiative=initiative, organisation=org, text="A ramp, please.")
    ContributionFactory(initiative=initiative, organisation=org, text="Someone else's idea.")
    Credit.objects.create(organisation=org, contribution=mine, person=bob.people.get())
    respond(mine, alice, reason="Building it in May.")
    text = (
        client_as(bob).get(reverse("outcomes_mine", kwargs={"org": "riverside"})).content.decode()
    )
    assert "A ramp, please." in text
    assert "Adopted" in text
    assert "Building it in May." in text
    assert "Someone else's idea." not in text


def test_naming_someone_needs_the_date_they_agreed(client_as, alice, bob, initiative):
    page = client_as(alice).post(
        reverse("outcomes_contribution_add", kwargs={"org": "riverside", "pk": initiative.pk}),
        {
            "source": "other",
            "text": "More benches.",
            "said_on": "2026-03-02",
            "credited": [bob.people.get().pk],
        },
    )
    assert "Enter when they agreed to be named, or untick them." in page.content.decode()
    assert Contribution.objects.count() == 0


def test_panel_contribution_from_a_meeting(client_as, alice, bob, panel):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(panel=panel, title="April meeting")
    response = client_as(alice).post(
        reverse(
            "outcomes_panel_contribution_add", kwargs={"org": "riverside", "panel_pk": panel.pk}
        ),
        {
            "source": "panel_recommendation",
            "text": "Open on Saturdays.",
            "said_on": "2026-04-07",
            "meeting": meeting.pk,
            "credited": [bob.people.get().pk],
            "consent_given_on": "2026-04-07",
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.panel, contribution.meeting, contribution.initiative) == (
        panel,
        meeting,
        None,
    )
    assert [c.person for c in contribution.credits.all()] == [bob.people.get()]
    text = (
        client_as(bob)
        .get(reverse("outcomes_panel", kwargs={"org": "riverside", "panel_pk": panel.pk}))
        .content.decode()
    )
    assert "Open on Saturdays." in text
    assert "April meeting" in text
    assert "said by Bob Hughes" in text


def test_panel_page_is_hidden_from_members_not_on_it(client_as, org, panel):
    user = UserFactory(email="hal@example.org")
    Membership.objects.create(organisation=org, user=user, role="member")
    url = reverse("outcomes_panel", kwargs={"org": "riverside", "panel_pk": panel.pk})
    assert client_as(user).get(url).status_code == 404


# Review reminders


def test_review_reminders_go_once_to_the_owner_of_the_current_response(alice, initiative):
    org = initiative.organisation
    owner = alice.people.get()
    due, superseded, later = ContributionFactory.create_batch(
        3, initiative=initiative, organisation=org
    )
    respond(due, alice, review_on=datetime.date(2026, 4, 1), owner=owner)
    respond(superseded, alice, review_on=datetime.date(2026, 4, 1), owner=owner)
    respond(superseded, alice, days=40)  # a newer decision with no review date
    respond(later, alice, review_on=datetime.date(2099, 1, 1), owner=owner)
    call_command("send_review_reminders", "--dry-run")
    assert mail.outbox == []
    sent = domain.remind_due_reviews(today=datetime.date(2026, 4, 2))
    assert [r.contribution for r in sent] == [due]
    assert domain.remind_due_reviews(today=datetime.date(2026, 4, 3)) == []


def test_review_reminder_email(alice, initiative, django_capture_on_commit_callbacks):
    contribution = ContributionFactory(
        initiative=initiative, organisation=initiative.organisation, text="Fix the gate."
    )
    respond(contribution, alice, review_on=datetime.date(2026, 4, 1), owner=alice.people.get())
    with django_capture_on_commit_callbacks(execute=True):
        domain.remind_due_reviews(today=datetime.date(2026, 4, 1))
    [message] = mail.outbox
    assert (message.to, message.subject) == (["alice@example.org"], "A decision is due for review")
    assert "Fix the gate." in message.body
    assert f"/o/riverside/you-said-we-did/{contribution.pk}/" in message.body


def test_a_contribution_sent_from_a_workshop_record_keeps_its_activity(
    client_as, alice, initiative
):
    activity = ActivityFactory(workshop=WorkshopFactory(initiative=initiative))
    other_initiative = ActivityFactory(workshop=WorkshopFactory())  # another organisation's
    url = reverse("outcomes_contribution_add", kwargs={"org": "riverside", "pk": initiative.pk})
    client = client_as(alice)
    page = client.get(
        url,
        {
            "source": "workshop_idea",
            "text": "A tap",
            "said_on": "2026-03-02",
            "activity": activity.pk,
        },
    ).content.decode()
    assert "A tap</textarea>" in page
    assert 'value="2026-03-02"' in page
    assert f'name="workshop_activity" value="{activity.pk}"' in page
    assert f"From the workshop “{activity.workshop.title}”, in “{activity.title}”." in page
    # What is not right is left out: an unknown source, a bad date, someone else's activity.
    odd = client.get(
        url, {"source": "x", "said_on": "2026-02-31", "activity": other_initiative.pk}
    ).content.decode()
    assert '<input type="hidden" name="workshop_activity" id="id_workshop_activity">' in odd
    assert 'value="2026-02-31"' not in odd

    client.post(
        url,
        {
            "source": "workshop_idea",
            "text": "A tap",
            "said_on": "2026-03-02",
            "workshop_activity": activity.pk,
        },
    )
    saved = Contribution.objects.get()
    assert (saved.text, saved.workshop_activity, saved.source) == (
        "A tap",
        activity,
        "workshop_idea",
    )
    # Another initiative's activity cannot be posted in.
    refused = client.post(
        url,
        {
            "source": "workshop_idea",
            "text": "B",
            "said_on": "2026-03-02",
            "workshop_activity": other_initiative.pk,
        },
    )
    assert refused.status_code == 200
    assert Contribution.objects.count() == 1
