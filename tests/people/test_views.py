import datetime

from coproduce.core.models import AuditEntry
from coproduce.people.models import Person
from tests.factories import PanelFactory, PanelMemberFactory, PersonFactory


def test_person_create_saves_contact_preferences(client_as, alice, org):
    response = client_as(alice).post(
        "/o/riverside/people/new/",
        {
            "name": "Thomas Bell",
            "preferred_name": "Tom",
            "contact_methods": ["supporter", "post"],
            "supporter_name": "Sam Bell",
            "address": "1 Willow Court",
            "formats": ["easy_read", "audio"],
        },
    )
    tom = Person.objects.get(name="Thomas Bell")
    assert response["Location"] == f"/o/riverside/people/{tom.pk}/"
    assert (tom.organisation, tom.display_name, tom.created_by) == (org, "Tom", alice)
    assert tom.contact_methods == ["post", "supporter"]
    assert tom.formats == ["easy_read", "audio"]
    assert AuditEntry.objects.filter(action="people.person.created", actor=alice).count() == 1


def test_person_create_needs_details_for_chosen_contact_and_keeps_input(client_as, alice):
    response = client_as(alice).post(
        "/o/riverside/people/new/",
        {"name": "June Adeyemi", "contact_methods": ["email", "phone"], "pronouns": "she/her"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address, or untick email." in page
    assert "Enter a phone number, or untick phone call." in page
    assert 'href="#id_email"' in page  # the error summary links to the field
    assert 'value="June Adeyemi"' in page
    assert 'value="she/her"' in page
    assert 'value="email" id="id_contact_methods_0" checked' in page
    assert not Person.objects.filter(name="June Adeyemi").exists()


def test_person_edit_logs_changed_fields_only(client_as, alice, org):
    june = PersonFactory(organisation=org, name="June Adeyemi", pronouns="")
    client_as(alice).post(
        f"/o/riverside/people/{june.pk}/edit/", {"name": "June Adeyemi", "pronouns": "she/her"}
    )
    entry = AuditEntry.objects.get(action="people.person.updated")
    assert entry.data == {"fields": ["pronouns"]}


def test_person_list_searches_by_name(client_as, alice, org):
    PersonFactory(organisation=org, name="June Adeyemi")
    PersonFactory(organisation=org, name="Thomas Bell", preferred_name="Tom")
    page = client_as(alice).get("/o/riverside/people/?q=tom").content.decode()
    assert "Tom" in page
    assert "June" not in page


def test_person_list_search_of_a_whole_page_of_text_looks_for_its_start(client_as, alice, org):
    PersonFactory(organisation=org, name="Thomas Bell")
    response = client_as(alice).get("/o/riverside/people/", {"q": "Thomas" + "x" * 60_000})
    assert response.status_code == 200  # SQLite refused the pattern: a 500
    assert "Thomas Bell" not in response.content.decode()


def test_person_list_search_ignores_a_nul_character(client_as, alice, org):
    PersonFactory(organisation=org, name="Thomas Bell")
    response = client_as(alice).get("/o/riverside/people/", {"q": "Tho\x00mas"})
    assert response.status_code == 200  # PostgreSQL refused it: a 500
    assert "Thomas Bell" in response.content.decode()


def test_person_list_query_count_is_fixed(client_as, alice, org, django_assert_max_num_queries):
    PersonFactory.create_batch(40, organisation=org)
    client = client_as(alice)
    with django_assert_max_num_queries(8):
        assert client.get("/o/riverside/people/").status_code == 200


def test_person_page_shows_their_panels_and_roles(client_as, alice, bob, org):
    panel = PanelFactory(organisation=org, name="Day Services Panel")
    bob_person = bob.people.get(organisation=org)
    PanelMemberFactory(panel=panel, person=bob_person, started_on=datetime.date(2026, 1, 5))
    page = client_as(alice).get(f"/o/{org.slug}/people/{bob_person.pk}/").content.decode()
    assert "Day Services Panel</a> · Member · since 5 January 2026" in " ".join(page.split())
