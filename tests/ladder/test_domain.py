import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.initiatives.models import Capacity
from coproduce.ladder import domain
from coproduce.ladder.bank import UnknownBankVersion
from coproduce.ladder.codes import CODE_ALPHABET
from coproduce.ladder.models import Action, Response
from coproduce.ladder.scoring import InvalidAnswer
from tests.factories import ActionFactory, InvolvementFactory, PersonFactory

# These tests are about rounds answered under bank v1; bank v2 has its own tests.
pytestmark = pytest.mark.usefixtures("bank_v1")


@pytest.fixture
def ladder_round(initiative, alice):
    return domain.open_round(initiative, actor=alice)


@pytest.fixture
def bobs(ladder_round, bob):
    return ladder_round.responses.get(person__user=bob)


def test_open_round_asks_everyone_involved_in_their_capacity(initiative, alice, bob):
    round_ = domain.open_round(initiative, actor=alice)
    got = sorted(
        (r.person.user.email, r.capacity, r.bank_version, r.submitted_at)
        for r in round_.responses.select_related("person__user")
    )
    assert (round_.number, round_.is_open) == (1, True)
    assert got == [
        ("alice@example.org", Capacity.LEARNT, 1, None),
        ("bob@example.org", Capacity.LIVED_CARE, 1, None),
    ]
    entry = AuditEntry.objects.get(action="ladder.round.opened")
    assert entry.data == {"number": 1, "invited": 2, "bank_version": 1}


def test_open_round_gives_private_links_and_unambiguous_codes(ladder_round):
    responses = list(ladder_round.responses.all())
    assert len({r.token for r in responses}) == 2
    assert all(len(r.token) >= 32 for r in responses)
    assert all(len(r.short_code) == 8 for r in responses)
    assert all(set(r.short_code) <= set(CODE_ALPHABET) for r in responses)
    assert all(r.link_expires_at > timezone.now() + datetime.timedelta(days=27) for r in responses)


def test_open_round_refuses_while_one_is_open(initiative, alice, ladder_round):
    with pytest.raises(ValidationError) as error:
        domain.open_round(initiative, actor=alice)
    assert error.value.messages == ["A round is already open. Close it before you start a new one."]
    assert initiative.ladder_rounds.count() == 1


def test_open_round_refuses_with_nobody_involved(org, alice):
    from tests.factories import InitiativeFactory

    empty = InitiativeFactory(organisation=org)
    with pytest.raises(ValidationError) as error:
        domain.open_round(empty, actor=alice)
    assert error.value.messages == ["Add the people involved first. Then you can ask them."]


def test_open_round_numbers_rounds_and_marks_open_actions_to_check(initiative, alice, ladder_round):
    action = ActionFactory(round=ladder_round)
    done = ActionFactory(round=ladder_round, question_key="ep_money", status=Action.Status.DONE)
    domain.close_round(ladder_round, actor=alice)
    second = domain.open_round(initiative, actor=alice)
    action.refresh_from_db()
    done.refresh_from_db()
    assert second.number == 2
    assert (action.checked_in_round, done.checked_in_round) == (second, None)


def test_close_round_twice_changes_nothing(ladder_round, alice):
    assert domain.close_round(ladder_round, actor=alice) is True
    closed_at = ladder_round.closed_at
    assert domain.close_round(ladder_round, actor=alice) is False
    ladder_round.refresh_from_db()
    assert ladder_round.closed_at == closed_at
    assert AuditEntry.objects.filter(action="ladder.round.closed").count() == 1


def test_add_to_round_asks_a_late_joiner_in_their_capacity(initiative, alice, ladder_round):
    late = InvolvementFactory(initiative=initiative, capacity=Capacity.LIVED_CARER).person
    response = domain.add_to_round(ladder_round, late, actor=alice)
    assert (response.round, response.capacity, response.bank_version) == (
        ladder_round,
        Capacity.LIVED_CARER,
        1,
    )
    assert len(response.short_code) == 8
    assert response.short_code not in {
        r.short_code for r in ladder_round.responses.exclude(pk=response.pk)
    }
    entry = AuditEntry.objects.get(action="ladder.round.person_added")
    assert entry.data == {"number": 1, "person": late.pk}


