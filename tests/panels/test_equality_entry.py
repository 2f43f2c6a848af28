"""Equality answers given on paper or by phone: typed in by an admin, with the consent the
applicant gave there, kept apart exactly like online answers, logged, and deletable."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from coproduce.core.models import AuditEntry
from coproduce.panels.domain import equality
from coproduce.panels.models import EqualityRecord
from tests.factories import ApplicationFactory
from tests.panels.test_equality import RARE

PAPER = {**RARE, "collected_via": "paper", "consent_given_on": "2026-05-04", "consent": "on"}


def url(panel, application, rest=""):
    return f"/o/riverside/panels/{panel.pk}/applications/{application.pk}/{rest}"


def test_admin_types_in_paper_answers_kept_apart_with_who_and_when(client, dana, panel):
    application = ApplicationFactory(panel=panel, route="paper", name="June Adeyemi")
    client.force_login(dana)
    page = client.get(url(panel, application, "equality/enter/"))
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert "Only type them in if they agreed." in html
    assert "checked" not in html.split('name="consent"')[1].split(">")[0]
    response = client.post(url(panel, application, "equality/enter/"), PAPER)
    assert response["Location"] == url(panel, application)
    record = EqualityRecord.objects.get()
    assert record.application_id == application.pk
    assert record.answers == RARE
    assert (record.collected_via, record.entered_by, record.ethnicity_list) == (
        "paper",
        dana,
        "england_wales",
    )
    assert timezone.localtime(record.consent_given_at).date() == datetime.date(2026, 5, 4)
    assert record.selection_consent_at is None
    [entry] = AuditEntry.objects.filter(action="panels.equality.entered")
    assert (entry.actor, entry.target_id, entry.data) == (
        dana,
        str(application.pk),
        {"via": "paper"},
    )


def test_record_page_shows_the_consent_route_and_who_typed_it_in(client, dana, panel):
    application = ApplicationFactory(panel=panel)
    client.force_login(dana)
    client.post(url(panel, application, "equality/enter/"), {**PAPER, "selection_consent": "on"})
    html = client.get(url(panel, application, "equality/")).content.decode()
    assert "They agreed to us keeping these answers on 4 May 2026 (on paper)." in html
    assert f"Dana Price typed them in on {timezone.localdate():%-d %B %Y}." in html
    assert "They also agreed to us using them to help choose a mix of people." in html


def test_online_answers_show_they_were_given_online(client, dana, panel):
    application = ApplicationFactory(panel=panel)
    equality.record_equality_answers(application, RARE, selection_consent=False)
    client.force_login(dana)
    html = client.get(url(panel, application, "equality/")).content.decode()
    assert "on the online form." in html
    assert "typed them in" not in html


def test_without_the_consent_box_nothing_is_kept_and_nothing_typed_is_lost(client, dana, panel):
    application = ApplicationFactory(panel=panel)
    client.force_login(dana)
    response = client.post(
        url(panel, application, "equality/enter/"), {**PAPER, "consent": "", "sex": "female"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tick this box only if they agreed." in html
    assert 'value="2026-05-04"' in html
    assert re.search(r'name="sex" value="female"[^>]*checked', html)
    assert re.search(r'name="ethnicity" value="white_roma"[^>]*checked', html)
    assert not EqualityRecord.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="panels.equality").exists()


def test_a_future_consent_date_is_refused(client, dana, panel):
    application = ApplicationFactory(panel=panel)
    client.force_login(dana)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url(panel, application, "equality/enter/"),
        {**PAPER, "consent_given_on": tomorrow.isoformat()},
    )
    assert "The date cannot be in the future." in response.content.decode()
    assert not EqualityRecord.objects.exists()


def test_staff_who_may_not_hold_answers_cannot_type_them_in(client, alice, panel):
    application = ApplicationFactory(panel=panel)
    client.force_login(alice)
    assert client.get(url(panel, application, "equality/enter/")).status_code == 403
    assert client.post(url(panel, application, "equality/enter/"), PAPER).status_code == 403
    assert not EqualityRecord.objects.exists()
    page = client.get(url(panel, application)).content.decode()
    assert "Type in answers from paper" not in page


def test_applicant_withdrawing_with_their_link_deletes_paper_answers(client, dana, panel):
    application = ApplicationFactory(panel=panel)
    client.force_login(dana)
    client.post(url(panel, application, "equality/enter/"), PAPER)
    client.logout()
    client.post(f"/apply/{application.token}/equality/delete/")
    assert not EqualityRecord.objects.exists()


def test_any_staff_member_deletes_answers_when_the_applicant_asks(client, alice, dana, panel):
    application = ApplicationFactory(panel=panel)
    equality.record_equality_answers(
        application, RARE, selection_consent=False, collected_via="paper", entered_by=dana
    )
    client.force_login(alice)
    detail = client.get(url(panel, application)).content.decode()
    assert "Delete them (they asked us to)" in detail
    page = client.get(url(panel, application, "equality/delete/")).content.decode()
    assert "Their answers are deleted for good." in page
    response = client.post(url(panel, application, "equality/delete/"), follow=True)
    assert "Their equality answers are deleted." in response.content.decode()
    assert not EqualityRecord.objects.exists()
    [entry] = AuditEntry.objects.filter(action="panels.equality.withdrawn")
    assert (entry.actor, entry.data) == (alice, {})
    again = client.post(url(panel, application, "equality/delete/"), follow=True)
    assert "There were no equality answers to delete." in again.content.decode()
