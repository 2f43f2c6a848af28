"""Equality monitoring: optional, separate, consented, withdrawable, and never shown one by one.

The privacy tests use answers nobody else would write, and then look for them (and for their
labels) in every page, export, audit entry and log line the cast can produce.
"""

from __future__ import annotations

import logging

import pytest

from coproduce.core.models import AuditEntry
from coproduce.panels import domain
from coproduce.panels.categories import CATEGORIES, ETHNICITY, QUESTIONS
from coproduce.panels.domain import equality
from coproduce.panels.models import EqualityRecord, PanelMember, PanelTarget
from tests.factories import ApplicationFactory, PersonFactory

RARE = {
    "ethnicity": "white_roma",
    "sex": "female",
    "gender_identity": "different",
    "sexual_orientation": "bisexual",
    "disability_condition": "yes",
    "disability_reduced": "a_lot",
    "parental_occupation": "unemployed",
    "age_band": "85_plus",
    "carer": "yes",
}
# Labels of the rare answers that appear nowhere else on the pages under test.
RARE_LABELS = ["Roma", "Bisexual", "85 or over", "Long-term unemployed"]


def test_categories_follow_domain_4_1():
    assert len([o for o in ETHNICITY.options if o.value != "prefer_not"]) == 19
    assert {o.group for o in ETHNICITY.options} == {"white", "mixed", "asian", "black", "other", ""}
    for question in QUESTIONS:
        assert question.options[-1].value == "prefer_not"
        assert str(question.options[-1].label) == "Prefer not to say"
    assert [c.key for c in CATEGORIES] == [
        "ethnicity",
        "sex",
        "gender_identity",
        "sexual_orientation",
        "disability",
        "socio_economic",
        "age_band",
        "carer",
    ]


@pytest.mark.parametrize(
    ("condition", "reduced", "expected"),
    [
        ("yes", "a_lot", "disabled"),
        ("yes", "a_little", "disabled"),
        ("yes", "not_at_all", "not_disabled"),
        ("no", "", "not_disabled"),
        ("yes", "prefer_not", "no_answer"),
        ("prefer_not", "a_lot", "no_answer"),
    ],
)
def test_disability_follows_the_gss_pair_of_questions(condition, reduced, expected):
    from coproduce.panels.categories import category_values

    answers = {"disability_condition": condition, "disability_reduced": reduced}
    assert category_values(answers)["disability"] == expected


def test_equality_page_shows_purpose_lawful_basis_and_an_unticked_box(client, panel):
    application = ApplicationFactory(panel=panel)
    html = client.get(f"/apply/{application.token}/equality/").content.decode()
    assert "Why we ask these questions" in html
    assert "Article 9(2)(g)" in html
    assert "Schedule 1, paragraph 8" in html
    assert 'name="consent"' in html
    assert 'name="consent" id="id_consent" checked' not in html
    assert "checked" not in html.split('name="consent"')[1].split(">")[0]
    assert "Prefer not to say" in html


def test_equality_answers_without_consent_are_not_kept(client, panel):
    application = ApplicationFactory(panel=panel)
    response = client.post(f"/apply/{application.token}/equality/", {"sex": "female"})
    assert response.status_code == 200
    assert "Tick the box to say you agree" in response.content.decode()
    assert (
        'value="female" checked'
        in response.content.decode().replace('value="female"\n', 'value="female" ')
        or "checked" in response.content.decode()
    )
    assert not EqualityRecord.objects.exists()


def test_skip_keeps_nothing(client, panel):
    application = ApplicationFactory(panel=panel)
    response = client.post(
        f"/apply/{application.token}/equality/", {"action": "skip", "sex": "female"}
    )
    assert response["Location"] == f"/apply/{application.token}/done/"
    assert not EqualityRecord.objects.exists()


def test_equality_answers_are_stored_apart_with_consent_recorded(client, panel):
    application = ApplicationFactory(panel=panel)
    response = client.post(
        f"/apply/{application.token}/equality/", {**RARE, "consent": "on", "age_band": ""}
    )
    assert response["Location"] == f"/apply/{application.token}/done/"
    record = EqualityRecord.objects.get()
    assert record.application_id == application.pk
    assert record.answers == {k: v for k, v in RARE.items() if k != "age_band"}
    assert record.consent_given_at is not None
    assert record.consent_version == equality.CONSENT_VERSION
    assert record.selection_consent_at is None
    assert not hasattr(application, "equalityrecord")
    assert not hasattr(application, "equality_record")


def test_withdrawing_consent_deletes_the_answers(client, panel):
    application = ApplicationFactory(panel=panel)
    equality.record_equality_answers(application, RARE, selection_consent=True)
    page = client.get(f"/apply/{application.token}/equality/delete/").content.decode()
    assert "Delete my equality answers" in page
    for label in RARE_LABELS:
        assert label not in page  # the private link never shows the answers back
    response = client.post(f"/apply/{application.token}/equality/delete/")
    assert "Your equality answers are deleted." in response.content.decode()
    assert not EqualityRecord.objects.exists()
    entry = AuditEntry.objects.get(action="panels.equality.withdrawn")
    assert entry.data == {}


