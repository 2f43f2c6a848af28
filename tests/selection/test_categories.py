"""Area and the panel's own questions as selection categories, with the consent rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coproduce.panels.domain import questions
from coproduce.panels.domain.equality import record_equality_answers
from coproduce.selection import adapter, categories, domain
from coproduce.selection.models import SelectionRun
from tests.factories import ApplicationFactory, PanelFactory


@pytest.fixture
def panel(org, alice):
    return PanelFactory(organisation=org, places=4, named_contact=alice.people.get())


@pytest.fixture
def services(panel, alice):
    return questions.add_panel_question(
        panel,
        actor=alice,
        text="Which service do you use most?",
        options=["Day centre", "Home care"],
    )


def applicant(panel, *, area="", answer=None, question=None, consent=True):
    extra = {str(question.pk): answer} if question and answer else {}
    app = ApplicationFactory(panel=panel, area=area, extra_answers=extra)
    record_equality_answers(app, {"sex": "female"}, selection_consent=consent)
    return app


def test_area_values_ignore_capitals_and_spaces_and_use_the_usual_spelling(panel):
    apps = [
        applicant(panel, area="North Riverside"),
        applicant(panel, area="north  riverside."),
        applicant(panel, area="North Riverside"),
        applicant(panel, area="Hillside"),
        applicant(panel, area=""),
    ]
    cat = categories.catalogue(panel)
    assert [cat.people[str(a.pk)]["area"] for a in apps] == [
        "north-riverside",
        "north-riverside",
        "north-riverside",
        "hillside",
        "no_answer",
    ]
    assert cat.values["area"] == ["hillside", "north-riverside", "no_answer", "not_given"]
    assert cat.labels.value("area", "north-riverside") == "North Riverside"
    assert cat.labels.category("area") == "Area"


def test_without_consent_to_selection_area_and_answers_are_not_given(panel, services):
    agreed = applicant(panel, area="Hillside", answer="home-care", question=services)
    refused = applicant(
        panel, area="Lowtown", answer="day-centre", question=services, consent=False
    )
    skipped = applicant(panel, area="Hillside")
    no_record = ApplicationFactory(panel=panel, area="Lowtown")
    cat = categories.catalogue(panel)
    key = services.key
    assert cat.people[str(agreed.pk)]["area"] == "hillside"
    assert cat.people[str(agreed.pk)][key] == "home-care"
    assert cat.people[str(skipped.pk)][key] == "no_answer"
    for app in (refused, no_record):
        assert set(cat.people[str(app.pk)].values()) == {"not_given"}
    # Nothing a refusing applicant said shows up, not even as an empty group.
    assert "lowtown" not in cat.values["area"]
    assert cat.values[key] == ["day-centre", "home-care", "no_answer", "not_given"]
    assert cat.names[key] == "Which service do you use most?"


def test_retired_question_is_not_offered_but_old_runs_still_read(panel, services, alice):
    questions.retire_panel_question(services, actor=alice)
    cat = categories.catalogue(panel)
    assert services.key not in cat.names
    assert services.key in cat.values
    assert cat.labels.value(services.key, "home-care") == "Home care"


def test_unknown_category_is_refused(panel, alice):
    with pytest.raises(ValidationError):
        domain.create_run(panel, actor=alice, seats=2, categories=["shoe_size"])


def test_run_balances_area_and_the_panels_question(
    panel, services, alice, django_capture_on_commit_callbacks
):
    for i in range(10):
        applicant(
            panel,
            area="Hillside" if i < 3 else "North Riverside",
            answer="home-care" if i % 2 else "day-centre",
            question=services,
        )
    applicant(panel, area="Lowtown", consent=False)
    run = domain.create_run(panel, actor=alice, seats=4, categories=["area", services.key], seed=5)
    assert list(run.quotas["area"]) == ["hillside", "north-riverside", "no_answer", "not_given"]
    quotas = run.quotas
    quotas["area"]["hillside"].update({"min": 2, "max": 2})
    quotas["area"]["not_given"].update({"min": 0, "max": 0})
    quotas[services.key]["home-care"].update({"min": 2, "max": 2})
    domain.set_quotas(run, quotas, actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        domain.start_selection(run, actor=alice)
    run.refresh_from_db()
    assert run.state == SelectionRun.State.DONE
    problem, _issues = domain.problem_for(run)
    problem = adapter.Problem(run.pool, problem.quotas, run.seats)
    assert all(adapter.meets_quotas(p, problem) for p in run.distribution["panels"])
    hillside = [pid for pid, v in run.pool.items() if v["area"] == "hillside"]
    assert sum(run.probabilities[pid] for pid in hillside) == pytest.approx(2)
    assert sum(run.probabilities.values()) == pytest.approx(4)


def test_a_new_area_gets_a_range_row_before_it_can_run(panel, alice, client_as):
    for _ in range(3):
        applicant(panel, area="Hillside")
    run = domain.create_run(panel, actor=alice, seats=2, categories=["area"])
    applicant(panel, area="Lowtown")  # applied after the ranges were set
    codes = [issue.code for issue in domain.check_run(run)]
    assert "value_without_range" in codes
    client = client_as(alice)
    url = f"/o/{panel.organisation.slug}/panels/{panel.pk}/selection/{run.pk}/ranges/"
    page = client.get(url).content.decode()
    assert 'name="area__lowtown__min"' in page
    data = {
        f"area__{v}__{b}": q[b]
        for v, q in categories.quotas_with_new_values(
            run.quotas, run.categories, categories.catalogue(panel), 2
        )["area"].items()
        for b in ("min", "max", "floor", "ceiling")
    }
    client.post(url, {**data, "action": "save"})
    run.refresh_from_db()
    assert run.quotas["area"]["lowtown"] == {"min": 0, "max": 2, "floor": 0, "ceiling": 2}
    assert "value_without_range" not in [issue.code for issue in domain.check_run(run)]


def test_new_selection_page_offers_area_and_the_panels_questions(panel, services, alice, client_as):
    page = (
        client_as(alice)
        .get(f"/o/{panel.organisation.slug}/panels/{panel.pk}/selection/new/")
        .content.decode()
    )
    assert 'value="area"' in page
    assert f'value="{services.key}"' in page
    assert "Which service do you use most?" in page
