import datetime

import pytest
from django.test import Client
from django.utils import timezone

from coproduce.initiatives.models import Capacity
from coproduce.ladder import domain
from coproduce.ladder.models import Action, Response, Round
from tests.factories import (
    ActionFactory,
    InvolvementFactory,
    PersonFactory,
    ResponseFactory,
    RoundFactory,
)
from tests.ladder.answers import BANK, NEXT_TO_TOP, TOP, TWO_OPTIONS
from tests.markup import flat

# These tests are about rounds answered under bank v1; bank v2 has its own tests.
pytestmark = pytest.mark.usefixtures("bank_v1")

TOTAL = len(BANK.questions)


@pytest.fixture
def ladder_round(initiative, alice):
    return domain.open_round(initiative, actor=alice)


@pytest.fixture
def bobs(ladder_round, bob):
    return ladder_round.responses.get(person__user=bob)


def page(response) -> str:
    return response.content.decode()


def answer_url(response, tail=""):
    return f"/answer/{response.token}/{tail}"


# The private link, with no login


def test_private_link_whole_flow_needs_no_login(client, bobs):
    start = client.get(answer_url(bobs))
    assert start.status_code == 200
    assert "There are 17 questions. Each one is on its own page." in page(start)
    for number, question in enumerate(BANK.questions, start=1):
        choice = "not_sure" if number == 3 else TOP[question.key]
        response = client.post(answer_url(bobs, f"q/{number}/"), {"answer": choice, "next": "1"})
        following = "check/" if number == TOTAL else f"q/{number + 1}/"
        assert response["Location"] == answer_url(bobs, following)
    check = client.get(answer_url(bobs, "check/"))
    assert page(check).count("I don’t know") == 1
    done = client.post(answer_url(bobs, "check/"))
    assert done["Location"] == answer_url(bobs, "done/")
    assert "Your answers are sent" in page(client.get(done["Location"]))
    bobs.refresh_from_db()
    assert bobs.answers == {**TOP, BANK.questions[2].key: "not_sure"}
    assert (bobs.is_submitted, bobs.by_proxy, bobs.entered_by) == (True, False, None)


def test_question_page_has_progress_legend_and_not_sure(client, bobs):
    body = flat(page(client.get(answer_url(bobs, "q/2/"))))
    question = BANK.questions[1]
    assert "Question 2 of 17" in body
    assert f'<legend class="question-legend"><h1 class="question-heading">{question.text}</h1>' in (
        body
    )
    assert 'value="not_sure"' in body
    assert body.count('type="radio"') == len(question.options) + 1
    assert f'href="{answer_url(bobs, "q/1/")}"' in body  # Back


def test_question_one_goes_back_to_the_start(client, bobs):
    assert f'class="back-link" href="{answer_url(bobs)}"' in page(
        client.get(answer_url(bobs, "q/1/"))
    )


def test_question_without_an_answer_explains_and_saves_nothing(client, bobs):
    response = client.post(answer_url(bobs, "q/1/"), {"next": "1"})
    assert response.status_code == 200
    assert "Choose an answer. If you do not know, choose “I don’t know”." in page(response)
    assert 'class="error-summary"' in page(response)
    bobs.refresh_from_db()
    assert bobs.answers == {}


def test_question_out_of_range_is_404(client, bobs):
    assert client.get(answer_url(bobs, f"q/{TOTAL + 1}/")).status_code == 404


def test_easy_read_is_remembered_for_the_visit(client, bobs):
    switched = client.get(answer_url(bobs, "q/1/?easy_read=on"))
    assert switched["Location"] == answer_url(bobs, "q/1/")
    first, second = BANK.questions[0], BANK.questions[1]
    assert first.easy_read in page(client.get(answer_url(bobs, "q/1/")))
    body = page(client.get(answer_url(bobs, "q/2/")))
    assert second.easy_read in body
    assert second.options[0].easy_read in body
    assert "Show the usual words" in body
    client.get(answer_url(bobs, "q/2/?easy_read=off"))
    assert second.text in page(client.get(answer_url(bobs, "q/2/")))


