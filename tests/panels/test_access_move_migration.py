"""The move of access needs from each panel to the person (panels migrations 0010 to 0012):
one need per person and kind, every panel's words kept and labelled, nothing lost."""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coproduce.panels.models import Adjustment
from coproduce.people.models import AccessNeed
from tests.factories import PanelFactory, PanelMemberFactory, PersonFactory

BEFORE = [("panels", "0014_access_needs_to_person_add"), ("people", "0004_person_access_needs")]
move = importlib.import_module("coproduce.panels.migrations.0015_access_needs_to_person_move")


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_two_panels_with_different_words_keep_both_labelled(org, alice, bob):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldNeed = old.get_model("panels", "AccessNeed")
    OldAdjustment = old.get_model("panels", "Adjustment")
    person = bob.people.get(organisation=org)
    june = PersonFactory(organisation=org, name="June Adeyemi")
    day = PanelFactory(organisation=org, name="Day Services Panel")
    carers = PanelFactory(organisation=org, name="Carers Panel")
    for panel in (day, carers):
        PanelMemberFactory(panel=panel, person=person)

    def old_need(panel, who, **fields):
        values = {
            "organisation_id": org.pk,
            "panel_id": panel.pk,
            "person_id": who.pk,
            "kind": "mobility",
            "identified_how": "told_us",
            "identified_on": datetime.date(2026, 4, 1),
            **fields,
        }
        return OldNeed.objects.create(**values)

    first = old_need(
        day, person, options=["step_free"], detail="I use a wheelchair.",
        identified_on=datetime.date(2026, 3, 1), share_with_facilitators=True,
    )  # fmt: skip
    second = old_need(
        carers, person, options=["step_free", "taxi"], detail="I need a taxi home.",
        share_with_facilitators=False,
    )  # fmt: skip
    old_need(day, person, kind="dietary", options=["halal"], detail="Halal food.")
    old_need(carers, person, kind="dietary", options=["halal"], detail="Halal food.")
    old_need(day, person, kind="energy", options=["breaks"], ended_on=datetime.date(2026, 5, 1))
    old_need(day, june, kind="mobility", detail="June's own words.")
    for panel, need in ((day, first), (carers, second)):
        OldAdjustment.objects.create(
            organisation_id=org.pk, need_id=need.pk, panel_id=panel.pk, person_id=person.pk,
            description=f"Plan of {panel.name}", agreed_on=datetime.date(2026, 4, 2),
            review_on=datetime.date(2026, 10, 2),
        )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(_latest())

    mobility = AccessNeed.objects.get(person=person, kind="mobility")
    assert mobility.options == ["step_free", "taxi"]
    assert mobility.detail == (
        "Told to Day Services Panel: I use a wheelchair.\n\n"
        "Told to Carers Panel: I need a taxi home."
    )
    assert mobility.identified_on == datetime.date(2026, 3, 1)
    # Shared with meeting staff only where the person agreed to that on every panel.
    assert mobility.share_with_facilitators is False
    assert mobility.ended_on is None
    dietary = AccessNeed.objects.get(person=person, kind="dietary")
    assert (dietary.options, dietary.detail) == (["halal"], "Halal food.")
    energy = AccessNeed.objects.get(person=person, kind="energy")
    assert (energy.options, energy.ended_on) == (["breaks"], datetime.date(2026, 5, 1))
    assert AccessNeed.objects.get(person=june).detail == "June's own words."
    assert AccessNeed.objects.count() == 4
    plans = Adjustment.objects.order_by("panel__name").values_list("panel__name", "need_id")
    assert list(plans) == [("Carers Panel", mobility.pk), ("Day Services Panel", mobility.pk)]


class _Panel:
    def __init__(self, name: str) -> None:
        self.name = name


class _Need:
    def __init__(self, panel: str, **fields: object) -> None:
        self.panel = _Panel(panel)
        defaults = {
            "organisation_id": 1,
            "person_id": 2,
            "kind": "sensory",
            "options": [],
            "detail": "",
            "identified_on": datetime.date(2026, 4, 1),
            "identified_how": "asked",
            "share_with_facilitators": True,
            "consent_given_at": None,
            "consent_via": "",
            "recorded_by_id": None,
            "ended_on": None,
        }
        for name, value in {**defaults, **fields}.items():
            setattr(self, name, value)


def test_merged_fields_keep_one_panels_words_as_they_were():
    merged = move.merged_fields([_Need("A", detail=" Quiet room "), _Need("B", options=["quiet"])])
    assert (merged["detail"], merged["options"]) == ("Quiet room", ["quiet"])
    assert merged["share_with_facilitators"] is True


def test_merged_fields_keep_the_latest_consent_and_its_route():
    early = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    late = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    merged = move.merged_fields(
        [
            _Need("A", consent_given_at=early, consent_via="paper"),
            _Need("B", consent_given_at=late, consent_via="online"),
            _Need("C"),
        ]
    )
    assert (merged["consent_given_at"], merged["consent_via"]) == (late, "online")
