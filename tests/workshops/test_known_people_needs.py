"""A workshop participant who is a known person: the facilitator reads the needs on their own
record that they agreed to share with staff who run a meeting or workshop, and each look is
logged. Nobody else's, and nothing they kept for their named contact only."""

from __future__ import annotations

import datetime

from coproduce.core.models import AuditEntry
from coproduce.people import access as person_access
from coproduce.workshops import domain
from tests.factories import ParticipantFactory, PersonFactory
from tests.workshops.test_views import staff_url

SHARED = "I lip-read: please face me"
PRIVATE = "My private note for my contact"


def _need(person, actor, *, detail, share):
    return person_access.record_access_need(
        person,
        actor=actor,
        kind="communication",
        options=["captions"],
        detail=detail,
        identified_on=datetime.date(2026, 4, 1),
        identified_how="told_us",
        share_with_facilitators=share,
        consent_via="online",
    )


def test_facilitator_reads_shared_needs_of_known_people_and_the_look_is_logged(
    client_as, alice, bob, org, workshop
):
    bob_person = bob.people.get(organisation=org)
    _need(bob_person, bob, detail=SHARED, share=True)
    _need(bob_person, bob, detail=PRIVATE, share=False)
    ParticipantFactory(workshop=workshop, person=bob_person, display_name="Bob")
    stranger = PersonFactory(organisation=org, name="Sam Stranger")
    _need(stranger, alice, detail="Not at this workshop", share=True)

    known = domain.read_known_people_access_needs(workshop, actor=alice)

    assert [(p.display_name, [n.detail for n in needs]) for p, needs in known] == [
        ("Bob", [SHARED])
    ]
    entry = AuditEntry.objects.get(action="workshops.person_access_needs.viewed")
    assert (entry.actor, entry.data, entry.target_id) == (alice, {"count": 1}, str(workshop.pk))
    html = client_as(alice).get(staff_url("workshop_access_needs", workshop)).content.decode()
    assert SHARED in html
    assert PRIVATE not in html
    assert "Not at this workshop" not in html
    assert AuditEntry.objects.filter(action="workshops.person_access_needs.viewed").count() == 2


def test_a_member_cannot_open_the_workshop_needs_page(client_as, bob, org, workshop):
    bob_person = bob.people.get(organisation=org)
    _need(bob_person, bob, detail=SHARED, share=True)
    ParticipantFactory(workshop=workshop, person=bob_person, display_name="Bob")
    page = client_as(bob).get(staff_url("workshop_access_needs", workshop))
    assert page.status_code == 403
    assert not AuditEntry.objects.filter(action__endswith="access_needs.viewed").exists()