def test_save_and_come_back_later_keeps_the_place(client, bobs):
    client.post(answer_url(bobs, "q/1/"), {"answer": "together", "next": "1"})
    saved = client.post(answer_url(bobs, "q/2/"), {"answer": "shaped", "save": "1"})
    assert saved["Location"] == answer_url(bobs, "saved/")
    body = page(client.get(saved["Location"]))
    assert "Your link still works until" in body
    assert bobs.code_display in body
    start = page(client.get(answer_url(bobs)))
    assert f'href="{answer_url(bobs, "q/2/")}">Carry on where you stopped' in start
    bobs.refresh_from_db()
    assert (bobs.answers, bobs.position) == (
        {"ep_decisions": "together", "ep_options": "shaped"},
        2,
    )


def test_save_without_an_answer_is_allowed(client, bobs):
    saved = client.post(answer_url(bobs, "q/4/"), {"save": "1"})
    bobs.refresh_from_db()
    assert saved["Location"] == answer_url(bobs, "saved/")
    assert (bobs.answers, bobs.position) == ({}, 4)


def test_check_answers_change_link_returns_to_check(client, bobs):
    domain.record_answer(bobs, "ep_decisions", "together")
    body = page(client.get(answer_url(bobs, "check/")))
    assert f'href="{answer_url(bobs, "q/1/")}?change=1"' in body
    assert "You have not answered 16 questions." in body
    changed = client.post(
        answer_url(bobs, "q/1/"), {"answer": "some_changed", "next": "1", "change": "1"}
    )
    assert changed["Location"] == answer_url(bobs, "check/")
    bobs.refresh_from_db()
    assert bobs.answers == {"ep_decisions": "some_changed"}


def test_double_submission_says_already_sent_and_loses_nothing(client, bobs):
    domain.record_answer(bobs, "ep_decisions", "together")
    client.post(answer_url(bobs, "check/"))
    bobs.refresh_from_db()
    first_sent = bobs.submitted_at
    again = client.post(answer_url(bobs, "check/"), follow=True)
    assert "These answers were already sent. Nothing has changed." in page(again)
    bobs.refresh_from_db()
    assert (bobs.submitted_at, bobs.answers) == (first_sent, {"ep_decisions": "together"})


def test_reused_link_after_sending_shows_a_clear_page(client, bobs):
    domain.submit_response(bobs)
    for tail in ("", "q/1/", "check/", "saved/"):
        body = page(client.get(answer_url(bobs, tail)))
        assert "<h1>Your answers are already sent</h1>" in body, tail
    refused = client.post(answer_url(bobs, "q/1/"), {"answer": "together", "next": "1"})
    assert "Your answers are already sent" in page(refused)
    bobs.refresh_from_db()
    assert bobs.answers == {}


def test_expired_link_shows_a_clear_page_and_keeps_answers(client, bobs):
    domain.record_answer(bobs, "ep_decisions", "together")
    Response.objects.filter(pk=bobs.pk).update(link_expires_at=timezone.now())
    body = page(client.get(answer_url(bobs, "q/2/")))
    assert "<h1>This link has run out</h1>" in body
    assert "Any answers you saved are kept." in body
    client.post(answer_url(bobs, "q/2/"), {"answer": "shaped", "next": "1"})
    client.post(answer_url(bobs, "check/"))
    bobs.refresh_from_db()
    assert (bobs.answers, bobs.submitted_at) == ({"ep_decisions": "together"}, None)


def test_closed_round_link_shows_a_clear_page(client, bobs, ladder_round, alice):
    domain.close_round(ladder_round, actor=alice)
    assert "<h1>These questions have closed</h1>" in page(client.get(answer_url(bobs)))


