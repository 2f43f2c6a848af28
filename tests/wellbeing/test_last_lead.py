"""No safeguarding lead, and removing the last one: a concern sent to the leads only must never
be left with nobody to read it, and "leads only" is not offered when nobody is a lead."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.core.models import AuditEntry, Role
from coproduce.wellbeing import domain
from coproduce.wellbeing.models import Concern, SafeguardingLead
from tests.factories import MembershipFactory, PersonFactory, UserFactory

SECRET = "My named contact shouts at me after meetings."
NO_LEAD = "Nobody is a safeguarding lead here at the moment"
LAST_LEAD = (
    "You cannot remove Erin Shaw yet. They are the only safeguarding lead, and 1 concern sent "
    "only to the safeguarding leads is still open. Nobody else can read it. Make someone else "
    "a safeguarding lead first, then remove Erin Shaw."
)


@pytest.fixture
def finn(org):
    """Staff, not (yet) a lead."""
    user = UserFactory(email="finn@example.org", name="Finn Ward")
    MembershipFactory(organisation=org, user=user, role=Role.STAFF)
    PersonFactory(organisation=org, user=user, name="Finn Ward", email=user.email)
    return user


def leads_only_concern(panel, bob):
    concern, _token = domain.raise_concern(
        panel, kind="concern", text=SECRET, person=bob.people.get(), leads_only=True, actor=bob
    )
    return concern


def ask_url(panel):
    return reverse("support_ask", kwargs={"org": "riverside", "panel_pk": panel.pk})


def settings_url():
    return reverse("support_settings", kwargs={"org": "riverside"})


def remove_url(lead):
    return reverse("safeguarding_lead_remove", kwargs={"org": "riverside", "lead_pk": lead.pk})


def radio_values(html: str) -> list[str]:
    return re.findall(r'<input type="radio" name="send_to" value="(\w+)"', html)


# Domain: removing a lead


def test_last_lead_cannot_be_removed_while_a_leads_only_concern_is_open(erin, bob, dana, panel):
    leads_only_concern(panel, bob)
    lead = SafeguardingLead.objects.get()
    with pytest.raises(ValidationError) as refused:
        domain.remove_safeguarding_lead(lead, actor=dana)
    assert refused.value.code == "last_lead"
    assert refused.value.messages == [LAST_LEAD]
    assert list(SafeguardingLead.objects.values_list("user", flat=True)) == [erin.pk]
    assert not AuditEntry.objects.filter(action="wellbeing.lead.removed").exists()


def test_the_count_in_the_refusal_is_the_open_concerns(erin, bob, dana, panel):
    for _n in range(3):
        leads_only_concern(panel, bob)
    domain.update_concern(Concern.objects.first(), actor=erin, status="closed")
    with pytest.raises(ValidationError) as refused:
        domain.remove_safeguarding_lead(SafeguardingLead.objects.get(), actor=dana)
    assert "and 2 concerns sent only to the safeguarding leads are still open" in str(
        refused.value.messages[0]
    )


def test_last_lead_can_go_once_the_leads_only_concerns_are_closed(erin, bob, dana, panel):
    concern = leads_only_concern(panel, bob)
    domain.update_concern(concern, actor=erin, status="closed")
    assert domain.remove_safeguarding_lead(SafeguardingLead.objects.get(), actor=dana) is True
    assert SafeguardingLead.objects.count() == 0


def test_usual_concerns_do_not_keep_the_last_lead(erin, bob, dana, panel):
    domain.raise_concern(panel, kind="concern", text=SECRET, person=None)
    assert domain.remove_safeguarding_lead(SafeguardingLead.objects.get(), actor=dana) is True


def test_a_lead_can_go_when_another_lead_remains(org, erin, finn, bob, dana, panel):
    leads_only_concern(panel, bob)
    domain.appoint_safeguarding_lead(org, finn, actor=dana)
    domain.remove_safeguarding_lead(SafeguardingLead.objects.get(user=erin), actor=dana)
    with pytest.raises(ValidationError):  # finn is now the last one
        domain.remove_safeguarding_lead(SafeguardingLead.objects.get(user=finn), actor=dana)
    assert list(SafeguardingLead.objects.values_list("user", flat=True)) == [finn.pk]


def test_removing_a_lead_twice_changes_nothing_the_second_time(org, erin, finn, dana):
    domain.appoint_safeguarding_lead(org, finn, actor=dana)
    lead = SafeguardingLead.objects.get(user=erin)
    stale = SafeguardingLead.objects.get(pk=lead.pk)
    assert domain.remove_safeguarding_lead(lead, actor=dana) is True
    assert domain.remove_safeguarding_lead(stale, actor=dana) is False
    assert AuditEntry.objects.filter(action="wellbeing.lead.removed").count() == 1


def test_leads_in_another_organisation_do_not_count(erin, bob, dana, panel, other_org, charlie):
    leads_only_concern(panel, bob)
    domain.appoint_safeguarding_lead(other_org, charlie, actor=None)
    with pytest.raises(ValidationError):
        domain.remove_safeguarding_lead(
            SafeguardingLead.objects.get(organisation=panel.organisation), actor=dana
        )


# Views: the settings page


def test_admin_is_told_why_the_last_lead_stays(client_as, erin, bob, dana, panel):
    leads_only_concern(panel, bob)
    client = client_as(dana)
    page = client.get(settings_url()).content.decode()
    assert (
        "There is only one safeguarding lead, and 1 concern sent only to the leads is still "
        "open. Add another lead before you remove this one, or nobody can read it."
    ) in page
    response = client.post(remove_url(SafeguardingLead.objects.get()), follow=True)
    assert response.redirect_chain == [(settings_url(), 302)]
    html = response.content.decode()
    assert LAST_LEAD in html
    assert "message-error" in html
    assert SafeguardingLead.objects.count() == 1


def test_settings_page_gives_no_warning_without_open_leads_only_concerns(
    client_as, erin, dana, panel
):
    page = client_as(dana).get(settings_url()).content.decode()
    assert "There is only one safeguarding lead" not in page
    response = client_as(dana).post(remove_url(SafeguardingLead.objects.get()), follow=True)
    assert "Removed. They can no longer read every concern." in response.content.decode()
    assert SafeguardingLead.objects.count() == 0


def test_changing_a_leads_role_keeps_them_a_lead(client_as, org, erin, bob, dana, panel):
    """The appointment is not tied to Role (decision 0002), so a role change cannot leave a
    leads-only concern unread."""
    concern = leads_only_concern(panel, bob)
    membership = erin.memberships.get(organisation=org)
    response = client_as(dana).post(
        reverse("member_role", kwargs={"org": "riverside", "pk": membership.pk}),
        {"role": Role.MEMBER},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER
    detail = reverse("concern_detail", kwargs={"org": "riverside", "concern_pk": concern.pk})
    assert client_as(erin).get(detail).status_code == 200


# The form, when nobody is a lead


def test_leads_only_is_not_offered_without_a_lead(client_as, bob, panel):
    html = client_as(bob).get(ask_url(panel)).content.decode()
    assert 'name="send_to"' not in html
    assert "Only the safeguarding leads" not in html
    assert "you can choose to send it only to the safeguarding leads" not in html
    assert "If it is about them, you can go to" in html
    assert 'href="/o/riverside/wellbeing/services/">other places that can help</a>' in html


def test_without_a_lead_it_goes_to_the_contact_and_deputy(
    client_as, bob, panel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(bob).post(
            ask_url(panel), {"kind": "support", "text": "Ring me.", "name_choice": "anonymous"}
        )
    assert response.status_code == 302
    assert Concern.objects.get().leads_only is False
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "dana@example.org"]


def test_a_stale_leads_only_choice_is_never_sent_to_the_contact_unasked(
    client_as, bob, panel, django_capture_on_commit_callbacks
):
    """The page was opened while there was a lead; the lead was removed before Send."""
    client = client_as(bob)
    typed = {
        "kind": "concern",
        "text": SECRET,
        "name_choice": "named",
        "how_to_reply": "Text me",
        "send_to": "leads",
    }
    page = client.post(ask_url(panel), typed)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count(NO_LEAD) == 2  # in the error summary and beside the choice
    assert SECRET in html
    assert 'value="Text me"' in html
    assert radio_values(html) == ["contacts"]  # leads only is no longer offered
    assert 'name="no_lead_seen"' in html
    assert Concern.objects.count() == 0

    # Pressing Send again without choosing still sends nothing.
    again = dict(typed, no_lead_seen="1")
    del again["send_to"]
    page = client.post(ask_url(panel), again)
    assert page.status_code == 200
    assert NO_LEAD in page.content.decode()
    assert Concern.objects.count() == 0

    # Choosing the contact and deputy sends it to them.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask_url(panel), dict(again, send_to="contacts"))
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.leads_only, concern.text) == (False, SECRET)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "dana@example.org"]


def test_a_lead_appointed_meanwhile_gets_the_usual_choice_back(client_as, bob, dana, finn, panel):
    client = client_as(bob)
    client.post(ask_url(panel), {"kind": "concern", "text": SECRET, "send_to": "leads"})
    domain.appoint_safeguarding_lead(panel.organisation, finn, actor=dana)
    page = client.post(
        ask_url(panel), {"kind": "concern", "text": SECRET, "no_lead_seen": "1"}
    ).content.decode()
    assert radio_values(page) == ["contacts", "leads"]
    response = client.post(
        ask_url(panel),
        {"kind": "concern", "text": SECRET, "name_choice": "anonymous", "send_to": "leads"},
    )
    assert response.status_code == 302
    assert Concern.objects.get().leads_only is True
