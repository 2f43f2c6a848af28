"""Scotland's and Northern Ireland's census lists of ethnic groups: asked, kept, counted and
suppressed like England and Wales's."""

from __future__ import annotations

import pytest

from coproduce.panels import nations
from coproduce.panels.categories import ETHNICITY, PREFER_NOT
from coproduce.panels.domain import equality
from coproduce.panels.models import EqualityRecord, PanelTarget
from coproduce.panels.suppression import State
from tests.factories import ApplicationFactory


def answer(panel, n, ethnicity):
    for _ in range(n):
        equality.record_equality_answers(
            ApplicationFactory(panel=panel), {"ethnicity": ethnicity}, selection_consent=True
        )


def ethnicity_report(panel):
    return next(c for c in equality.diversity_report(panel).categories if c.key == "ethnicity")


def test_every_list_ends_with_prefer_not_to_say_and_has_its_own_values():
    seen: set[str] = set()
    for key, chosen in nations.LISTS.items():
        options = chosen.question.options
        assert (options[-1].value, str(options[-1].label)) == (PREFER_NOT, "Prefer not to say")
        values = {o.value for o in options if o.value != PREFER_NOT}
        assert not values & seen, key
        seen |= values
        assert {o.group for o in options if o.value != PREFER_NOT} == {
            group for group, _label in chosen.groups
        }
    assert nations.LISTS["england_wales"].question is ETHNICITY


def test_scotland_follows_the_2022_census_groups():
    labels = [str(o.label) for o in nations.SCOTLAND_ETHNICITY.options]
    assert labels[:8] == [
        "Scottish",
        "Other British",
        "Irish",
        "Polish",
        "Gypsy or Traveller",
        "Roma",
        "Showman or Showwoman",
        "Any other White ethnic group",
    ]
    assert [key for key, _label in nations.SCOTLAND_GROUPS] == [
        "white",
        "mixed",
        "asian",
        "african",
        "caribbean_black",
        "other",
    ]


def test_northern_ireland_follows_nisra_2021_categories():
    labels = [str(o.label) for o in nations.NORTHERN_IRELAND_ETHNICITY.options]
    assert len(labels) == 14  # NISRA's 13 categories and "Prefer not to say"
    for label in ("White", "Irish Traveller", "Roma", "Filipino", "Black African"):
        assert label in labels


def test_a_scottish_panel_asks_with_scotlands_list(client, panel):
    panel.ethnicity_list = "scotland"
    panel.save()
    application = ApplicationFactory(panel=panel)
    html = client.get(f"/apply/{application.token}/equality/").content.decode()
    assert "Showman or Showwoman" in html
    assert "Polish" in html
    assert "English, Welsh, Scottish, Northern Irish or British" not in html
    client.post(
        f"/apply/{application.token}/equality/",
        {"ethnicity": "sc_white_polish", "sex": "male", "consent": "on"},
    )
    record = EqualityRecord.objects.get()
    assert (record.answers, record.ethnicity_list) == (
        {"ethnicity": "sc_white_polish", "sex": "male"},
        "scotland",
    )


def test_another_lists_value_is_dropped(panel):
    panel.ethnicity_list = "northern_ireland"
    panel.save()
    application = ApplicationFactory(panel=panel)
    equality.record_equality_answers(
        application, {"ethnicity": "white_british", "carer": "no"}, selection_consent=False
    )
    assert EqualityRecord.objects.get().answers == {"carer": "no"}


@pytest.mark.parametrize(
    ("nation", "big", "small", "groups"),
    [
        ("scotland", "sc_white_scottish", "sc_african", 6),
        ("northern_ireland", "ni_white", "ni_filipino", 5),
        ("england_wales", "white_british", "black_african", 5),
    ],
)
def test_suppression_holds_for_every_list(panel, nation, big, small, groups):
    panel.ethnicity_list = nation
    panel.save()
    answer(panel, 12, big)
    answer(panel, 2, small)
    report = ethnicity_report(panel)
    assert len(report.rows) == groups + 1  # and "prefer not to say or no answer"
    by_key = {row.value: row for row in report.rows}
    small_group = {"scotland": "african", "northern_ireland": "asian"}.get(nation, "black")
    assert by_key[small_group].pool.state == State.SMALL
    assert by_key["white"].pool.state != State.SHOWN  # would give the small cell away
    assert report.pool.total == 14


def test_under_ten_people_nothing_is_shown_for_any_list(panel):
    panel.ethnicity_list = "scotland"
    panel.save()
    answer(panel, 9, "sc_white_scottish")
    report = ethnicity_report(panel)
    assert report.pool.withheld
    assert [(row.value, row.pool) for row in report.rows] == [
        ("white", None),
        ("mixed", None),
        ("asian", None),
        ("african", None),
        ("caribbean_black", None),
        ("other", None),
        ("no_answer", None),
    ]


def test_pool_for_selection_and_targets_use_the_panels_groups(panel):
    panel.ethnicity_list = "scotland"
    panel.save()
    answer(panel, 1, "sc_caribbean")
    PanelTarget.objects.create(
        organisation=panel.organisation,
        panel=panel,
        category="ethnicity",
        value="caribbean_black",
        min_percent=5,
        max_percent=20,
    )
    PanelTarget.objects.create(
        organisation=panel.organisation,
        panel=panel,
        category="ethnicity",
        value="black",  # England and Wales's group: not Scotland's
        min_percent=5,
        max_percent=20,
    )
    pool = equality.pool_for_selection(panel)
    assert [entry.values["ethnicity"] for entry in pool.applicants] == ["caribbean_black"]
    assert [(t.category, t.value) for t in pool.targets] == [("ethnicity", "caribbean_black")]


def test_targets_page_offers_the_panels_groups(client, alice, panel):
    panel.ethnicity_list = "northern_ireland"
    panel.save()
    client.force_login(alice)
    html = client.get(f"/o/riverside/panels/{panel.pk}/targets/").content.decode()
    assert "White, Irish Traveller or Roma" in html
    assert "Black, Black British, Caribbean or African" not in html


def test_the_list_cannot_change_once_someone_has_answered(client, alice, panel):
    from coproduce.panels.forms import PanelForm

    form = PanelForm(instance=panel, organisation=panel.organisation)
    data = {name: form[name].value() for name in form.fields}
    data["initiatives"] = []
    data["ethnicity_list"] = "scotland"
    assert PanelForm(data, instance=panel, organisation=panel.organisation).is_valid()
    panel.refresh_from_db()  # a valid ModelForm writes into its instance
    answer(panel, 1, "white_irish")
    changed = PanelForm(data, instance=panel, organisation=panel.organisation)
    assert not changed.is_valid()
    assert changed.errors["ethnicity_list"] == [
        "People have already answered using the other list, so you cannot change it now. "
        "Their answers would not add up."
    ]