def test_missing_bank_version_shows_a_clear_page_and_keeps_answers(client, bobs):
    Response.objects.filter(pk=bobs.pk).update(bank_version=99, answers={"ep_lead": "shared"})
    for tail in ("", "q/1/", "check/"):
        body = page(client.get(answer_url(bobs, tail)))
        assert "<h1>These questions cannot be shown</h1>" in body, tail
    body = page(client.post(answer_url(bobs, "check/")))
    assert "These questions cannot be shown" in body
    bobs.refresh_from_db()
    assert (bobs.answers, bobs.submitted_at) == ({"ep_lead": "shared"}, None)


def test_unknown_link_is_a_plain_404_page(client, db):
    response = client.get("/answer/not-a-real-token/")
    assert response.status_code == 404
    assert "<h1>We cannot find this link</h1>" in page(response)


def test_short_code_ignores_case_spaces_and_dashes(client, bobs):
    typed = f" {bobs.short_code[:4].lower()}-{bobs.short_code[4:].lower()} "
    response = client.post("/answer/", {"code": typed})
    assert response["Location"] == answer_url(bobs)


def test_wrong_short_code_explains_and_too_many_ask_to_wait(client, bobs):
    wrong = client.post("/answer/", {"code": "AAAA-AAAA"})
    assert "We cannot find that code. Check it and try again." in page(wrong)
    short = client.post("/answer/", {"code": "ABC"})
    assert "A code has 8 letters and numbers. Check it and try again." in page(short)
    for _ in range(9):
        client.post("/answer/", {"code": "AAAA-AAAA"})
    blocked = client.post("/answer/", {"code": bobs.short_code})
    assert blocked.status_code == 429
    assert "Please wait a few minutes" in page(blocked)
    assert "Any answers you saved are kept." in page(blocked)


def test_answer_pages_are_never_cached(client, bobs):
    assert "no-store" in client.get(answer_url(bobs, "q/1/"))["Cache-Control"]


# Staff typing in answers for someone


def test_proxy_entry_uses_the_same_questions_and_marks_who_entered(client_as, alice, bobs):
    client = client_as(alice)
    base = f"/o/riverside/initiatives/{bobs.round.initiative_id}/ladder/responses/{bobs.pk}/"
    assert client.get(base)["Location"] == f"{base}q/1/"
    body = page(client.get(f"{base}q/1/"))
    assert "You are typing in answers for Bob Hughes" in body
    for number, question in enumerate(BANK.questions, start=1):
        client.post(f"{base}q/{number}/", {"answer": TWO_OPTIONS[question.key], "next": "1"})
    sent = client.post(f"{base}check/", follow=True)
    assert "The answers are sent." in page(sent)
    bobs.refresh_from_db()
    assert (bobs.answers, bobs.by_proxy, bobs.entered_by) == (TWO_OPTIONS, True, alice)
    assert bobs.is_submitted


def test_proxy_entry_cannot_open_answers_someone_started_themselves(client_as, alice, bobs):
    domain.record_answer(bobs, "ep_decisions", "together")
    base = f"/o/riverside/initiatives/{bobs.round.initiative_id}/ladder/responses/{bobs.pk}/"
    body = page(client_as(alice).get(f"{base}q/1/"))
    assert "<h1>These answers are private</h1>" in body
    assert "together" not in body


def test_proxy_is_not_held_by_an_expired_link(client_as, alice, bobs):
    Response.objects.filter(pk=bobs.pk).update(link_expires_at=timezone.now())
    base = f"/o/riverside/initiatives/{bobs.round.initiative_id}/ladder/responses/{bobs.pk}/"
    client_as(alice).post(f"{base}q/1/", {"answer": "together", "next": "1"})
    bobs.refresh_from_db()
    assert bobs.answers == {"ep_decisions": "together"}


# Rounds


