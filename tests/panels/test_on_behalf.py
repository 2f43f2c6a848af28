"""People without a login take full part: staff record their agreement, their date poll
answers and their answer to a place, shown as "Recorded by Alice on 7 December 2026, by
phone". Applicants answer an offered place themselves from their private link."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from coproduce.core.models import AuditEntry
from coproduce.panels import domain
from coproduce.panels.domain import agreement
from coproduce.panels.domain import meetings as meeting_domain
from coproduce.panels.models import (
    AgreementPoint,
    AgreementSignature,
    ApplicationStatusChange,
    DateAnswer,
    PanelMember,
)
from coproduce.people.models import Message
from tests.factories import (
    ApplicationFactory,
    MeetingFactory,
    PanelMemberFactory,
    PersonFactory,
)
from tests.workshops.test_concurrency import run_at_once


def today_words() -> str:
    return date_format(timezone.localdate(), "j F Y")


@pytest.fixture
def june(org, panel):
    """A member with no login: she tells staff her answers by phone or letter."""
    person = PersonFactory(organisation=org, name="June Patel")
    PanelMemberFactory(panel=panel, person=person, started_on=datetime.date(2026, 4, 1))
    return person


@pytest.fixture
def version(alice, panel):
    agreement.add_template_points(panel, actor=alice)
    agreement.set_point_state(AgreementPoint.objects.first(), "in", actor=alice)
    return agreement.publish_agreement_version(panel, actor=alice)


# The group agreement


def test_staff_record_agreement_for_a_member_without_a_login(client, alice, panel, june, version):
    client.force_login(alice)
    url = f"/o/riverside/panels/{panel.pk}/agreement/"
    page = client.get(url).content.decode()
    assert "Record agreement for someone without a login" in page
    response = client.post(
        url + "record/", {"record-person": june.pk, "record-how_told": "by phone"}, follow=True
    )
    html = response.content.decode()
    assert "Saved. June Patel has agreed to version 1." in html
    signature = AgreementSignature.objects.get(person=june)
    assert (signature.recorded_by.name, signature.how_told) == ("Alice Okafor", "by phone")
    assert f"Recorded by Alice Okafor on {today_words()}, by phone" in html
    assert AuditEntry.objects.filter(action="panels.agreement.agreed_recorded").count() == 1


def test_recording_agreement_keeps_the_choice_and_says_what_is_missing(
    client, alice, panel, june, version
):
    client.force_login(alice)
    response = client.post(
        f"/o/riverside/panels/{panel.pk}/agreement/record/", {"record-person": june.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose how they told you." in html
    assert f'value="{june.pk}" selected' in html
    assert not AgreementSignature.objects.exists()


def test_agreement_cannot_be_recorded_for_someone_off_the_panel(alice, org, panel, version):
    outsider = PersonFactory(organisation=org, name="Olu Stranger")
    with pytest.raises(ValidationError) as error:
        agreement.agree_to_version(version, outsider, actor=alice, how_told="by phone")
    assert error.value.messages == ["Olu Stranger is not on this panel now."]


def test_members_cannot_record_agreement_for_others(client, bob, panel, june, version):
    client.force_login(bob)
    response = client.post(
        f"/o/riverside/panels/{panel.pk}/agreement/record/",
        {"record-person": june.pk, "record-how_told": "by phone"},
    )
    assert response.status_code == 403
    assert not AgreementSignature.objects.exists()


# The date poll


def test_staff_record_date_poll_answers_for_a_member(client, alice, panel, june):
    meeting = MeetingFactory(panel=panel, starts_at=None)
    soon = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0)
    meeting_domain.add_date_options(
        meeting, [soon + datetime.timedelta(days=10), soon + datetime.timedelta(days=11)]
    )
    first, second = meeting.date_options.all()
    client.force_login(alice)
    url = f"/o/riverside/panels/{panel.pk}/meetings/{meeting.pk}/dates/"
    response = client.post(
        url,
        {
            "action": "record",
            "record-person": june.pk,
            f"record-option_{first.pk}": "yes",
            f"record-option_{second.pk}": "no",
            "record-how_told": "by letter",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Saved. The answers of June Patel are in the poll." in html
    answers = {a.option_id: a.answer for a in DateAnswer.objects.filter(person=june)}
    assert answers == {first.pk: "yes", second.pk: "no"}
    assert f"Recorded by Alice Okafor on {today_words()}, by letter" in html
    assert "Can come: June Patel" in html


def test_poll_record_needs_an_answer_and_how(client, alice, panel, june):
    meeting = MeetingFactory(panel=panel, starts_at=None)
    meeting_domain.add_date_options(meeting, [timezone.now() + datetime.timedelta(days=10)])
    client.force_login(alice)
    response = client.post(
        f"/o/riverside/panels/{panel.pk}/meetings/{meeting.pk}/dates/",
        {"action": "record", "record-person": june.pk},
    )
    html = response.content.decode()
    assert "Choose an answer for at least one date." in html
    assert "Choose how they told you." in html
    assert not DateAnswer.objects.exists()
    # The errors are in the one shared summary, each linking to its field.
    assert '<h2 id="record-error-summary-title">There is a problem</h2>' in html
    assert 'href="#id_record-how_told_0"' in html


def test_members_cannot_record_poll_answers_for_others(client, bob, panel, june):
    meeting = MeetingFactory(panel=panel, starts_at=None)
    meeting_domain.add_date_options(meeting, [timezone.now() + datetime.timedelta(days=10)])
    option = meeting.date_options.get()
    client.force_login(bob)
    response = client.post(
        f"/o/riverside/panels/{panel.pk}/meetings/{meeting.pk}/dates/",
        {
            "action": "record",
            "record-person": june.pk,
            f"record-option_{option.pk}": "yes",
            "record-how_told": "by phone",
        },
    )
    assert response.status_code == 403
    assert not DateAnswer.objects.exists()


# A place on the panel


def offered(panel, **fields):
    return ApplicationFactory(panel=panel, status="offered", **fields)


def test_applicant_accepts_the_place_from_their_private_link(client, panel):
    application = offered(panel, name="Priya Shah")
    page = client.get(f"/apply/{application.token}/done/").content.decode()
    assert "We would like to offer you a place" in page
    assert "Yes, I accept the place" in page
    response = client.post(f"/apply/{application.token}/offer/", {"answer": "accept"}, follow=True)
    html = response.content.decode()
    assert "You have accepted your place on Day Services Panel" in html
    application.refresh_from_db()
    assert application.status == "accepted"
    change = application.status_changes.get(to_status="accepted")
    assert change.by_applicant
    assert change.actor is None
    assert PanelMember.objects.filter(panel=panel, person__name="Priya Shah").count() == 1


def test_accepting_twice_is_refused_cleanly(client, panel):
    application = offered(panel)
    client.post(f"/apply/{application.token}/offer/", {"answer": "accept"})
    response = client.post(f"/apply/{application.token}/offer/", {"answer": "accept"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "You have already accepted this place. There is nothing more to do." in html
    assert application.status_changes.filter(to_status="accepted").count() == 1
    assert PanelMember.objects.filter(panel=panel, application=application).count() == 1


def test_applicant_declines_and_is_not_sent_a_rejection(client, panel, mailoutbox):
    application = offered(panel)
    response = client.post(f"/apply/{application.token}/offer/", {"answer": "decline"}, follow=True)
    assert "You said no to the place" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "declined"
    assert not PanelMember.objects.filter(panel=panel, application=application).exists()
    assert not any("cannot offer you a place" in m.body for m in mail.outbox)


@pytest.mark.parametrize(
    ("answer", "kind"), [("accept", "offer.accepted"), ("decline", "offer.declined")]
)
def test_the_named_contact_is_told_when_the_applicant_answers_from_their_link(
    client, panel, answer, kind
):
    application = offered(panel, name="Priya Shah")
    client.post(f"/apply/{application.token}/offer/", {"answer": answer})
    told = Message.objects.get(kind=kind)
    assert told.person == panel.named_contact
    assert "Priya Shah" in told.body
    assert told.link.endswith(f"/panels/{panel.pk}/applications/{application.pk}/")


def test_the_named_contact_is_not_told_what_staff_recorded_themselves(client, alice, panel):
    application = offered(panel)
    domain.answer_offer(application, accept=True, actor=alice, how_told="by phone")
    assert not Message.objects.filter(kind__startswith="offer.").exists()


def test_a_place_not_offered_cannot_be_answered(client, panel):
    application = ApplicationFactory(panel=panel, status="received")
    page = client.get(f"/apply/{application.token}/done/").content.decode()
    assert "Yes, I accept the place" not in page
    response = client.post(f"/apply/{application.token}/offer/", {"answer": "accept"})
    assert response.status_code == 409
    assert "There is no place on offer to answer yet." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "received"


def test_a_made_up_answer_is_refused(client, panel):
    application = offered(panel)
    response = client.post(f"/apply/{application.token}/offer/", {"answer": "maybe"})
    assert response.status_code == 400
    assert "Choose yes or no." in response.content.decode()


def test_staff_record_acceptance_for_someone_who_phoned(client, alice, panel):
    application = offered(panel, name="Ray Okafor", contact_channel="phone", email="")
    client.force_login(alice)
    base = f"/o/riverside/panels/{panel.pk}/applications/{application.pk}/"
    assert "Record their answer to the offer" in client.get(base).content.decode()
    response = client.post(
        base + "offer/", {"answer": "accept", "how_told": "by phone"}, follow=True
    )
    html = response.content.decode()
    assert "Saved. The application is now: Accepted." in html
    assert f"Recorded by Alice Okafor on {today_words()}, by phone" in html
    change = application.status_changes.get(to_status="accepted")
    assert (change.recorded_by.name, change.how_told, change.by_applicant) == (
        "Alice Okafor",
        "by phone",
        False,
    )
    # Their private page says who recorded it, too.
    page = client.get(f"/apply/{application.token}/done/").content.decode()
    assert f"Recorded by Alice Okafor on {today_words()}, by phone." in page


def test_staff_offer_form_keeps_the_answer_and_says_what_is_missing(client, alice, panel):
    application = offered(panel)
    client.force_login(alice)
    response = client.post(
        f"/o/riverside/panels/{panel.pk}/applications/{application.pk}/offer/",
        {"answer": "decline"},
    )
    html = response.content.decode()
    assert "Choose how they told you." in html
    assert 'value="decline" required id="id_answer_1" checked' in html or (
        'value="decline"' in html and "checked" in html
    )
    application.refresh_from_db()
    assert application.status == "offered"
    assert not ApplicationStatusChange.objects.filter(to_status="declined").exists()


# Two answers at once: two taps, two tabs, and staff on the phone at the same moment


@pytest.mark.django_db(transaction=True)
def test_accepting_a_place_twice_at_once_accepts_once(alice, panel):
    for round_ in range(3):
        application = offered(panel, name=f"Applicant at once {round_}")
        outcomes = run_at_once(
            [
                lambda a=application: domain.answer_offer(a, accept=True, actor=None),
                lambda a=application: domain.answer_offer(a, accept=True, actor=None),
                lambda a=application: domain.answer_offer(
                    a, accept=True, actor=alice, how_told="by phone"
                ),
                lambda a=application: domain.answer_offer(a, accept=False, actor=None),
            ]
        )

        saved = [o for o in outcomes if isinstance(o, ApplicationStatusChange)]
        refused = [o for o in outcomes if isinstance(o, domain.OfferNotOpen)]
        assert (len(saved), len(refused)) == (1, 3), outcomes
        application.refresh_from_db()
        assert application.status == saved[0].to_status
        assert {error.code for error in refused} == {application.status}
        assert application.status_changes.exclude(from_status="received").count() == 1
        members = PanelMember.objects.filter(panel=panel, application=application).count()
        assert members == (1 if application.status == "accepted" else 0)