def test_pool_for_selection_uses_only_consented_values(panel):
    consented = ApplicationFactory(panel=panel)
    monitoring_only = ApplicationFactory(panel=panel)
    ApplicationFactory(panel=panel, status="declined")
    equality.record_equality_answers(consented, RARE, selection_consent=True)
    equality.record_equality_answers(monitoring_only, RARE, selection_consent=False)
    PanelTarget.objects.create(
        organisation=panel.organisation,
        panel=panel,
        category="disability",
        value="disabled",
        min_percent=30,
        max_percent=60,
    )
    pool = equality.pool_for_selection(panel)
    assert pool.places == 12
    assert [(e.application_id, e.status) for e in pool.applicants] == [
        (consented.pk, "received"),
        (monitoring_only.pk, "received"),
    ]
    assert pool.applicants[0].values is not None
    assert pool.applicants[0].values["disability"] == "disabled"
    assert pool.applicants[0].values["ethnicity"] == "white"
    assert pool.applicants[1].values is None
    [target] = pool.targets
    assert (target.min_people, target.max_people) == (4, 7)  # 30% of 12 up, 60% of 12 down


def make_pool(panel, n: int, answers: dict[str, str]) -> list:
    applications = ApplicationFactory.create_batch(n, panel=panel)
    for application in applications:
        equality.record_equality_answers(application, answers, selection_consent=False)
    return applications


def test_diversity_report_suppresses_small_groups_and_their_complements(panel):
    make_pool(panel, 12, {"sex": "female", "disability_condition": "no"})
    make_pool(panel, 3, {"sex": "male", "disability_condition": "no"})
    report = equality.diversity_report(panel)
    sex = next(c for c in report.categories if c.key == "sex")
    states = {row.value: (row.pool.state.value, row.pool.count) for row in sex.rows}
    assert states == {
        "female": ("hidden", None),
        "male": ("small", None),
        "no_answer": ("shown", 0),
    }
    disability = next(c for c in report.categories if c.key == "disability")
    assert {row.value: row.pool.count for row in disability.rows} == {
        "disabled": 0,
        "not_disabled": 15,
        "no_answer": 0,
    }
    assert report.pool_answered == 15
    assert report.members_answered is None  # fewer than 10 members answered


def test_diversity_report_shows_nothing_under_ten_people(panel):
    make_pool(panel, 9, RARE)
    report = equality.diversity_report(panel)
    assert [(c.key, c.pool.withheld) for c in report.categories] == [
        ("ethnicity", True),
        ("sex", True),
        ("gender_identity", True),
        ("sexual_orientation", True),
        ("disability", True),
        ("socio_economic", True),
        ("age_band", True),
        ("carer", True),
    ]
    assert report.pool_answered is None


def test_target_status_is_not_given_for_a_suppressed_cell(panel):
    make_pool(panel, 3, {"carer": "yes"})
    make_pool(panel, 20, {"carer": "no"})
    PanelTarget.objects.create(
        organisation=panel.organisation,
        panel=panel,
        category="carer",
        value="yes",
        min_percent=20,
        max_percent=40,
    )
    PanelTarget.objects.create(
        organisation=panel.organisation,
        panel=panel,
        category="carer",
        value="no",
        min_percent=50,
        max_percent=80,
    )
    carer = next(c for c in equality.diversity_report(panel).categories if c.key == "carer")
    assert {row.value: row.pool_status for row in carer.rows} == {
        "yes": "",
        "no": "",  # hidden as the complement: no "below"/"above" that would give it away
        "no_answer": "",
    }


def test_members_are_counted_from_their_applications(panel, org):
    applications = make_pool(panel, 10, {"carer": "yes"})
    for application in applications:
        PanelMember.objects.create(
            organisation=org,
            panel=panel,
            person=PersonFactory(organisation=org),
            role="member",
            started_on="2026-04-01",
            application=application,
        )
    carer = next(c for c in equality.diversity_report(panel).categories if c.key == "carer")
    assert {row.value: row.members.count for row in carer.rows} == {
        "yes": 10,
        "no": 0,
        "no_answer": 0,
    }


# Privacy: nobody without the role sees one person's answers, anywhere.


@pytest.fixture
def answered(panel, alice):
    make_pool(panel, 14, {"sex": "female", "carer": "no"})
    rare = ApplicationFactory(panel=panel, name="Robin Rare")
    equality.record_equality_answers(rare, RARE, selection_consent=True)
    return rare


def staff_pages(panel, application) -> list[str]:
    base = f"/o/riverside/panels/{panel.pk}/"
    return [
        "/o/riverside/panels/",
        base,
        f"{base}applications/",
        f"{base}applications.csv",
        f"{base}applications/{application.pk}/",
        f"{base}members/",
        "/o/riverside/audit/",
        "/o/riverside/people/",
    ]