def test_round_open_and_close_from_the_results_page(client_as, alice, initiative):
    client = client_as(alice)
    base = f"/o/riverside/initiatives/{initiative.pk}/ladder/"
    opened = client.post(f"{base}rounds/open/")
    round_ = Round.objects.get(initiative=initiative)
    assert opened["Location"] == f"{base}rounds/{round_.pk}/"
    body = page(client.get(opened["Location"]))
    assert "0 of 2 people have sent answers." in body
    assert all(r.code_display in body for r in round_.responses.all())
    again = client.post(f"{base}rounds/open/", follow=True)
    assert "A round is already open. Close it before you start a new one." in page(again)
    client.post(f"{base}rounds/{round_.pk}/close/")
    round_.refresh_from_db()
    assert round_.is_open is False


def test_someone_who_joins_after_the_round_opens_can_be_asked(
    client_as, alice, initiative, ladder_round
):
    late = InvolvementFactory(initiative=initiative, person__name="Priya Late").person
    client = client_as(alice)
    url = f"/o/riverside/initiatives/{initiative.pk}/ladder/rounds/{ladder_round.pk}/"
    body = page(client.get(url))
    assert "People not asked in this round" in body
    assert "Priya Late" in body
    done = client.post(f"{url}add/", {"person": late.pk}, follow=True)
    response = ladder_round.responses.get(person=late)
    body = page(done)
    assert "Priya Late can now answer in this round." in body
    assert response.code_display in body
    assert "People not asked in this round" not in body
    again = client.post(f"{url}add/", {"person": late.pk}, follow=True)
    assert "Priya Late has already been asked in this round." in page(again)
    assert ladder_round.responses.filter(person=late).count() == 1


def test_asking_a_person_from_another_organisation_is_not_found(
    client_as, alice, other_org, ladder_round
):
    outsider = PersonFactory(organisation=other_org)
    initiative_pk, round_pk = ladder_round.initiative_id, ladder_round.pk
    url = f"/o/riverside/initiatives/{initiative_pk}/ladder/rounds/{round_pk}/add/"
    assert client_as(alice).post(url, {"person": outsider.pk}).status_code == 404
    assert client_as(alice).post(url, {"person": "nonsense"}).status_code == 404
    assert client_as(alice).post(url, {"person": "²"}).status_code == 404
    assert client_as(alice).post(url, {"person": "9" * 5000}).status_code == 404
    assert not ladder_round.responses.filter(person=outsider).exists()


def test_round_page_never_shows_answers(client_as, alice, bobs):
    domain.record_answer(bobs, "ep_decisions", "together")
    domain.submit_response(bobs)
    body = page(
        client_as(alice).get(
            f"/o/riverside/initiatives/{bobs.round.initiative_id}/ladder/rounds/{bobs.round_id}/"
        )
    )
    assert "Sent" in body
    assert BANK.questions[0].options[-1].text not in body


def test_new_link_keeps_answers_and_stops_the_old_one(client_as, alice, bobs, client):
    domain.record_answer(bobs, "ep_decisions", "together")
    old = bobs.token
    url = (
        f"/o/riverside/initiatives/{bobs.round.initiative_id}/ladder/responses/{bobs.pk}/new-link/"
    )
    client_as(alice).post(url)
    bobs.refresh_from_db()
    assert bobs.token != old
    assert bobs.answers == {"ep_decisions": "together"}
    client.logout()
    assert client.get(f"/answer/{old}/").status_code == 404


# Results


def sent(round_, answers, capacity, count=3):
    return ResponseFactory.create_batch(
        count, round=round_, capacity=capacity, answers=answers, submitted_at=timezone.now()
    )


@pytest.fixture
def scored(initiative):
    """Residents see consultation, staff see co-design; the work calls itself co-production."""
    initiative.claimed_approach = "co_production"
    initiative.save()
    round_ = RoundFactory(initiative=initiative, number=1)
    sent(round_, TWO_OPTIONS, Capacity.LIVED_CARE)
    sent(round_, NEXT_TO_TOP, Capacity.LEARNT)
    return round_


