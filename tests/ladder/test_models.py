import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from coproduce.initiatives.models import Capacity
from coproduce.ladder.codes import format_code, normalise_code
from coproduce.ladder.models import Action
from tests.factories import ActionFactory, ResponseFactory, RoundFactory


def test_round_one_open_round_per_initiative(initiative):
    RoundFactory(initiative=initiative, number=1)
    with pytest.raises(IntegrityError):
        RoundFactory(initiative=initiative, number=2)


def test_round_numbers_are_unique_per_initiative(initiative):
    RoundFactory(initiative=initiative, number=1, closed_at=timezone.now())
    with pytest.raises(IntegrityError):
        RoundFactory(initiative=initiative, number=1, closed_at=timezone.now())


def test_response_str_names_nobody(initiative):
    response = ResponseFactory(round=RoundFactory(initiative=initiative))
    assert str(response) == f"Answers {response.pk} in round {response.round_id}"
    assert response.person.name not in str(response)


def test_response_capacity_groups_and_counts(initiative):
    round_ = RoundFactory(initiative=initiative)
    carer = ResponseFactory(
        round=round_, capacity=Capacity.LIVED_CARER, answers={"a": "x", "b": "not_sure"}
    )
    staff = ResponseFactory(round=round_, capacity=Capacity.LEARNT)
    assert (carer.is_lived, staff.is_lived) == (True, False)
    assert (carer.answered_count, staff.answered_count) == (2, 0)


def test_response_link_expiry(initiative):
    response = ResponseFactory(round=RoundFactory(initiative=initiative))
    assert response.link_has_expired is False
    response.link_expires_at = timezone.now() - datetime.timedelta(seconds=1)
    assert response.link_has_expired is True


def test_action_overdue_only_when_open_and_past_its_date(initiative):
    round_ = RoundFactory(initiative=initiative)
    late = ActionFactory(round=round_, due_on=datetime.date(2020, 1, 1))
    done = ActionFactory(
        round=round_, question_key="ep_money", due_on=datetime.date(2020, 1, 1), status="done"
    )
    future = ActionFactory(round=round_, question_key="ep_options")
    assert (late.is_overdue, done.is_overdue, future.is_overdue) == (True, False, False)


def test_action_one_open_per_question(initiative):
    round_ = RoundFactory(initiative=initiative)
    ActionFactory(round=round_, question_key="ep_lead", status=Action.Status.DONE)
    ActionFactory(round=round_, question_key="ep_lead")
    with pytest.raises(IntegrityError):
        ActionFactory(round=round_, question_key="ep_lead")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("abcd-efgh", "ABCDEFGH"), (" AbCd EfGh ", "ABCDEFGH"), ("abcd—efgh", "ABCDEFGH")],
)
def test_normalise_code_ignores_case_spaces_and_dashes(typed, code):
    assert normalise_code(typed) == code


def test_format_code_splits_in_two():
    assert format_code("ABCDEFGH") == "ABCD-EFGH"