def test_add_to_round_refuses_twice_and_keeps_one_response(initiative, alice, ladder_round):
    late = InvolvementFactory(initiative=initiative).person
    domain.add_to_round(ladder_round, late, actor=alice)
    with pytest.raises(ValidationError) as error:
        domain.add_to_round(ladder_round, late, actor=alice)
    assert error.value.code == "duplicate"
    assert ladder_round.responses.filter(person=late).count() == 1


def test_add_to_round_refuses_a_closed_round_or_someone_not_involved(
    org, initiative, alice, ladder_round
):
    stranger = PersonFactory(organisation=org)
    with pytest.raises(ValidationError) as error:
        domain.add_to_round(ladder_round, stranger, actor=alice)
    assert error.value.code == "not_involved"
    late = InvolvementFactory(initiative=initiative).person
    domain.close_round(ladder_round, actor=alice)
    with pytest.raises(ValidationError) as error:
        domain.add_to_round(ladder_round, late, actor=alice)
    assert error.value.code == "closed"
    assert not ladder_round.responses.filter(person__in=[stranger, late]).exists()


def test_record_answer_saves_and_logs_the_start_without_the_answer(bobs):
    domain.record_answer(bobs, "ep_decisions", "together", position=2)
    domain.record_answer(bobs, "ep_options", "not_sure", position=3)
    bobs.refresh_from_db()
    assert bobs.answers == {"ep_decisions": "together", "ep_options": "not_sure"}
    assert (bobs.position, bobs.by_proxy, bobs.entered_by) == (3, False, None)
    entries = list(AuditEntry.objects.filter(action__startswith="ladder.response"))
    assert [(e.action, e.data) for e in entries] == [
        ("ladder.response.started", {"round": bobs.round_id, "by_proxy": False})
    ]


def test_record_answer_from_two_tabs_keeps_both(bobs):
    tab_one = Response.objects.get(pk=bobs.pk)
    tab_two = Response.objects.get(pk=bobs.pk)
    domain.record_answer(tab_one, "ep_decisions", "together")
    domain.record_answer(tab_two, "ep_options", "blank_page")  # tab_two never saw the first
    bobs.refresh_from_db()
    assert bobs.answers == {"ep_decisions": "together", "ep_options": "blank_page"}


@pytest.mark.parametrize(
    ("question", "option"), [("ep_decisions", "nonsense"), ("no_such_question", "together")]
)
def test_record_answer_refuses_what_is_not_in_its_bank(bobs, question, option):
    with pytest.raises(InvalidAnswer):
        domain.record_answer(bobs, question, option)
    bobs.refresh_from_db()
    assert bobs.answers == {}


def test_record_answer_by_proxy_marks_who_entered_it(bobs, alice):
    domain.record_answer(bobs, "ep_decisions", "together", entered_by=alice)
    bobs.refresh_from_db()
    assert (bobs.by_proxy, bobs.entered_by) == (True, alice)


def test_record_answer_on_expired_link_is_refused_but_staff_can_still_enter(bobs, alice):
    domain.record_answer(bobs, "ep_decisions", "together")
    Response.objects.filter(pk=bobs.pk).update(link_expires_at=timezone.now())
    bobs.refresh_from_db()
    with pytest.raises(domain.CannotAnswer) as error:
        domain.record_answer(bobs, "ep_options", "blank_page")
    assert error.value.reason == "expired"
    domain.record_answer(bobs, "ep_options", "blank_page", entered_by=alice)
    bobs.refresh_from_db()
    assert bobs.answers == {"ep_decisions": "together", "ep_options": "blank_page"}


def test_record_answer_after_close_is_refused_and_keeps_answers(bobs, ladder_round, alice):
    domain.record_answer(bobs, "ep_decisions", "together")
    domain.close_round(ladder_round, actor=alice)
    with pytest.raises(domain.CannotAnswer) as error:
        domain.record_answer(bobs, "ep_options", "blank_page", entered_by=alice)
    bobs.refresh_from_db()
    assert (error.value.reason, bobs.answers) == ("closed", {"ep_decisions": "together"})