@pytest.mark.parametrize("who", ["alice", "bob", "dana"])
def test_no_page_or_export_shows_individual_answers(client, cast, panel, answered, who, caplog):
    client.force_login(cast[who])
    caplog.set_level(logging.DEBUG)
    for url in staff_pages(panel, answered):
        response = client.get(url)
        body = response.content.decode()
        for label in RARE_LABELS:
            assert label not in body, (who, url, label)
        for value in ("white_roma", "bisexual", "85_plus"):
            assert value not in body, (who, url, value)
    for record in caplog.records:
        for value in (*RARE_LABELS, "white_roma", "bisexual", "85_plus"):
            assert value not in record.getMessage()


def test_staff_cannot_open_an_individual_record(client, alice, panel, answered):
    client.force_login(alice)
    url = f"/o/riverside/panels/{panel.pk}/applications/{answered.pk}/equality/"
    assert client.get(url).status_code == 403
    page = client.get(f"/o/riverside/panels/{panel.pk}/applications/{answered.pk}/").content
    assert b"Open their answers" not in page
    assert not AuditEntry.objects.filter(action="panels.equality.viewed").exists()


def test_admin_can_open_an_individual_record_and_each_look_is_logged(client, dana, panel, answered):
    client.force_login(dana)
    url = f"/o/riverside/panels/{panel.pk}/applications/{answered.pk}/equality/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "Roma" in response.content.decode()
    client.get(url)
    entries = AuditEntry.objects.filter(action="panels.equality.viewed")
    assert entries.count() == 2
    assert {e.actor_id for e in entries} == {dana.pk}
    assert {e.target_id for e in entries} == {str(answered.pk)}
    assert [e.data for e in entries] == [{}, {}]


def test_audit_log_never_holds_answers(panel, answered, dana):
    equality.read_equality_record(answered, actor=dana)
    equality.withdraw_equality_answers(answered, actor=dana)
    for entry in AuditEntry.objects.all():
        text = f"{entry.action} {entry.target_repr} {entry.data}"
        for value in (*RARE_LABELS, "white_roma", "bisexual", "85_plus", "female"):
            assert value not in text


def test_equality_record_str_never_shows_answers(panel, answered):
    record = EqualityRecord.objects.get(application=answered)
    assert str(record) == f"Equality record {record.pk}"


def test_panels_has_no_websocket_routes_that_could_carry_answers():
    from config.asgi import websocket_urlpatterns

    routes = " ".join(str(pattern.pattern) for pattern in websocket_urlpatterns)
    assert "panel" not in routes
    with pytest.raises(ModuleNotFoundError):
        __import__("coproduce.panels.consumers")
    with pytest.raises(ModuleNotFoundError):
        __import__("coproduce.panels.events")


def test_staff_see_counts_on_the_targets_page(client, alice, panel, answered):
    client.force_login(alice)
    html = client.get(f"/o/riverside/panels/{panel.pk}/targets/").content.decode()
    assert "15 people who applied answered the equality questions." in html
    assert "15 (100%)" in html  # everyone who answered is female
    assert "fewer than 5" in html  # Robin is the only carer: never a count of 1


def test_targets_page_never_shows_a_count_under_five(panel, answered):
    for category in equality.diversity_report(panel).categories:
        for row in category.rows:
            assert row.pool is not None
            if row.pool.count is not None:
                assert row.pool.count == 0 or row.pool.count >= 5, (category.key, row.value)


def test_targets_form_saves_ranges_and_rejects_bad_ones(client, alice, panel):
    client.force_login(alice)
    url = f"/o/riverside/panels/{panel.pk}/targets/"
    response = client.post(
        url, {"disability__disabled__min": "30", "disability__disabled__max": "60"}
    )
    assert response.status_code == 302
    assert list(
        PanelTarget.objects.values_list("category", "value", "min_percent", "max_percent")
    ) == [("disability", "disabled", 30, 60)]
    response = client.post(url, {"carer__yes__min": "50", "carer__yes__max": "20"})
    assert (
        "Carer: the first number must not be bigger than the second." in response.content.decode()
    )
    response = client.post(url, {"carer__yes__min": "abc", "carer__yes__max": ""})
    assert "Enter a whole number from 0 to 100." in response.content.decode()
    assert 'value="abc"' in response.content.decode()
    assert PanelTarget.objects.count() == 1


def test_record_equality_answers_drops_unknown_questions(panel):
    application = ApplicationFactory(panel=panel)
    equality.record_equality_answers(
        application, {"sex": "female", "religion": "x", "carer": "maybe"}, selection_consent=False
    )
    assert EqualityRecord.objects.get().answers == {"sex": "female"}


def test_deleting_an_application_deletes_its_equality_record(panel):
    application = ApplicationFactory(panel=panel)
    equality.record_equality_answers(application, RARE, selection_consent=False)
    application.delete()
    assert not EqualityRecord.objects.exists()
    assert domain  # imported for side-effect free use above