def test_results_page_shows_rung_honest_name_and_gap(client_as, bob, initiative, scored):
    body = flat(page(client_as(bob).get(f"/o/riverside/initiatives/{initiative.pk}/ladder/")))
    assert '<p class="rung-big">Consultation</p>' in body
    assert (
        "This work is called “Co-production”. The answers people gave say it is “Consultation”."
        in body
    )
    assert "Until that changes, call it consultation. That is the honest name." in body
    assert "staff see co-design; people with lived experience see consultation." in body
    assert "Learnt experience 2 rungs higher" in body
    assert 'role="img" aria-labelledby="results-ladder-title results-ladder-desc"' in body
    assert 'aria-labelledby="movement-title movement-desc"' in body
    assert "Adopt this action" not in body  # bob is a member


def test_results_page_hides_a_group_of_two(client_as, alice, initiative):
    round_ = RoundFactory(initiative=initiative)
    sent(round_, TOP, Capacity.LIVED_CARE)
    sent(round_, TWO_OPTIONS, Capacity.LEARNT, count=2)
    body = page(client_as(alice).get(f"/o/riverside/initiatives/{initiative.pk}/ladder/"))
    assert "“Not shown” means fewer than 3 people in that group sent answers." in body
    assert "2 people" in body
    assert "Consultation" not in body.split('id="sides-heading"')[1].split("</table>")[0]


def test_results_page_without_answers_says_so(client_as, alice, initiative):
    body = page(client_as(alice).get(f"/o/riverside/initiatives/{initiative.pk}/ladder/"))
    assert "Nobody has been asked yet." in body


def test_adopt_action_from_the_results_page(client_as, alice, org, initiative, scored):
    june = PersonFactory(organisation=org, name="June Adeyemi")
    client = client_as(alice)
    url = f"/o/riverside/initiatives/{initiative.pk}/ladder/actions/adopt/"
    data = {"question_key": "fs_problem", "owner": june.pk, "due_on": "1 6 2031"}
    response = client.post(url, data)
    assert response["Location"] == f"/o/riverside/initiatives/{initiative.pk}/ladder/#plan"
    action = Action.objects.get()
    assert (action.question_key, action.owner, action.due_on, action.round) == (
        "fs_problem",
        june,
        datetime.date(2031, 6, 1),
        scored,
    )
    assert action.text == "Ask people what matters most to them before you choose."
    twice = client.post(url, data, follow=True)
    assert "This step is already on the action plan." in page(twice)
    assert Action.objects.count() == 1
    detail = page(client.get(f"/o/riverside/initiatives/{initiative.pk}/"))
    assert (
        "Ask people what matters most to them before you choose. \u2013 June Adeyemi, by 1 Jun 2031"
        in detail
    )


