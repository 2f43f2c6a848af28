"""The activity log (core's audit log page, for admins) shows an entry about a concern or a
check-in in full only to those who may read it; others see "something private" with no who
and no record number, and an entry about a concern for the leads only is left out for everyone
but the leads, even the contact."""

from __future__ import annotations

import re

import pytest

from coproduce.core.audit import entries_visible_to, log_action
from coproduce.core.models import Role
from coproduce.wellbeing import domain
from coproduce.wellbeing.models import SafeguardingLead
from tests.conftest import give_totp
from tests.factories import MembershipFactory, PanelFactory, PersonFactory, UserFactory

MASKED = "Something private. Only the people who may read it see the details."
AUDIT = "/o/riverside/audit/"


@pytest.fixture
def gwen(org):
    """Another admin of Riverside: no panel's contact, not a lead."""
    user = UserFactory(email="gwen@example.org", name="Gwen Hall")
    MembershipFactory(organisation=org, user=user, role=Role.ADMIN)
    give_totp(user)
    PersonFactory(organisation=org, user=user, name="Gwen Hall", email=user.email)
    return user


@pytest.fixture
def records(org, alice, bob, dana, erin, panel):
    """erin is the lead. On dana's panel (she is the deputy): a usual concern by bob, read by
    alice; a concern by bob for the leads only; bob's check-in. On a panel dana has nothing to
    do with: an anonymous concern and a check-in. Plus one entry that is not about wellbeing."""
    bob_person = bob.people.get()
    usual, _t = domain.raise_concern(panel, kind="concern", text="x", person=bob_person, actor=bob)
    domain.read_concern(usual, actor=alice)
    private, _t = domain.raise_concern(
        panel, kind="concern", text="y", person=bob_person, leads_only=True, actor=bob
    )
    mine = domain.record_check_in(panel, bob_person, moment="after", feeling=2, actor=bob)
    other = PanelFactory(organisation=org, name="Housing Panel")
    elsewhere, _t = domain.raise_concern(other, kind="support", text="z", person=None)
    check_in = domain.record_check_in(other, bob_person, moment="before", feeling=4, actor=bob)
    log_action(org, "core.test.happened", actor=dana)
    return {
        "usual": usual,
        "private": private,
        "elsewhere": elsewhere,
        "my_check_in": mine,
        "check_in": check_in,
    }


def rows(client) -> list[tuple[str, str, str]]:
    """(who, what happened, to what) for each row of the activity log's first page."""
    html = client.get(AUDIT).content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row)]
        found.append((cells[1], cells[2], cells[3]))
    return found


def concern_rows(found, concern) -> list[tuple[str, str, str]]:
    return [row for row in found if row[2] == f"Concern {concern.pk}"]


def test_deputy_who_is_admin_sees_her_panels_entries_in_full(client_as, dana, records):
    found = rows(client_as(dana))
    assert concern_rows(found, records["usual"]) == [
        ("Alice Okafor", "wellbeing.concern.viewed", f"Concern {records['usual'].pk}"),
        ("Bob Hughes", "wellbeing.concern.raised", f"Concern {records['usual'].pk}"),
    ]
    assert ("Dana Price", "core.test.happened", "Riverside Council") in found


def test_a_leads_only_concern_leaves_no_trace_for_the_contact(client_as, dana, records):
    found = rows(client_as(dana))
    assert concern_rows(found, records["private"]) == []
    # Not even masked: a "something private" the deputy cannot find in her inbox would tell
    # her there is a concern about her. The two masked rows are the other panel's.
    assert [row for row in found if row[1] == MASKED] == [("Not shown", MASKED, "")] * 2


def test_other_panels_entries_are_masked_for_the_deputy(client_as, dana, records):
    found = rows(client_as(dana))
    assert concern_rows(found, records["elsewhere"]) == []
    assert f"Check-in {records['check_in'].pk}" not in {row[2] for row in found}
    # Her own panel's check-in (bob's, after the meeting) is shown in full.
    assert [row for row in found if row[1] == "wellbeing.checkin.recorded"] == [
        ("Bob Hughes", "wellbeing.checkin.recorded", f"Check-in {records['my_check_in'].pk}")
    ]


def test_admin_who_is_no_contact_sees_only_that_something_private_happened(
    client_as, gwen, records
):
    found = rows(client_as(gwen))
    wellbeing_targets = {row[2] for row in found if row[2].startswith(("Concern", "Check-in"))}
    assert wellbeing_targets == set()
    assert "Bob Hughes" not in {row[0] for row in found}  # who raised or checked in
    # usual: raised and viewed; elsewhere: raised; two check-ins. The leads-only one: nothing.
    assert found.count(("Not shown", MASKED, "")) == 5
    lead = SafeguardingLead.objects.get(organisation=records["usual"].organisation)
    assert ("Dana Price", "wellbeing.lead.appointed", f"Safeguarding lead {lead.pk}") in found


def test_a_lead_who_is_admin_sees_every_entry(client_as, org, dana, records):
    domain.appoint_safeguarding_lead(org, dana, actor=dana)
    found = rows(client_as(dana))
    assert MASKED not in {row[1] for row in found}
    assert concern_rows(found, records["private"]) == [
        ("Bob Hughes", "wellbeing.concern.raised", f"Concern {records['private'].pk}")
    ]


def test_the_query_annotates_and_hides_for_each_reader(org, dana, gwen, records):
    def seen(user):
        membership = user.memberships.get(organisation=org)
        return {
            (entry.action, entry.target_repr, entry.masked)
            for entry in entries_visible_to(membership)
            if entry.action.startswith("wellbeing.concern.")
        }

    usual, elsewhere = records["usual"].pk, records["elsewhere"].pk
    assert seen(dana) == {
        ("wellbeing.concern.raised", f"Concern {usual}", False),
        ("wellbeing.concern.viewed", f"Concern {usual}", False),
        ("wellbeing.concern.raised", f"Concern {elsewhere}", True),
    }
    assert seen(gwen) == {
        ("wellbeing.concern.raised", f"Concern {usual}", True),
        ("wellbeing.concern.viewed", f"Concern {usual}", True),
        ("wellbeing.concern.raised", f"Concern {elsewhere}", True),
    }


def test_entries_without_a_target_are_kept(org, gwen, records):
    log_action(None, "core.test.nothing", actor=gwen, organisation=org)
    membership = gwen.memberships.get(organisation=org)
    [entry] = entries_visible_to(membership).filter(action="core.test.nothing")
    assert entry.masked is False


def test_the_log_page_runs_a_fixed_number_of_queries(
    client_as, gwen, records, django_assert_max_num_queries
):
    client = client_as(gwen)
    client.get(AUDIT)
    with django_assert_max_num_queries(12):
        assert client.get(AUDIT).status_code == 200
