"""Leaders' backing: staff record a sponsor's commitment on a panel or a piece of work and
later whether it was kept; it shows on both pages; an advise-only panel is shown as such."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.decisions.models import Backing
from tests.decisions.proposal_matrix import proposal_records
from tests.decisions.proposal_setup import panel_with_members
from tests.factories import PanelFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(org, alice, dana, bob):
    return panel_with_members(org, alice, dana, bob, others=0)


def url(name, **kwargs):
    return reverse(name, kwargs={"org": "riverside", **kwargs})


GOOD = {
    "sponsor_role": "Director of Adult Social Care",
    "backed_on": "2026-03-02",
    "commitment": "To answer every recommendation in writing within 4 weeks.",
    "due_on": "2026-06-01",
}


def test_staff_record_a_panels_backing_and_members_see_it(client_as, alice, bob, dana, panel):
    sponsor = dana.people.get()
    response = client_as(alice).post(
        url("backing_panel_add", panel_pk=panel.pk), {**GOOD, "sponsor": sponsor.pk}
    )
    assert response.url == url("panel_detail", pk=panel.pk)
    backing = Backing.objects.get()
    assert (backing.panel, backing.sponsor, backing.kept) == (panel, sponsor, "not_yet")
    assert backing.recorded_by == alice.people.get()

    page = client_as(bob).get(url("panel_detail", pk=panel.pk)).content.decode()
    assert "Backed by leadership" in page
    assert "To answer every recommendation in writing within 4 weeks." in page
    assert "Due by 1 June 2026." in page
    assert "Not due yet" in page
    assert url("backing_kept", backing_pk=backing.pk) not in page  # members do not edit it


def test_staff_record_an_initiatives_backing(client_as, alice, dana, initiative):
    response = client_as(alice).post(
        url("backing_initiative_add", pk=initiative.pk), {**GOOD, "sponsor": dana.people.get().pk}
    )
    assert response.url == url("initiative_detail", pk=initiative.pk)
    page = client_as(alice).get(response.url).content.decode()
    assert "Backed by leadership" in page
    assert "Dana Price</strong>, Director of Adult Social Care" in page


def test_a_due_date_before_the_backing_is_refused(client_as, alice, dana, panel):
    response = client_as(alice).post(
        url("backing_panel_add", panel_pk=panel.pk),
        {**GOOD, "due_on": "2026-01-01", "sponsor": dana.people.get().pk},
    )
    assert "The date it is due must be on or after the date they backed it." in (
        response.content.decode()
    )
    assert not Backing.objects.exists()


def test_a_sponsor_from_another_organisation_is_refused(client_as, alice, other_org, panel):
    outsider = PersonFactory(organisation=other_org)
    response = client_as(alice).post(
        url("backing_panel_add", panel_pk=panel.pk), {**GOOD, "sponsor": outsider.pk}
    )
    assert "Choose someone from the list." in response.content.decode()
    assert not Backing.objects.exists()


def test_staff_say_whether_it_was_kept(client_as, org, alice, dana, bob, panel):
    cast = {"alice": alice, "dana": dana, "bob": bob}
    backing = proposal_records(org, cast, panel)["backing"]
    client = client_as(alice)

    refused = client.post(url("backing_kept", backing_pk=backing.pk), {"kept": "not_kept"})
    assert "Say what happened, so the panel can follow it up." in refused.content.decode()
    backing.refresh_from_db()
    assert backing.kept == "not_yet"

    response = client.post(
        url("backing_kept", backing_pk=backing.pk),
        {"kept": "not_kept", "kept_note": "Two recommendations had no answer after 8 weeks."},
    )
    assert response.url == url("panel_detail", pk=panel.pk)
    backing.refresh_from_db()
    assert (backing.kept, backing.kept_note) == (
        "not_kept",
        "Two recommendations had no answer after 8 weeks.",
    )
    page = client.get(response.url).content.decode()
    assert "Two recommendations had no answer after 8 weeks." in page


def test_members_cannot_record_backing(client_as, org, alice, dana, bob, panel, initiative):
    backing = proposal_records(org, {"alice": alice, "dana": dana}, panel)["backing"]
    client = client_as(bob)
    assert client.get(url("backing_panel_add", panel_pk=panel.pk)).status_code == 403
    assert client.get(url("backing_initiative_add", pk=initiative.pk)).status_code == 403
    response = client.post(url("backing_kept", backing_pk=backing.pk), {"kept": "kept"})
    assert response.status_code == 403
    backing.refresh_from_db()
    assert backing.kept == "not_yet"


def test_another_organisations_backing_is_404(client_as, alice, other_org, charlie):
    theirs = PanelFactory(organisation=other_org, slug="theirs")
    backing = Backing.objects.create(
        organisation=other_org,
        panel=theirs,
        sponsor=charlie.people.get(),
        sponsor_role="Director",
        commitment="To listen.",
    )
    client = client_as(alice)
    assert client.get(url("backing_kept", backing_pk=backing.pk)).status_code == 404
    assert client.get(url("backing_panel_add", panel_pk=theirs.pk)).status_code == 404


def test_an_advise_only_panel_says_so_with_a_next_step(client_as, bob, panel):
    panel.decision_power = "advises"
    panel.save()
    page = client_as(bob).get(url("panel_detail", pk=panel.pk)).content.decode()
    assert "This panel only gives advice." in page
    assert "A panel needs the power to make decisions, not only to give feedback." in page
    assert "Next step: agree with the leader who backs the panel one kind of decision" in page


def test_a_panel_that_decides_jointly_has_no_advice_only_notice(client_as, bob, panel):
    panel.decision_power = "decides_jointly"
    panel.save()
    page = client_as(bob).get(url("panel_detail", pk=panel.pk)).content.decode()
    assert "This panel only gives advice." not in page