def test_adopt_action_with_a_past_date_explains(client_as, alice, org, initiative, scored):
    june = PersonFactory(organisation=org)
    response = client_as(alice).post(
        f"/o/riverside/initiatives/{initiative.pk}/ladder/actions/adopt/",
        {"question_key": "fs_problem", "owner": june.pk, "due_on": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "Choose today or a date in the future." in page(response)
    assert '<details class="adopt" open>' in page(response)
    assert not Action.objects.exists()


def test_action_done_leaves_the_plan(client_as, alice, initiative, scored):
    action = ActionFactory(round=scored)
    client_as(alice).post(
        f"/o/riverside/initiatives/{initiative.pk}/ladder/actions/{action.pk}/done/"
    )
    action.refresh_from_db()
    assert action.status == "done"


def test_summary_page_says_the_honest_name(client_as, bob, initiative, scored):
    body = page(client_as(bob).get(f"/o/riverside/initiatives/{initiative.pk}/ladder/summary/"))
    assert "Until that changes, call it consultation. That is the honest name." in body
    assert "On the ladder: Consultation" in body


def test_shared_summary_works_without_login_with_no_names_until_stopped(
    client_as, alice, bob, org, initiative, scored
):
    june = PersonFactory(organisation=org, name="June Adeyemi")
    ActionFactory(round=scored, owner=june)
    base = f"/o/riverside/initiatives/{initiative.pk}/ladder/summary/"
    assert "Make a link to share" not in page(client_as(bob).get(base))  # members cannot share
    staff = Client()
    staff.force_login(alice)
    assert "Make a link to share" in page(staff.get(base))
    shared = page(staff.post(f"{base}share/", follow=True))
    assert "Anyone with the link below can now read this summary." in shared
    token = initiative.ladder_share.token
    assert f"/ladder/shared/{token}/" in shared
    staff.post(f"{base}share/")  # sharing again keeps the same address
    initiative.refresh_from_db()
    assert initiative.ladder_share.token == token

    client = Client()  # nobody logged in
    public = client.get(f"/ladder/shared/{token}/")
    assert public.status_code == 200
    body = page(public)
    assert "Until that changes, call it consultation. That is the honest name." in body
    assert "June Adeyemi" not in body
    assert "Make a link to share" not in body
    assert "Stop sharing" not in body

    stopped = page(staff.post(f"{base}share/", {"stop": "1"}, follow=True))
    assert "The link has stopped working." in stopped
    assert client.get(f"/ladder/shared/{token}/").status_code == 404
    assert client.get("/ladder/shared/not-a-real-token/").status_code == 404


def test_initiative_page_has_the_ladder_summary(client_as, bob, initiative, scored):
    body = page(client_as(bob).get(f"/o/riverside/initiatives/{initiative.pk}/"))
    assert "The answers in round 1 say: <strong>Consultation</strong>." in body
    assert "That is the honest name." in body


def test_overview_shows_claims_gaps_and_late_actions(client_as, bob, initiative, scored):
    ActionFactory(round=scored, due_on=datetime.date(2020, 1, 1), text="Pay people for their time.")
    body = page(client_as(bob).get("/o/riverside/ladder/"))
    assert "Lower than what we call it" in body
    assert "Yes: staff see Co-design, lived experience sees Consultation" in body
    assert "Pay people for their time." in body


def test_guide_shows_every_rung_and_arnstein(client, db):
    body = page(client.get("/ladder/"))
    assert body.count('class="card rung-card') == 7
    assert "Citizen control" in body
    assert 'role="img"' in body


def test_results_page_query_count_is_fixed_for_200_people_over_10_rounds(
    client_as, alice, org, initiative, django_assert_max_num_queries
):
    people = PersonFactory.create_batch(5, organisation=org)
    rounds = Round.objects.bulk_create(
        Round(
            organisation=org,
            initiative=initiative,
            number=n,
            closed_at=None if n == 10 else timezone.now(),
        )
        for n in range(1, 11)
    )
    answer_sets = [TOP, NEXT_TO_TOP, TWO_OPTIONS]
    Response.objects.bulk_create(
        Response(
            organisation=org,
            round=round_,
            person=people[i % 5],
            capacity=Capacity.LEARNT if i % 2 else Capacity.LIVED_CARE,
            bank_version=1,
            answers=answer_sets[(i + round_.number) % 3],
            token=f"t{round_.number}-{i}",
            short_code=f"C{round_.number:02d}{i:05d}",
            submitted_at=timezone.now(),
        )
        for round_ in rounds
        for i in range(200)
    )
    client = client_as(alice)
    # +2: the viewer and their own answers; +12: what the records show (assurance)
    with django_assert_max_num_queries(23):
        response = client.get(f"/o/riverside/initiatives/{initiative.pk}/ladder/")
    assert response.status_code == 200
    assert page(response).count('<th scope="row">') >= 10


def test_initiative_form_asks_what_the_work_is_called(client_as, alice, initiative):
    url = f"/o/riverside/initiatives/{initiative.pk}/edit/"
    form = page(client_as(alice).get(url))
    assert "What do you call this work?" in form
    assert '<option value="" selected>We do not call it anything yet</option>' in form
    client_as(alice).post(
        url,
        {
            "title": initiative.title,
            "aim": initiative.aim,
            "stage": "idea",
            "lead": initiative.lead_id,
            "claimed_approach": "co_design",
        },
    )
    initiative.refresh_from_db()
    assert initiative.claimed_approach == "co_design"
