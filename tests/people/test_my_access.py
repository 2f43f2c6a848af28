"""A person records and changes their own access needs once, for every panel, meeting and
workshop ("What helps you take part?"), with the same rules as staff: kept apart, read only
by the contact, deputy (and facilitators if shared), every look logged."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.panels.domain import access
from coproduce.panels.forms.access import AccessNeedEditForm, AccessNeedForm
from coproduce.people import access as person_access
from coproduce.people.forms import AccessNeedChecks, MyAccessNeedEditForm, MyAccessNeedForm
from coproduce.people.models import AccessNeed
from tests.factories import PanelFactory, PanelMemberFactory, PersonFactory

SECRET = "Loud rooms give me a headache"


def url(rest=""):
    return f"/o/riverside/people/me/access/{rest}"


def panel_me(panel):
    return f"/o/riverside/panels/{panel.pk}/me/"


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


def views(action="people.access_needs.viewed"):
    return list(
        AuditEntry.objects.filter(action=action)
        .order_by("id")
        .values_list("actor__email", "target_id", "data")
    )


def test_read_my_access_need_gives_only_their_own_and_logs_each_look(
    bob, bob_person, bob_need, june_need
):
    assert person_access.read_my_access_need(bob_person, june_need.pk, actor=bob) is None
    assert views() == []
    assert person_access.read_my_access_need(bob_person, bob_need.pk, actor=bob) == bob_need
    assert views() == [("bob@example.org", str(bob_person.pk), {"count": 1})]


def test_read_my_access_need_skips_ended_needs(bob, bob_person, bob_need):
    person_access.update_access_need(bob_need, actor=bob, ended=True)
    assert person_access.read_my_access_need(bob_person, bob_need.pk, actor=bob) is None


def test_member_page_links_to_their_one_form_and_change_links(client, bob, panel, bob_need):
    client.force_login(bob)
    html = client.get(panel_me(panel)).content.decode()
    assert 'href="/o/riverside/people/me/access/"' in html
    assert f'href="/o/riverside/people/me/access/{bob_need.pk}/"' in html
    assert "You tell us once, for all your panels, meetings and workshops." in html


def test_the_account_menu_links_to_the_form(client, bob):
    client.force_login(bob)
    html = client.get("/o/riverside/").content.decode()
    assert '<a href="/o/riverside/people/me/access/">What helps you take part</a>' in html


def test_staff_not_on_the_panel_get_no_links_on_their_page(client, alice, panel):
    client.force_login(alice)
    html = client.get(panel_me(panel)).content.decode()
    assert 'href="/o/riverside/people/me/access/' not in html.split('id="main"')[1]
    assert "To add or change something, talk to Alice Okafor." in html


def test_member_records_a_need_with_consent(client, bob, bob_person, panel):
    client.force_login(bob)
    page = client.get(url("new/?kind=sensory"))
    html = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert "I agree that you keep this, so you can help me take part" in html
    response = client.post(
        url("new/?kind=sensory"),
        {
            "kind": "sensory",
            "options": ["quiet"],
            "detail": f"  {SECRET} ",
            "share_with_facilitators": "on",
            "consent": "on",
        },
        follow=True,
    )
    assert response.redirect_chain == [(url(), 302)]
    html = response.content.decode()
    assert "Thank you. It is saved. Your named contact will talk to you" in html
    assert SECRET in html
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
    [recorded] = AuditEntry.objects.filter(action="people.access_need.recorded")
    assert (recorded.actor, recorded.target_id, recorded.data) == (
        bob,
        str(need.pk),
        {"person": bob_person.pk, "consent_via": "online"},
    )
    assert (need.consent_via, need.consent_given_at is not None) == ("online", True)
    assert SECRET not in str(list(AuditEntry.objects.values_list("data", "target_repr")))


def test_without_consent_nothing_is_kept_and_what_was_typed_stays(client, bob, panel):
    client.force_login(bob)
    response = client.post(
        url("new/?kind=sensory"),
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
        url("new/?kind=energy"),
        {"kind": "energy", "options": ["breaks", "sleep"], "detail": SECRET, "consent": "on"},
    )
    html = response.content.decode()
    assert "Choose from the list, or write it below." in html
    assert SECRET in html
    assert not AccessNeed.objects.exists()


def test_an_empty_need_gets_a_clear_message(client, bob, panel):
    client.force_login(bob)
    response = client.post(url("new/?kind=energy"), {"kind": "energy", "consent": "on"})
    assert "Tick what you need, or write it in your own words." in response.content.decode()
    assert not AccessNeed.objects.exists()


def test_choosing_a_kind_comes_first(client, bob, panel):
    client.force_login(bob)
    html = client.get(url("new/?kind=nonsense")).content.decode()
    assert "What is it about?" in html
    assert "Light, noise and senses" in html
    assert 'name="consent"' not in html


def test_member_changes_then_ends_their_own_need(client, bob, panel, bob_need, alice):
    adjustment = access.agree_adjustment(
        panel,
        bob_need,
        actor=alice,
        description="Book the quiet room",
        agreed_on=datetime.date(2026, 4, 1),
        review_on=datetime.date(2026, 7, 1),
    )
    client.force_login(bob)
    edit = url(f"{bob_need.pk}/")
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
        AuditEntry.objects.filter(action__startswith="people.access_need.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "people.access_need.recorded",
        "people.access_need.updated",
        "people.access_need.ended",
    ]
    assert client.get(edit).status_code == 404  # ended: nothing left to change


def test_opening_own_need_to_change_it_is_logged(client, bob, bob_person, panel, bob_need):
    client.force_login(bob)
    client.get(url(f"{bob_need.pk}/"))
    assert views() == [("bob@example.org", str(bob_person.pk), {"count": 1})]


def test_member_cannot_see_or_change_another_members_need(client, bob, panel, june_need):
    client.force_login(bob)
    edit = url(f"{june_need.pk}/")
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"ended": "on"}).status_code == 404
    june_need.refresh_from_db()
    assert june_need.ended_on is None
    assert "June's private words" not in client.get(url()).content.decode()
    assert "June's private words" not in client.get(panel_me(panel)).content.decode()
    bob_pk = str(bob.people.get().pk)
    assert views() == [("bob@example.org", bob_pk, {"count": 0})]
    assert views("panels.access_needs.viewed") == [
        ("bob@example.org", str(panel.pk), {"person": int(bob_pk), "count": 0})
    ]


def test_staff_cannot_use_their_own_pages_for_a_members_need(client, alice, panel, bob_need):
    client.force_login(alice)
    assert client.get(url(f"{bob_need.pk}/")).status_code == 404
    assert client.post(url(f"{bob_need.pk}/"), {"ended": "on"}).status_code == 404
    assert SECRET not in client.get(url()).content.decode()  # alice's own page: her needs
    bob_need.refresh_from_db()
    assert bob_need.ended_on is None


def test_a_login_with_no_record_here_gets_a_plain_page(client, org):
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(email="newstaff@example.org")
    MembershipFactory(organisation=org, user=user, role="staff")
    client.force_login(user)
    page = client.get(url())
    assert page.status_code == 200
    assert "We do not keep a record about you in this organisation" in page.content.decode()
    assert client.get(url("new/?kind=energy")).status_code == 404
    assert views() == []


def test_another_organisation_gets_404(client, charlie, panel, bob_need):
    client.force_login(charlie)
    for org in ("riverside", "hillside"):
        base = f"/o/{org}/people/me/access/"
        assert client.get(f"{base}{bob_need.pk}/").status_code == 404
        assert client.post(f"{base}{bob_need.pk}/", {"ended": "on"}).status_code == 404
    assert client.get("/o/riverside/people/me/access/new/").status_code == 404
    bob_need.refresh_from_db()
    assert bob_need.ended_on is None
    assert views() == []


def test_contact_reads_a_need_the_member_recorded(client, bob, alice, panel, bob_need):
    client.force_login(alice)
    html = client.get(f"/o/riverside/panels/{panel.pk}/access/people/{bob_need.person_id}/")
    assert SECRET in html.content.decode()


def test_one_need_shows_on_every_panel_they_are_on(client, alice, bob, org, panel, bob_need):
    second = PanelFactory(
        organisation=org,
        name="Carers panel",
        named_contact=panel.named_contact,
        deputy_contact=panel.deputy_contact,
    )
    PanelMemberFactory(panel=second, person=bob_need.person)
    client.force_login(bob)
    assert SECRET in client.get(panel_me(panel)).content.decode()
    assert SECRET in client.get(panel_me(second)).content.decode()
    client.force_login(alice)
    for each in (panel, second):
        page = client.get(f"/o/riverside/panels/{each.pk}/access/people/{bob_need.person_id}/")
        assert SECRET in page.content.decode()
    assert AccessNeed.objects.count() == 1


# One set of checks for both forms: the person's own and the one staff fill in for them.

STAFF_NEED = {"identified_how": "told_us", "identified_on": "2026-03-02", "consent_via": "phone"}


@pytest.mark.parametrize(
    ("form_class", "extra", "nothing_said"),
    [
        (MyAccessNeedForm, {}, "Tick what you need, or write it in your own words."),
        (AccessNeedForm, STAFF_NEED, "Tick what they need, or write it in their words."),
    ],
)
def test_both_access_need_forms_check_the_same_way(form_class, extra, nothing_said):
    assert issubclass(form_class, AccessNeedChecks)
    empty = form_class({"consent": "on", "detail": "  ", **extra}, kind="communication")
    assert empty.errors == {"detail": [nothing_said]}
    other_kind = form_class({"consent": "on", "options": ["device"], **extra}, kind="communication")
    assert list(other_kind.errors) == ["options", "detail"]  # an option of another kind
    given = form_class({"consent": "on", "options": ["easy_read"], **extra}, kind="communication")
    assert (given.is_valid(), given.cleaned_data["options"]) == (True, ["easy_read"])


def test_only_the_persons_own_form_may_end_a_need_with_nothing_in_it():
    # The person's "ended" keeps what the need said; staff's form saves what is in it.
    ended = {"ended": "on", "detail": ""}
    assert MyAccessNeedEditForm(ended, kind="digital").is_valid()
    staff = AccessNeedEditForm({**ended, **STAFF_NEED}, kind="digital")
    assert staff.errors == {"detail": ["Tick what they need, or write it in their words."]}
