from coproduce.core.models import AuditEntry
from coproduce.initiatives.models import Initiative, Involvement
from tests.factories import InitiativeFactory, InvolvementFactory


def test_initiative_create_redirects_to_it(client_as, alice, org):
    lead = alice.people.get()
    response = client_as(alice).post(
        "/o/riverside/initiatives/new/",
        {"title": "Garden", "aim": "Everyone can use it", "stage": "idea", "lead": lead.pk},
    )
    initiative = Initiative.objects.get(title="Garden")
    assert response["Location"] == f"/o/riverside/initiatives/{initiative.pk}/"
    assert (initiative.organisation, initiative.lead) == (org, lead)


def test_initiative_create_refuses_lead_from_other_organisation(client_as, alice, charlie):
    outsider = charlie.people.get()
    response = client_as(alice).post(
        "/o/riverside/initiatives/new/",
        {"title": "Garden", "aim": "Everyone can use it", "stage": "idea", "lead": outsider.pk},
    )
    assert response.status_code == 200
    assert not Initiative.objects.exists()


def test_initiative_detail_shows_staff_people_by_capacity_and_logs_it(client_as, alice, initiative):
    page = client_as(alice).get(f"/o/riverside/initiatives/{initiative.pk}/").content.decode()
    assert "Lived experience (1 person)" in page
    assert "Learnt experience (1 person)" in page
    assert "Lived experience: draws on care and support" in page
    entry = AuditEntry.objects.get(action="initiatives.care_status.viewed")
    assert (entry.actor, entry.target_id, entry.data) == (alice, str(initiative.pk), {"people": 2})
    assert "changed the details" not in page  # the look is logged, not shown on the timeline


def test_initiative_detail_shows_member_only_their_own_care_status(client_as, bob, initiative):
    page = client_as(bob).get(f"/o/riverside/initiatives/{initiative.pk}/").content.decode()
    assert "Lived experience: draws on care and support" in page  # bob's own
    assert "Learnt experience: there because of their job" not in page  # alice's
    assert "Lived experience (1 person)" not in page
    assert ("Bob Hughes" in page, "Alice Okafor" in page) == (True, True)
    assert "Add a person" not in page  # bob is a member, not staff
    assert not AuditEntry.objects.filter(action="initiatives.care_status.viewed").exists()


def test_member_cannot_open_initiative_they_are_not_part_of(client_as, bob, alice, org, initiative):
    other = InitiativeFactory(organisation=org, title="Change the day centre menu")
    InvolvementFactory(initiative=other, person=alice.people.get(), capacity="learnt")
    client = client_as(bob)
    for url in (
        f"/o/riverside/initiatives/{other.pk}/",
        f"/o/riverside/initiatives/{other.pk}/ladder/",
        f"/o/riverside/initiatives/{other.pk}/ladder/summary/",
        f"/o/riverside/initiatives/{other.pk}/you-said-we-did/",
    ):
        assert client.get(url).status_code == 404, url
    for url in ("/o/riverside/", "/o/riverside/initiatives/", "/o/riverside/ladder/"):
        page = client.get(url).content.decode()
        assert ("Make the garden easy to use" in page, other.title in page) == (True, False), url
    assert client_as(alice).get(f"/o/riverside/initiatives/{other.pk}/").status_code == 200


def test_involvement_add_duplicate_shows_message(client_as, alice, initiative):
    bob_person = initiative.involvements.get(capacity="lived_care").person
    response = client_as(alice).post(
        f"/o/riverside/initiatives/{initiative.pk}/people/add/",
        {"person": bob_person.pk, "capacity": "learnt", "joined_on": "2026-03-27"},
    )
    assert "Bob Hughes is already part of this work." in response.content.decode()


def test_involvement_add_accepts_uk_date_and_explains_bad_one(client_as, alice, initiative, org):
    from tests.factories import PersonFactory

    june = PersonFactory(organisation=org, name="June")
    url = f"/o/riverside/initiatives/{initiative.pk}/people/add/"
    bad = client_as(alice).post(
        url, {"person": june.pk, "capacity": "lived_carer", "joined_on": "31 2 2026"}
    )
    assert "Enter a real date, for example 27 3 2026." in bad.content.decode()
    client_as(alice).post(
        url, {"person": june.pk, "capacity": "lived_carer", "joined_on": "27 3 2026"}
    )
    assert Involvement.objects.get(person=june).joined_on.isoformat() == "2026-03-27"


def test_initiative_pages_query_count_is_fixed(
    client_as, alice, org, initiative, django_assert_max_num_queries
):
    InvolvementFactory.create_batch(30, initiative=initiative)
    InitiativeFactory.create_batch(20, organisation=org)
    client = client_as(alice)
    # 2 of them log the look at care status; 1 reads the latest decisions; 1 reads backing;
    # 14 read "What the records show" (assurance)
    with django_assert_max_num_queries(28):
        assert client.get(f"/o/riverside/initiatives/{initiative.pk}/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/o/riverside/initiatives/").status_code == 200
