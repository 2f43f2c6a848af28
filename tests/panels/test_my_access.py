"""A member records and changes their own access needs, with the same rules as staff: kept
apart, read only by the contact, deputy (and facilitators if shared), every look logged."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.panels.domain import access
from coproduce.panels.models import AccessNeed
from tests.factories import PanelMemberFactory, PersonFactory

SECRET = "Loud rooms give me a headache"


def url(panel, rest=""):
    return f"/o/riverside/panels/{panel.pk}/me/{rest}"


@pytest.fixture
def bob_person(org, bob):
    return bob.people.get(organisation=org)


@pytest.fixture
def june_need(org, panel, alice):
    """Another member's need, which bob must never see."""
    june = PersonFactory(organisation=org, name="June Adeyemi")
    PanelMemberFactory(panel=panel, person=june)
    return access.record_access_need(
        panel,
        june,
        actor=alice,
        kind="dietary",
        options=["halal"],
        detail="June's private words",
        identified_on=datetime.date(2026, 4, 1),
        identified_how="asked",
        share_with_facilitators=False,
        consent_via="conversation",
    )


@pytest.fixture
def bob_need(panel, bob, bob_person):
    return access.record_access_need(
        panel,
        bob_person,
        actor=bob,
        kind="sensory",
        options=["quiet"],
        detail=SECRET,
        identified_on=datetime.date(2026, 4, 1),
        identified_how="told_us",
        share_with_facilitators=False,
        consent_via="conversation",
    )


def views():
    return list(
        AuditEntry.objects.filter(action="panels.access_needs.viewed")
        .order_by("id")
        .values_list("actor__email", "data")
    )


def test_read_own_access_need_gives_only_their_own_and_logs_each_look(
    panel, bob, bob_person, bob_need, june_need
):
    assert access.read_own_access_need(panel, bob_person, june_need.pk, actor=bob) is None
    assert views() == []
    found = access.read_own_access_need(panel, bob_person, bob_need.pk, actor=bob)
    assert found == bob_need
    assert found.current_adjustments == []  # type: ignore[union-attr]  # found; current_adjustments set by a Prefetch
    assert views() == [("bob@example.org", {"person": bob_person.pk, "count": 1})]


def test_read_own_access_need_skips_ended_needs(panel, bob, bob_person, bob_need):
    access.update_access_need(bob_need, actor=bob, ended=True)
    assert access.read_own_access_need(panel, bob_person, bob_need.pk, actor=bob) is None


def test_member_page_links_to_add_and_change_their_needs(client, bob, panel, bob_need):
    client.force_login(bob)
    html = client.get(url(panel)).content.decode()
    assert f'href="/o/riverside/panels/{panel.pk}/me/access/new/"' in html
    assert f'href="/o/riverside/panels/{panel.pk}/me/access/{bob_need.pk}/"' in html
    assert "You can add or change something here, or talk to Alice Okafor." in html


def test_staff_not_on_the_panel_get_no_links_on_their_page(client, alice, panel):
    client.force_login(alice)
    html = client.get(url(panel)).content.decode()
    assert "/me/access/" not in html
    assert "To add or change something, talk to Alice Okafor." in html


def test_member_records_a_need_with_consent(client, bob, bob_person, panel):
    client.force_login(bob)
    page = client.get(url(panel, "access/new/?kind=sensory"))
    html = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert "I agree that you keep this, so you can help me take part" in html
    response = client.post(
        url(panel, "access/new/?kind=sensory"),
        {
            "kind": "sensory",
            "options": ["quiet"],
            "detail": f"  {SECRET} ",
            "share_with_facilitators": "on",
            "consent": "on",
        },
        follow=True,
    )
    assert response.redirect_chain == [(url(panel), 302)]
    assert "Thank you. It is saved. Alice Okafor will talk to you" in response.content.decode()
    need = AccessNeed.objects.get()
    assert (need.person, need.kind, need.options, need.detail) == (
        bob_person,
        "sensory",
        ["quiet"],
        SECRET,
    )
    assert (need.identified_how, need.identified_on, need.recorded_by) == (
        "told_us",
        timezone.localdate(),
        bob,
    )
    assert need.share_with_facilitators is True
    [recorded] = AuditEntry.objects.filter(action="panels.access_need.recorded")
    assert (recorded.actor, recorded.data) == (bob, {"need": need.pk, "consent_via": "online"})
    assert (need.consent_via, need.consent_given_at is not None) == ("online", True)
    assert SECRET not in str(list(AuditEntry.objects.values_list("data", "target_repr")))


