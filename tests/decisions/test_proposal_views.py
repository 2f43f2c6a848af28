"""The proposal pages for each role: staff open, record and close; a member of the panel
answers; members of other panels and other organisations see nothing."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.decisions import backing, proposals
from coproduce.decisions.models import Decision, Proposal, ProposalAnswer
from coproduce.panels.models import Panel
from tests.decisions.proposal_setup import open_on, panel_with_members, pass_closing_time
from tests.factories import PanelFactory, PersonFactory
from tests.markup import flat

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(org, alice, dana, bob):
    return panel_with_members(org, alice, dana, bob, others=1)


@pytest.fixture
def proposal(panel, alice):
    return open_on(panel, alice, detail="The bus does not run on Saturday afternoons.")


def url(name, **kwargs):
    return reverse(name, kwargs={"org": "riverside", **kwargs})


def june(panel):
    return panel.members.get(person__user__isnull=True).person


def test_staff_open_a_proposal_and_members_see_it_on_the_panel_page(client_as, alice, bob, panel):
    closes = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client_as(alice).post(
        url("proposal_create", panel_pk=panel.pk),
        {"title": "Meet at the library", "detail": "", "closes_at": closes, "initiative": ""},
    )

    proposal = Proposal.objects.get()
    assert response.url == url("proposal_detail", proposal_pk=proposal.pk)
    assert (proposal.panel, proposal.opened_by.user) == (panel, alice)
    page = client_as(bob).get(url("panel_detail", pk=panel.pk)).content.decode()
    assert "Meet at the library" in page
    assert url("proposal_detail", proposal_pk=proposal.pk) in page


def test_a_closing_time_in_the_past_is_refused_and_what_was_typed_is_kept(client_as, alice, panel):
    response = client_as(alice).post(
        url("proposal_create", panel_pk=panel.pk),
        {"title": "Meet at the library", "closes_at": "2020-05-05T14:00"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose a closing time that has not passed yet." in body
    assert 'value="Meet at the library"' in body
    assert not Proposal.objects.exists()


def test_a_member_answers_and_sees_their_answer(client_as, bob, proposal):
    client = client_as(bob)
    response = client.post(
        url("proposal_answer", proposal_pk=proposal.pk),
        {"answer": "object", "reason": "No bus back."},
    )
    assert response.url == url("proposal_detail", proposal_pk=proposal.pk)
    answer = ProposalAnswer.objects.get()
    assert (answer.person.user, answer.answer, answer.reason) == (bob, "object", "No bus back.")

    page = client.get(response.url).content.decode()
    assert "You answered: <strong>I object</strong>." in page
    assert "Change my answer" in page
    assert "Who answered" not in page  # a member sees their own answer, not others'


def test_a_member_answering_after_it_closes_is_told_plainly(client_as, bob, proposal):
    pass_closing_time(proposal)
    response = client_as(bob).post(
        url("proposal_answer", proposal_pk=proposal.pk), {"answer": "agree"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Closed on" in body
    assert not ProposalAnswer.objects.exists()


def test_the_closed_message_shows_when_it_closes_while_the_form_is_open(client_as, bob, proposal):
    client = client_as(bob)
    client.get(url("proposal_detail", proposal_pk=proposal.pk))
    Proposal.objects.filter(pk=proposal.pk).update(closed_at=timezone.now())

    response = client.post(url("proposal_answer", proposal_pk=proposal.pk), {"answer": "agree"})

    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert "This proposal has closed, so it cannot take answers now." in body
    assert "Your answer was not saved." in body
    assert "Send my answer" not in body  # no form to send again
    assert not ProposalAnswer.objects.exists()


def test_a_member_must_choose_an_answer(client_as, bob, proposal):
    response = client_as(bob).post(
        url("proposal_answer", proposal_pk=proposal.pk), {"reason": "Not sure"}
    )
    body = response.content.decode()
    assert "Choose an answer." in body
    assert "Not sure" in body  # what they typed is kept
    assert not ProposalAnswer.objects.exists()


def test_staff_record_an_answer_shown_with_who_and_how(client_as, alice, panel, proposal):
    member = june(panel)
    response = client_as(alice).post(
        url("proposal_record", proposal_pk=proposal.pk),
        {"person": member.pk, "answer": "agree", "reason": "", "how_told": "by phone"},
    )
    assert response.url == url("proposal_detail", proposal_pk=proposal.pk)

    page = client_as(alice).get(response.url).content.decode()
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"Recorded by Alice Okafor on {today}, by phone" in page


def test_staff_cannot_record_an_answer_for_someone_not_on_the_panel(
    client_as, alice, org, proposal
):
    outsider = PersonFactory(organisation=org)
    response = client_as(alice).post(
        url("proposal_record", proposal_pk=proposal.pk),
        {"person": outsider.pk, "answer": "agree", "how_told": "by phone"},
    )
    assert "Choose a member of this panel." in response.content.decode()
    assert not ProposalAnswer.objects.exists()


def test_staff_close_it_and_everyone_sees_the_outcome(client_as, alice, bob, proposal):
    proposals.answer_proposal(proposal, bob.people.get(), actor=bob, answer="agree")
    response = client_as(alice).post(url("proposal_close", proposal_pk=proposal.pk))
    assert response.url == url("proposal_detail", proposal_pk=proposal.pk)
    decision = Decision.objects.get()
    assert decision.proposal == proposal

    page = flat(client_as(bob).get(response.url).content.decode())
    assert "<strong>Agreed.</strong>" in page
    assert "It passes when more members agree than object: 1 agreed and 0 objected." in page
    assert "Send my answer" not in page
    assert "Change my answer" not in page


def test_a_member_not_on_the_panel_gets_404(client_as, org, bob, alice, dana):
    other = PanelFactory(organisation=org, slug="other")
    proposal = open_on(other, alice)
    client = client_as(bob)
    for name in ("proposal_detail", "proposal_answer"):
        assert client.get(url(name, proposal_pk=proposal.pk)).status_code == 404
    response = client.post(url("proposal_answer", proposal_pk=proposal.pk), {"answer": "agree"})
    assert response.status_code == 404
    assert not ProposalAnswer.objects.exists()


def test_a_member_cannot_record_or_close(client_as, bob, proposal):
    client = client_as(bob)
    assert client.get(url("proposal_record", proposal_pk=proposal.pk)).status_code == 403
    assert client.post(url("proposal_close", proposal_pk=proposal.pk)).status_code == 403
    assert client.get(url("proposal_create", panel_pk=proposal.panel_id)).status_code == 403
    assert not Decision.objects.exists()


def test_another_organisations_proposal_is_404_under_our_address(
    client_as, alice, other_org, charlie
):
    theirs = PanelFactory(organisation=other_org, slug="theirs")
    proposal = open_on(theirs, charlie)
    client = client_as(alice)
    for name in ("proposal_detail", "proposal_record"):
        assert client.get(url(name, proposal_pk=proposal.pk)).status_code == 404
    assert client.post(url("proposal_close", proposal_pk=proposal.pk)).status_code == 404
    assert client.get(url("proposal_create", panel_pk=theirs.pk)).status_code == 404
    assert Panel.objects.get(pk=theirs.pk).proposals.get().decision is None


def test_the_panel_page_lists_open_and_decided_proposals(client_as, alice, bob, panel, proposal):
    decided = open_on(panel, alice, title="Meet at the library")
    proposals.answer_proposal(decided, bob.people.get(), actor=bob, answer="object")
    proposals.close_proposal(decided, actor=alice)
    proposals.answer_proposal(proposal, bob.people.get(), actor=bob, answer="agree")

    page = client_as(bob).get(url("panel_detail", pk=panel.pk)).content.decode()
    assert "Your answer: <strong>I agree</strong>." in page
    assert "Meet at the library</a>: <strong>not agreed</strong>" in page


def test_the_panel_page_reads_proposals_in_a_fixed_number_of_queries(
    client_as, alice, bob, dana, panel, proposal
):
    client = client_as(bob)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url("panel_detail", pk=panel.pk)).status_code == 200
        return len(context)

    client.get(url("panel_detail", pk=panel.pk))  # caches warm (content types, session)
    few = queries()
    for n in range(8):
        more = open_on(panel, alice, title=f"Question {n}")
        proposals.answer_proposal(more, bob.people.get(), actor=bob, answer="agree")
        if n % 2:
            proposals.close_proposal(more, actor=alice)
    for n in range(4):
        backing.record_backing(
            actor=alice,
            sponsor=dana.people.get(),
            sponsor_role="Director",
            backed_on=timezone.localdate(),
            commitment=f"Promise {n}",
            panel=panel,
        )
    assert queries() == few
