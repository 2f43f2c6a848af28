"""The panel's own multiple-choice questions and the area, on the application form."""

from __future__ import annotations

import pytest

from coproduce.core.models import AuditEntry
from coproduce.panels.domain import questions
from coproduce.panels.models import Application, PanelQuestion, Status
from tests.markup import flat


def add_services_question(panel, alice):
    return questions.add_panel_question(
        panel,
        actor=alice,
        text="Which service do you use most?",
        options=["Day centre", "Home care", "Direct payments", "Day Centre!"],
    )


def start(client) -> Application:
    client.post("/panels/riverside/day-services/apply/")
    return Application.objects.filter(status=Status.DRAFT).latest("id")


def test_added_question_gets_stable_option_keys_and_is_logged(panel, alice):
    question = add_services_question(panel, alice)
    assert question.options == [
        {"value": "day-centre", "label": "Day centre"},
        {"value": "home-care", "label": "Home care"},
        {"value": "direct-payments", "label": "Direct payments"},
        {"value": "day-centre-2", "label": "Day Centre!"},
    ]
    assert question.key == f"question_{question.pk}"
    assert AuditEntry.objects.filter(action="panels.question.added").count() == 1


def test_application_form_asks_area_and_the_panels_question_and_keeps_the_draft(
    client, panel, alice
):
    question = add_services_question(panel, alice)
    application = start(client)
    page = client.get(f"/apply/{application.token}/").content.decode()
    assert "Which area do you live in?" in page
    assert "Which service do you use most?" in page
    client.post(
        f"/apply/{application.token}/",
        {
            "action": "save",
            "name": "Sam Lee",
            "area": "  North   Riverside ",
            f"question_{question.pk}": "home-care",
        },
    )
    application.refresh_from_db()
    assert application.area == "North   Riverside"
    assert application.extra_answers == {str(question.pk): "home-care"}
    page = client.get(f"/apply/{application.token}/").content.decode()
    assert f'value="home-care" id="id_question_{question.pk}_1" checked' in page


def test_a_made_up_answer_is_not_kept(client, panel, alice):
    question = add_services_question(panel, alice)
    application = start(client)
    client.post(
        f"/apply/{application.token}/",
        {"action": "save", "name": "Sam", f"question_{question.pk}": "<script>"},
    )
    application.refresh_from_db()
    assert application.extra_answers == {}


def test_staff_entered_application_keeps_area_and_answer(client, alice, panel):
    question = add_services_question(panel, alice)
    client.force_login(alice)
    client.post(
        f"/o/riverside/panels/{panel.pk}/applications/new/",
        {
            "route": "phone",
            "name": "June Adeyemi",
            "contact_channel": "phone",
            "phone": "01632 960123",
            "why_join": "To be heard.",
            "area": "Hillside",
            f"question_{question.pk}": "day-centre",
        },
    )
    application = Application.objects.get()
    assert (application.area, application.extra_answers) == (
        "Hillside",
        {str(question.pk): "day-centre"},
    )
    page = flat(
        client.get(
            f"/o/riverside/panels/{panel.pk}/applications/{application.pk}/"
        ).content.decode()
    )
    assert "<dt>Area they live in</dt><dd>Hillside</dd>" in page
    assert "<dt>Which service do you use most?</dt><dd>Day centre</dd>" in page


def test_retired_question_is_no_longer_asked_but_answers_keep_their_meaning(client, panel, alice):
    question = add_services_question(panel, alice)
    questions.retire_panel_question(question, actor=alice)
    application = start(client)
    assert "Which service do you use most?" not in (
        client.get(f"/apply/{application.token}/").content.decode()
    )
    application.extra_answers = {str(question.pk): "home-care"}
    assert [(a.question, a.answer) for a in questions.answer_lines(application)] == [
        ("Which service do you use most?", "Home care")
    ]


def test_coordinator_adds_a_question_and_bad_input_loses_nothing(client, alice, panel):
    client.force_login(alice)
    url = f"/o/riverside/panels/{panel.pk}/selection/questions/"
    response = client.post(
        url, {"action": "add", "text": "Do you drive?", "options": "Yes\n\n  yes "}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Type at least 2 answers, each on its own line." in page
    assert 'value="Do you drive?"' in page
    assert PanelQuestion.objects.count() == 0
    response = client.post(
        url, {"action": "add", "text": "Do you drive?", "options": "Yes\nNo\nSometimes"}
    )
    assert response.status_code == 302
    question = PanelQuestion.objects.get()
    assert [o["label"] for o in question.options] == ["Yes", "No", "Sometimes"]
    client.post(url, {"action": "retire", "question": question.pk})
    question.refresh_from_db()
    assert question.retired_at is not None
    assert "not asked since" in client.get(url).content.decode()


@pytest.mark.parametrize("question", ["abc", "²", "9" * 5000, "-1"])
def test_retiring_a_question_that_cannot_be_is_not_found(client, alice, panel, question):
    client.force_login(alice)
    url = f"/o/riverside/panels/{panel.pk}/selection/questions/"
    assert client.post(url, {"action": "retire", "question": question}).status_code == 404
