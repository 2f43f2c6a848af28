"""The panel's own multiple-choice questions and the area, on the application form."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from coproduce.core.models import AuditEntry
from coproduce.panels.domain import questions
from coproduce.panels.models import Application, PanelQuestion, Status
from coproduce.panels.queries import question_owner, question_pictures
from coproduce.pictures.domain import add_picture, choose_point_picture
from coproduce.pictures.models import PointPicture
from tests.markup import flat

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


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


def easy_read_form(client) -> str:
    client.get("/panels/riverside/day-services/?version=easy-read")
    application = start(client)
    return flat(client.get(f"/apply/{application.token}/").content.decode())


def question_picture_tag(question, url, alt) -> str:
    return (
        '<div class="field field-radioselect field-pictured">'
        f'<img class="easy-picture field-picture" src="{url}" alt="{alt}" width="56" height="56">'
        "<fieldset "
        f'aria-describedby="id_question_{question.pk}_helptext"><legend>{question.text}'
    )


def test_easy_read_form_shows_a_question_mark_until_staff_choose_a_picture(client, panel, alice):
    question = add_services_question(panel, alice)
    page = easy_read_form(client)
    assert (
        question_picture_tag(question, "/static/pictures/openmoji/2753.svg", "A question mark")
        in page
    )
    staff = Client()
    staff.force_login(alice)
    picker = f"/o/riverside/pictures/points/panels.question/{question.pk}/?point=0"
    response = staff.post(picker, {"picture": "openmoji:bus"})
    assert response.status_code == 302
    assert PointPicture.objects.get().owner == f"panels.question:{question.pk}"
    page = easy_read_form(client)
    assert question_picture_tag(question, "/static/pictures/openmoji/1F68C.svg", "A bus") in page
    assert (
        question_picture_tag(question, "/static/pictures/openmoji/2753.svg", "A question mark")
        not in page
    )


def test_a_question_whose_words_suggest_a_picture_gets_it_until_staff_choose(client, panel, alice):
    question = questions.add_panel_question(
        panel, actor=alice, text="How do you travel to us?", options=["Bus", "Car"]
    )
    page = easy_read_form(client)
    assert question_picture_tag(question, "/static/pictures/openmoji/1F68C.svg", "A bus") in page


def test_standard_form_has_no_picture_beside_the_panels_question(client, panel, alice):
    question = add_services_question(panel, alice)
    application = start(client)
    page = flat(client.get(f"/apply/{application.token}/").content.decode())
    assert (
        '<div class="field field-radioselect"><fieldset '
        f'aria-describedby="id_question_{question.pk}_helptext">' in page
    )
    assert "field-pictured" not in page


def test_staff_page_asks_staff_to_choose_a_picture_for_each_question(client, panel, alice):
    question = add_services_question(panel, alice)
    client.force_login(alice)
    url = f"/o/riverside/panels/{panel.pk}/selection/questions/"
    choose = f"/o/riverside/pictures/points/panels.question/{question.pk}/"
    page = flat(client.get(url).content.decode())
    assert (
        '<div class="question-picture"><img class="easy-picture" '
        'src="/static/pictures/openmoji/2753.svg" alt="" width="48" height="48"><p>'
        "You have not chosen a picture yet. In easy read, we show this one for now: A question "
        "mark. Choose a picture that shows what the question is about."
        f'<a href="{choose}?point=0#change-heading">Choose the picture'
        '<span class="visually-hidden">for “Which service do you use most?”</span></a></p></div>'
    ) in page
    picker = flat(client.get(f"{choose}?point=0").content.decode())
    assert "<h1>Pictures for Day Services Panel: your own question</h1>" in picker
    assert (
        '<p class="easy-point-preview"><img src="/static/pictures/openmoji/2753.svg" '
        'alt="A question mark" width="56" height="56">Which service do you use most?</p>'
    ) in picker
    assert f'<li><a href="{url}">Day Services Panel: your own question</a></li>' in picker
    client.post(f"{choose}?point=0", {"picture": "openmoji:bus"})
    page = flat(client.get(url).content.decode())
    assert (
        '<img class="easy-picture" src="/static/pictures/openmoji/1F68C.svg" alt="" width="48" '
        'height="48"><p>In easy read, this picture is beside the question: A bus.'
    ) in page
    assert "You have not chosen a picture yet" not in page


def test_another_organisation_cannot_choose_a_picture_for_the_question(
    client, panel, alice, charlie
):
    question = add_services_question(panel, alice)
    client.force_login(charlie)
    other = charlie.memberships.get().organisation.slug
    picker = f"/o/{other}/pictures/points/panels.question/{question.pk}/?point=0"
    assert client.get(picker).status_code == 404
    assert client.post(picker, {"picture": "openmoji:bus"}).status_code == 404
    assert PointPicture.objects.count() == 0


def test_question_pictures_take_two_queries_however_many_questions(
    panel, alice, django_assert_num_queries
):
    asked = [
        questions.add_panel_question(panel, actor=alice, text=f"Question {n}?", options=["A", "B"])
        for n in range(4)
    ]
    hall = add_picture(
        panel.organisation,
        actor=alice,
        upload=SimpleUploadedFile("hall.png", PNG),
        content_type="image/png",
        alt_text="The front door of Riverside Hall",
    )
    for question, picture in ((asked[0], hall.key), (asked[2], "openmoji:bus")):
        choose_point_picture(
            panel.organisation,
            actor=alice,
            owner=question_owner(question.pk),
            index=0,
            picture=picture,
        )
    with django_assert_num_queries(2):
        points = question_pictures(panel.organisation, asked)
    assert [(p.picture.alt, p.chosen) for p in points.values()] == [
        ("The front door of Riverside Hall", True),
        ("A question mark", False),
        ("A bus", True),
        ("A question mark", False),
    ]
