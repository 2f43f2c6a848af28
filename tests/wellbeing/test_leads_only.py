"""A concern sent to the safeguarding leads only: erin is the lead; alice (named contact) and
dana (deputy) must not see it, be told of it, or find it in their inbox."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.core.models import AuditEntry
from coproduce.wellbeing import domain, queries, rules
from coproduce.wellbeing.models import Concern

SECRET = "My named contact shouts at me after meetings."
NO_LEAD = "Nobody is a safeguarding lead here at the moment"


def ask_url(panel):
    return reverse("support_ask", kwargs={"org": "riverside", "panel_pk": panel.pk})


def detail_url(concern):
    return reverse("concern_detail", kwargs={"org": "riverside", "concern_pk": concern.pk})


def checked_choice(html: str) -> list[str]:
    return re.findall(r'<input type="radio" name="send_to" value="(\w+)"[^>]* checked', html)


def leads_only_concern(panel, bob):
    concern, _token = domain.raise_concern(
        panel,
        kind="concern",
        text=SECRET,
        person=bob.people.get(),
        leads_only=True,
        actor=bob,
    )
    return concern


# Domain: who is told


def test_leads_only_concern_emails_only_the_leads_without_content(
    erin, bob, panel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = leads_only_concern(panel, bob)
    assert concern.leads_only is True
    assert [m.to for m in mail.outbox] == [["erin@example.org"]]
    assert mail.outbox[0].subject == "You have a new concern"
    for secret in ("shouts", "Bob", "Day Services", "Alice"):
        assert secret not in mail.outbox[0].body


def test_usual_concern_still_emails_the_contact_and_deputy_not_the_leads(
    erin, bob, panel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        domain.raise_concern(panel, kind="concern", text=SECRET, person=None)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "dana@example.org"]


def test_leads_only_is_logged_without_the_words_or_the_name(erin, bob, panel):
    concern = leads_only_concern(panel, bob)
    entry = AuditEntry.objects.get(action="wellbeing.concern.raised")
    assert (entry.actor, entry.target_repr) == (bob, f"Concern {concern.pk}")
    assert entry.data == {"panel": panel.pk, "named": True, "leads_only": True}


def test_leads_only_without_a_lead_saves_and_sends_nothing(
    bob, panel, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as raised,
    ):
        leads_only_concern(panel, bob)
    assert raised.value.code == "no_lead"
    assert Concern.objects.count() == 0
    assert not AuditEntry.objects.filter(action="wellbeing.concern.raised").exists()
    assert mail.outbox == []


# Rules and queries: who sees it


def test_only_the_lead_may_read_a_leads_only_concern(org, alice, bob, dana, erin, panel):
    concern = leads_only_concern(panel, bob)
    readers = {
        user.email: rules.can_read_concern(user.memberships.get(organisation=org), concern)
        for user in (alice, bob, dana, erin)
    }
    assert readers == {
        "alice@example.org": False,
        "bob@example.org": False,
        "dana@example.org": False,
        "erin@example.org": True,
    }


def test_inbox_query_leaves_leads_only_concerns_out_for_the_contact_and_deputy(
    org, alice, bob, dana, erin, panel
):
    private = leads_only_concern(panel, bob)
    usual, _token = domain.raise_concern(panel, kind="support", text="Ring me.", person=None)
    seen = {
        user.email: list(queries.concerns_for(user.memberships.get(organisation=org)))
        for user in (alice, dana, erin)
    }
    assert seen == {
        "alice@example.org": [usual],
        "dana@example.org": [usual],
        "erin@example.org": [private, usual],
    }


def test_a_contact_who_is_also_a_lead_still_reads_it_and_the_form_says_so(
    client_as, org, alice, bob, dana, erin, panel
):
    domain.appoint_safeguarding_lead(org, alice, actor=dana)
    concern = leads_only_concern(panel, bob)
    assert rules.can_read_concern(alice.memberships.get(), concern) is True
    html = client_as(bob).get(ask_url(panel)).content.decode()
    assert "Alice Okafor is also a safeguarding lead, so they will still see it." in html


# Views


def test_named_contact_and_deputy_get_404_and_an_empty_inbox(
    client_as, alice, bob, dana, erin, panel
):
    concern = leads_only_concern(panel, bob)
    for user in (alice, dana):
        client = client_as(user)
        assert client.get(detail_url(concern)).status_code == 404
        inbox = client.get(reverse("concern_inbox", kwargs={"org": "riverside"})).content.decode()
        assert re.findall(r"Concern \d+</a>", inbox) == []
        assert "Nothing waiting." in inbox
    assert not AuditEntry.objects.filter(action="wellbeing.concern.viewed").exists()
    concern.refresh_from_db()
    assert concern.status == "received"


def test_lead_sees_it_in_the_inbox_and_reads_it_and_the_look_is_logged(client_as, bob, erin, panel):
    concern = leads_only_concern(panel, bob)
    client = client_as(erin)
    inbox = client.get(reverse("concern_inbox", kwargs={"org": "riverside"})).content.decode()
    assert re.findall(r"Concern (\d+)</a>", inbox) == [str(concern.pk)]
    assert "Leads only" in inbox
    page = client.get(detail_url(concern))
    assert page.status_code == 200
    html = page.content.decode()
    assert SECRET in html
    assert "Only the safeguarding leads." in html
    assert page["Cache-Control"] == "no-store"
    viewed = AuditEntry.objects.filter(action="wellbeing.concern.viewed")
    assert [(e.actor, e.target_id) for e in viewed] == [(erin, str(concern.pk))]


def test_member_chooses_leads_only_on_the_form(client_as, client, bob, erin, panel):
    form = client_as(bob).get(ask_url(panel)).content.decode()
    assert "Only the safeguarding leads: Erin Shaw" in " ".join(form.split())
    assert "Alice Okafor, my named contact, and Dana Price, the deputy" in form
    assert checked_choice(form) == ["contacts"]
    response = client_as(bob).post(
        ask_url(panel),
        {"kind": "concern", "text": SECRET, "name_choice": "named", "send_to": "leads"},
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.leads_only, concern.raised_by) == (True, bob.people.get())
    mine = client.get(reverse("support_mine", kwargs={"org": "riverside"})).content.decode()
    assert "Sent only to the safeguarding leads." in mine
    client.logout()
    follow = client.get(response["Location"]).content.decode()
    assert "Only the safeguarding leads: Erin Shaw" in " ".join(follow.split())
    assert "Alice Okafor" not in follow


def test_choice_is_kept_when_the_form_has_an_error(client_as, bob, erin, panel):
    page = client_as(bob).post(
        ask_url(panel), {"kind": "concern", "text": SECRET, "send_to": "leads"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Choose if you want to put your name on it." in html
    assert SECRET in html
    assert checked_choice(html) == ["leads"]
    assert Concern.objects.count() == 0


# With no lead at all, and removing the last lead: tests/wellbeing/test_last_lead.py


def test_lead_removed_while_the_form_was_open_is_explained(
    client_as, bob, erin, panel, monkeypatch
):
    """The form saw a lead; by the time the domain checks, there is none."""
    leads = queries.safeguarding_leads_for(panel.organisation)
    domain.remove_safeguarding_lead(leads[0], actor=None)
    monkeypatch.setattr(queries, "safeguarding_leads_for", lambda organisation: leads)
    page = client_as(bob).post(
        ask_url(panel),
        {"kind": "concern", "text": SECRET, "name_choice": "anonymous", "send_to": "leads"},
    )
    assert page.status_code == 200
    assert NO_LEAD in page.content.decode()
    assert SECRET in page.content.decode()
    assert Concern.objects.count() == 0
