"""The answers export cannot single anyone out, across repeated exports too."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict

import pytest

from coproduce.initiatives.models import Capacity
from coproduce.ladder import domain
from coproduce.ladder.export import HEADER, export_rows_for
from coproduce.ladder.models import Response
from tests.factories import InvolvementFactory, PersonFactory
from tests.ladder.answers import NEXT_TO_TOP, TOP, TWO_OPTIONS


def answer_sets(rows) -> Counter:
    """Each respondent's whole set of answers, as someone reading the CSV would rebuild them."""
    by_respondent: dict[tuple, list] = defaultdict(list)
    for number, group, version, respondent, question, answer in rows:
        by_respondent[(number, group, version, respondent)].append((question, answer))
    return Counter(
        (number, group, version, tuple(sorted(answers)))
        for (number, group, version, _respondent), answers in by_respondent.items()
    )


def export_diff(before, after) -> Counter:
    """The attack: the sets of answers in the second export that were not in the first."""
    return answer_sets(after) - answer_sets(before)


def csv_rows(http_response) -> list[tuple]:
    rows = list(csv.reader(io.StringIO(http_response.content.decode())))
    assert tuple(rows[0]) == HEADER
    return [(int(r[0]), r[1], int(r[2]), int(r[3]), r[4], r[5]) for r in rows[1:]]


@pytest.fixture
def people(org, initiative):
    """Besides alice (learnt) and bob (lived): four more with lived and two with learnt
    experience, so each group can pass three."""
    made = {}
    for name, capacity in [
        ("Carol Singh", Capacity.LIVED_CARER),
        ("Dev Patel", Capacity.LIVED_CARE),
        ("Eve Morgan", Capacity.LIVED_CARE),
        ("Femi Adeyemi", Capacity.LIVED_CARE),
        ("Gita Rao", Capacity.LEARNT),
        ("Hal Brown", Capacity.LEARNT),
    ]:
        person = PersonFactory(organisation=org, name=name)
        InvolvementFactory(initiative=initiative, person=person, capacity=capacity)
        made[name] = person
    return made


@pytest.fixture
def asked(initiative, alice, people):
    """Round 1, asked under bank v1 (the answer sets below are v1's)."""
    round_ = domain.open_round(initiative, actor=alice)
    round_.responses.update(bank_version=1)
    return round_


def send(round_, name: str, answers: dict[str, str]) -> Response:
    response = round_.responses.get(person__name=name)
    Response.objects.filter(pk=response.pk).update(answers=answers)
    domain.submit_response(response)
    return response


def test_export_diff_attack_gives_no_single_persons_answers(client_as, alice, initiative, asked):
    url = f"/o/riverside/initiatives/{initiative.pk}/ladder/answers.csv"
    staff = client_as(alice)
    for name in ["Bob Hughes", "Carol Singh", "Dev Patel"]:
        send(asked, name, TWO_OPTIONS)
    for name in ["Alice Okafor", "Gita Rao", "Hal Brown"]:
        send(asked, name, NEXT_TO_TOP)

    # Export, wait for one person to send, export again: nothing to compare while the
    # round is open.
    first = export_rows_for(initiative)
    send(asked, "Eve Morgan", TOP)
    second = export_rows_for(initiative)
    assert (first, second) == ([], [])
    assert export_diff(first, second) == Counter()
    refused = staff.get(url, follow=True)
    assert "There are no answers to download yet." in refused.content.decode()

    # Once closed, everyone's answers come at once, and nobody can add theirs any more.
    domain.close_round(asked, actor=alice)
    third = csv_rows(staff.get(url))
    version = asked.responses.values_list("bank_version", flat=True).first()
    assert answer_sets(third) == Counter(
        {
            (1, "lived", version, tuple(sorted(TWO_OPTIONS.items()))): 3,
            (1, "lived", version, tuple(sorted(TOP.items()))): 1,
            (1, "learnt", version, tuple(sorted(NEXT_TO_TOP.items()))): 3,
        }
    )
    with pytest.raises(domain.CannotAnswer):
        send(asked, "Femi Adeyemi", TOP)
    fourth = csv_rows(staff.get(url))
    assert export_diff(third, fourth) == Counter()
    assert export_diff(fourth, third) == Counter()


def test_export_leaves_out_groups_under_three(initiative, alice, asked):
    for name in ["Bob Hughes", "Carol Singh", "Dev Patel"]:
        send(asked, name, TWO_OPTIONS)
    for name in ["Alice Okafor", "Gita Rao"]:
        send(asked, name, NEXT_TO_TOP)
    domain.close_round(asked, actor=alice)
    rows = export_rows_for(initiative)
    assert {(number, group) for number, group, *_ in rows} == {(1, "lived")}
    assert sorted({respondent for _n, _g, _v, respondent, _q, _a in rows}) == [1, 2, 3]


def test_export_numbers_people_in_a_new_random_order_each_time(initiative, alice, asked):
    for name, answers in [("Bob Hughes", TWO_OPTIONS), ("Carol Singh", TOP), ("Dev Patel", {})]:
        send(asked, name, answers | {"marker": name[0]})
    domain.close_round(asked, actor=alice)
    orders = set()
    for _ in range(30):
        rows = export_rows_for(initiative)
        orders.add(tuple(a for _n, _g, _v, _r, question, a in rows if question == "marker"))
    assert len(orders) > 1  # the same order 30 times running: 1 chance in 6**29


def test_export_csv_has_no_names_ids_or_times(client_as, alice, initiative, asked):
    for name in ["Bob Hughes", "Carol Singh", "Dev Patel"]:
        send(asked, name, {"ep_decisions": "together"})
    domain.close_round(asked, actor=alice)
    response = client_as(alice).get(f"/o/riverside/initiatives/{initiative.pk}/ladder/answers.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]  # core.middleware, for every download
    version = asked.responses.values_list("bank_version", flat=True).first()
    assert sorted(csv_rows(response)) == [
        (1, "lived", version, 1, "ep_decisions", "together"),
        (1, "lived", version, 2, "ep_decisions", "together"),
        (1, "lived", version, 3, "ep_decisions", "together"),
    ]
    text = response.content.decode()
    for response_ in Response.objects.select_related("person"):
        for secret in (response_.person.name, response_.token, response_.short_code):
            assert secret not in text
