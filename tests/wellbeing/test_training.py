from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.wellbeing import domain
from coproduce.wellbeing.models import Credit, TrainingRecord
from coproduce.wellbeing.queries import reciprocity_for
from tests.factories import TrainingFactory, UserFactory
from tests.markup import flat

PDF = b"%PDF-1.4 certificate"


def record_url(training):
    return reverse("training_record", kwargs={"org": "riverside", "training_pk": training.pk})


def test_staff_record_training_done_with_a_certificate(client_as, org, alice, bob):
    training = TrainingFactory(organisation=org, title="Chairing a meeting")
    response = client_as(alice).post(
        record_url(training),
        {
            "person": bob.people.get().pk,
            "status": "done",
            "completed_on": "12/03/2026",
            "certificate": SimpleUploadedFile("chairing.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    assert (record.status, record.completed_on, record.certificate_name) == (
        "done",
        datetime.date(2026, 3, 12),
        "chairing.pdf",
    )


def test_a_program_renamed_as_a_pdf_is_refused(client_as, org, alice, bob):
    training = TrainingFactory(organisation=org)
    page = client_as(alice).post(
        record_url(training),
        {
            "person": bob.people.get().pk,
            "status": "booked",
            "certificate": SimpleUploadedFile("cert.pdf", b"MZ\x90\x00", "application/pdf"),
        },
    )
    assert "We cannot take this kind of file. Send a PDF or a photo (JPG or PNG)." in (
        page.content.decode()
    )
    assert TrainingRecord.objects.count() == 0


def test_done_needs_a_date(client_as, org, alice, bob):
    training = TrainingFactory(organisation=org)
    page = client_as(alice).post(
        record_url(training), {"person": bob.people.get().pk, "status": "done"}
    )
    assert "Enter the date they finished." in page.content.decode()


def test_member_sees_training_certificate_and_credits_on_their_page(client_as, org, alice, bob):
    training = TrainingFactory(organisation=org, title="Chairing a meeting")
    person = bob.people.get()
    record = domain.record_training(
        training,
        person,
        status="done",
        completed_on=datetime.date(2026, 3, 12),
        certificate=SimpleUploadedFile("chairing.pdf", PDF),
        actor=alice,
    )
    domain.add_credit(
        person,
        actor=alice,
        output="Day services leaflet",
        credited_as="Bob H.",
        consent_given_on=datetime.date(2026, 3, 1),
    )
    client = client_as(bob)
    text = flat(client.get(reverse("support_mine", kwargs={"org": "riverside"})).content.decode())
    assert "Chairing a meeting" in text
    assert "12 Mar 2026" in text
    assert "Day services leaflet: named as “Bob H.”" in text
    download = client.get(
        reverse("training_certificate", kwargs={"org": "riverside", "record_pk": record.pk})
    )
    assert download.status_code == 200
    assert download.content == PDF
    assert reciprocity_for(person) == type(reciprocity_for(person))(
        training_done=1, training_offered=1, credits=1
    )


def test_another_member_cannot_download_a_certificate(client_as, org, alice, bob):
    record = domain.record_training(
        TrainingFactory(organisation=org),
        bob.people.get(),
        status="done",
        completed_on=datetime.date(2026, 3, 12),
        certificate=SimpleUploadedFile("c.pdf", PDF),
        actor=alice,
    )
    from coproduce.core.models import Membership

    other = UserFactory(email="gus@example.org")
    Membership.objects.create(organisation=org, user=other, role="member")
    url = reverse("training_certificate", kwargs={"org": "riverside", "record_pk": record.pk})
    assert client_as(other).get(url).status_code == 404


def test_credit_needs_consent(client_as, org, alice, bob):
    page = client_as(alice).post(
        reverse("credit_create", kwargs={"org": "riverside"}),
        {
            "person": bob.people.get().pk,
            "output": "Annual report",
            "credited_as": "Bob Hughes",
            "consent_given_on": "2026-03-01",
        },
    )
    assert "Only name people who agreed to it." in page.content.decode()
    assert Credit.objects.count() == 0