def test_without_consent_nothing_is_kept_and_what_was_typed_stays(client, bob, panel):
    client.force_login(bob)
    response = client.post(
        url(panel, "access/new/?kind=sensory"),
        {"kind": "sensory", "options": ["quiet"], "detail": SECRET},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tick this box so we can keep what you need. Or go back without saving." in html
    assert 'aria-describedby="id_consent_helptext id_consent_error"' in html
    assert SECRET in html
    assert 'value="quiet" id="id_options_1" checked' in html
    assert not AccessNeed.objects.exists()


def test_an_option_not_on_the_list_gets_a_plain_message(client, bob, panel):
    client.force_login(bob)
    response = client.post(
        url(panel, "access/new/?kind=energy"),
        {"kind": "energy", "options": ["breaks", "sleep"], "detail": SECRET, "consent": "on"},
    )
    html = response.content.decode()
    assert "Choose from the list, or write it below." in html
    assert SECRET in html
    assert not AccessNeed.objects.exists()


def test_an_empty_need_gets_a_clear_message(client, bob, panel):
    client.force_login(bob)
    response = client.post(
        url(panel, "access/new/?kind=energy"), {"kind": "energy", "consent": "on"}
    )
    assert "Tick what you need, or write it in your own words." in response.content.decode()
    assert not AccessNeed.objects.exists()


def test_choosing_a_kind_comes_first(client, bob, panel):
    client.force_login(bob)
    html = client.get(url(panel, "access/new/?kind=nonsense")).content.decode()
    assert "What is it about?" in html
    assert "Light, noise and senses" in html
    assert 'name="consent"' not in html


def test_member_changes_then_ends_their_own_need(client, bob, panel, bob_need, alice):
    adjustment = access.agree_adjustment(
        bob_need,
        actor=alice,
        description="Book the quiet room",
        agreed_on=datetime.date(2026, 4, 1),
        review_on=datetime.date(2026, 7, 1),
    )
    client.force_login(bob)
    edit = url(panel, f"access/{bob_need.pk}/")
    page = client.get(edit)
    assert page["Cache-Control"] == "no-store"
    assert SECRET in page.content.decode()
    client.post(edit, {"options": ["quiet", "low_noise"], "detail": "Quiet please"})
    bob_need.refresh_from_db()
    assert (bob_need.options, bob_need.detail, bob_need.ended_on) == (
        ["quiet", "low_noise"],
        "Quiet please",
        None,
    )
    response = client.post(edit, {"ended": "on"}, follow=True)
    assert "Thank you. We will not plan for this any more." in response.content.decode()
    bob_need.refresh_from_db()
    adjustment.refresh_from_db()
    assert (bob_need.ended_on, bob_need.detail) == (timezone.localdate(), "Quiet please")
    assert adjustment.ended_on == timezone.localdate()
    assert list(
        AuditEntry.objects.filter(action__startswith="panels.access_need.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "panels.access_need.recorded",
        "panels.access_need.updated",
        "panels.access_need.ended",
    ]
    assert client.get(edit).status_code == 404  # ended: nothing left to change


def test_opening_own_need_to_change_it_is_logged(client, bob, bob_person, panel, bob_need):
    client.force_login(bob)
    client.get(url(panel, f"access/{bob_need.pk}/"))
    assert views() == [("bob@example.org", {"person": bob_person.pk, "count": 1})]


def test_member_cannot_see_or_change_another_members_need(client, bob, panel, june_need):
    client.force_login(bob)
    edit = url(panel, f"access/{june_need.pk}/")
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"ended": "on"}).status_code == 404
    june_need.refresh_from_db()
    assert june_need.ended_on is None
    assert "June's private words" not in client.get(url(panel)).content.decode()
    assert views() == [("bob@example.org", {"person": bob.people.get().pk, "count": 0})]


def test_staff_cannot_use_the_member_pages_for_a_members_need(client, alice, panel, bob_need):
    client.force_login(alice)
    assert client.get(url(panel, f"access/{bob_need.pk}/")).status_code == 404
    assert client.get(url(panel, "access/new/")).status_code == 404
    assert views() == []


def test_another_organisation_gets_404(client, charlie, panel, bob_need):
    client.force_login(charlie)
    for org in ("riverside", "hillside"):
        base = f"/o/{org}/panels/{panel.pk}/me/access/"
        assert client.get(f"{base}{bob_need.pk}/").status_code == 404
        assert client.post(f"{base}{bob_need.pk}/", {"ended": "on"}).status_code == 404
        assert client.get(f"{base}new/").status_code == 404
    bob_need.refresh_from_db()
    assert bob_need.ended_on is None
    assert views() == []


def test_contact_reads_a_need_the_member_recorded(client, bob, alice, panel, bob_need):
    client.force_login(alice)
    html = client.get(f"/o/riverside/panels/{panel.pk}/access/people/{bob_need.person_id}/")
    assert SECRET in html.content.decode()
