"""The Ladder pages for rounds under bank v2: each voice, one person's own result, groups."""

import html

import pytest
from django.utils import timezone

from coproduce.initiatives.models import Capacity
from coproduce.ladder import domain
from coproduce.ladder.path_bank import load_any_bank
from tests.factories import InvolvementFactory, PersonFactory, ResponseFactory, RoundFactory

BANK = load_any_bank(2)
CO_DESIGN = {"have_say": "own_ideas", "designed": "yes", "start": "after_topic", "forum": "no"}
CONSULTATION = {"have_say": "chose_options", "designed": "no", "vc_changed": "no"}


def page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def ladder_round(initiative, alice):
    return domain.open_round(initiative, actor=alice)


def own_response(ladder_round, user):
    return ladder_round.responses.get(person__user=user)


def test_open_round_uses_bank_two(ladder_round):
    assert {r.bank_version for r in ladder_round.responses.all()} == {2}


def test_question_is_asked_in_the_voice_of_who_answers(client, client_as, ladder_round, bob, alice):
    bobs, alices = own_response(ladder_round, bob), own_response(ladder_round, alice)
    assert "what chance did you have to have a say?" in page(
        client.get(f"/answer/{bobs.token}/q/1/")
    )
    assert "what chance did people with lived experience have" in page(
        client.get(f"/answer/{alices.token}/q/1/")
    )
    staff = client_as(alice)
    proxy = staff.get(
        f"/o/riverside/initiatives/{ladder_round.initiative_id}/ladder/responses/{bobs.pk}/q/1/"
    )
    assert "what chance did this person have to have a say?" in page(proxy)
    assert "I don’t know" in page(proxy)


def test_easy_read_is_in_the_persons_own_voice(client, ladder_round, bob):
    bobs = own_response(ladder_round, bob)
    response = client.get(f"/answer/{bobs.token}/q/1/?easy_read=on", follow=True)
    assert "Before things were decided, could you have a say?" in page(response)


def test_a_lead_answering_alone_sees_their_own_rung_as_one_persons_view(
    client, client_as, ladder_round, alice
):
    alices = own_response(ladder_round, alice)
    for key, option in CO_DESIGN.items():
        domain.record_answer(alices, key, option)
    client.post(f"/answer/{alices.token}/check/")
    done = page(client.get(f"/answer/{alices.token}/done/"))
    assert "What your answers say" in done
    assert "People designed it with staff and took part in decisions. So this is co-design." in done
    results = page(
        client_as(alice).get(f"/o/riverside/initiatives/{ladder_round.initiative_id}/ladder/")
    )
    assert "By your own answers" in results
    assert "This is one person’s view: yours." in results
    assert "Co-design" in results
    assert "It is not co-production yet, because:" in results
    assert "people were not involved from the very start" in results
    assert "To move up to co-production, do all of these:" in results


def test_own_result_with_an_unknown_that_matters_is_a_range_with_what_to_find_out(
    client, ladder_round, bob
):
    bobs = own_response(ladder_round, bob)
    domain.record_answer(bobs, "have_say", "own_ideas")
    client.post(f"/answer/{bobs.token}/check/")
    done = page(client.get(f"/answer/{bobs.token}/done/"))
    assert "Engagement, or Co-design" in done
    assert "people designed it with staff and took part in decisions" in done
    assert "Until you know, call it engagement." in done
    assert "To settle it, find out:" in done


def test_another_persons_answers_are_never_shown_as_one_persons_view(
    client, client_as, ladder_round, bob, alice
):
    bobs = own_response(ladder_round, bob)
    for key, option in CONSULTATION.items():
        domain.record_answer(bobs, key, option)
    client.post(f"/answer/{bobs.token}/check/")
    results = page(
        client_as(alice).get(f"/o/riverside/initiatives/{ladder_round.initiative_id}/ladder/")
    )
    assert "By your own answers" not in results
    assert 'class="rung-big"' not in results
    assert "People chose between options staff made" not in results
    assert "No group results yet" in results


def test_group_results_show_every_difference_in_plain_words(client_as, initiative, alice, org):
    round_ = RoundFactory(initiative=initiative, organisation=org)
    for capacity, answers in [(Capacity.LIVED_CARE, CONSULTATION)] * 3 + [
        (Capacity.LEARNT, {**CONSULTATION, "vc_changed": "yes"})
    ] * 3:
        person = PersonFactory(organisation=org)
        InvolvementFactory(initiative=initiative, person=person, capacity=capacity)
        ResponseFactory(
            round=round_,
            person=person,
            capacity=capacity,
            bank_version=2,
            answers=answers,
            submitted_at=timezone.now(),
        )
    results = page(client_as(alice).get(f"/o/riverside/initiatives/{initiative.pk}/ladder/"))
    assert "What to call this work now" in results
    assert "People chose between options staff made" in results
    assert (
        "“Did what people with lived experience said change the plan?” Staff say: “Yes. It "
        "changed the plan.” People with lived experience say: “No. Staff views won.”"
    ) in results
    assert "Moves the work up to Engagement" in results