def test_record_answer_under_a_missing_bank_raises_and_keeps_answers(bobs):
    Response.objects.filter(pk=bobs.pk).update(bank_version=99, answers={"ep_lead": "shared"})
    bobs.refresh_from_db()
    with pytest.raises(UnknownBankVersion):
        domain.record_answer(bobs, "ep_decisions", "together")
    bobs.refresh_from_db()
    assert bobs.answers == {"ep_lead": "shared"}


def test_submit_response_twice_changes_nothing_the_second_time(bobs):
    domain.record_answer(bobs, "ep_decisions", "together")
    assert domain.submit_response(bobs) is True
    sent_at = bobs.submitted_at
    assert domain.submit_response(Response.objects.get(pk=bobs.pk)) is False
    bobs.refresh_from_db()
    assert bobs.submitted_at == sent_at
    assert AuditEntry.objects.filter(action="ladder.response.submitted").count() == 1


def test_submit_response_then_answer_is_refused(bobs):
    domain.submit_response(bobs)
    with pytest.raises(domain.CannotAnswer) as error:
        domain.record_answer(bobs, "ep_decisions", "together")
    assert error.value.reason == "submitted"


def test_submit_response_under_a_missing_bank_keeps_it_unsent(bobs):
    Response.objects.filter(pk=bobs.pk).update(bank_version=99)
    bobs.refresh_from_db()
    with pytest.raises(UnknownBankVersion):
        domain.submit_response(bobs)
    bobs.refresh_from_db()
    assert bobs.submitted_at is None


def test_renew_link_gives_a_new_link_and_keeps_answers(bobs, alice):
    domain.record_answer(bobs, "ep_decisions", "together")
    old_token, old_code = bobs.token, bobs.short_code
    Response.objects.filter(pk=bobs.pk).update(link_expires_at=timezone.now())
    renewed = domain.renew_link(bobs, actor=alice)
    assert renewed.token != old_token
    assert renewed.short_code != old_code
    assert renewed.link_has_expired is False
    assert renewed.answers == {"ep_decisions": "together"}
    assert not Response.objects.filter(token=old_token).exists()


def test_adopt_action_saves_it_and_refuses_a_second_for_the_same_step(
    initiative, ladder_round, alice, org
):
    june = PersonFactory(organisation=org, name="June")
    fields = {
        "round_": ladder_round,
        "question_key": "ep_lead",
        "text": "Ask people to lead parts of meetings.",
        "owner": june,
        "due_on": datetime.date(2030, 5, 1),
        "actor": alice,
    }
    action = domain.adopt_action(initiative, **fields)
    with pytest.raises(ValidationError) as error:
        domain.adopt_action(initiative, **fields)
    assert (action.owner, action.status, action.created_by) == (june, "open", alice)
    assert error.value.messages == ["This step is already on the action plan."]
    assert AuditEntry.objects.get(action="ladder.action.adopted").data == {
        "initiative": initiative.pk,
        "question": "ep_lead",
        "owner": june.pk,
    }


def test_adopt_action_refuses_an_owner_from_another_organisation(
    initiative, ladder_round, alice, other_org
):
    outsider = PersonFactory(organisation=other_org)
    with pytest.raises(ValidationError):
        domain.adopt_action(
            initiative,
            round_=ladder_round,
            question_key="ep_lead",
            text="x",
            owner=outsider,
            due_on=datetime.date(2030, 5, 1),
            actor=alice,
        )
    assert not Action.objects.exists()


def test_complete_action_twice_changes_nothing(ladder_round, alice):
    action = ActionFactory(round=ladder_round)
    assert domain.complete_action(action, actor=alice) is True
    done_at = action.done_at
    assert domain.complete_action(action, actor=alice) is False
    action.refresh_from_db()
    assert (action.status, action.done_at) == ("done", done_at)
