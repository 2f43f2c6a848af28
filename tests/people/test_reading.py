"""A person's own choice of easy read or large print changes their own pages: easy read
through `reading.wants_easy_read`, large print through the `text-large` class."""

from __future__ import annotations

from coproduce.people.models import Format

MINE = "/o/riverside/people/me/access/"


def test_choosing_large_print_makes_their_own_pages_larger(client, bob, org):
    client.force_login(bob)
    assert 'class="text-large"' not in client.get(MINE).content.decode()
    client.post(MINE, {"formats": ["large_print"], "contact_methods": ["email"]})
    person = bob.people.get(organisation=org)
    assert person.formats == [Format.LARGE_PRINT]
    assert 'class=" text-large"' in client.get(MINE).content.decode()
    assert 'class=" text-large"' in client.get("/o/riverside/").content.decode()


def test_large_print_is_remembered_at_login(client, bob, org):
    bob.people.filter(organisation=org).update(formats=[Format.LARGE_PRINT])
    client.force_login(bob)
    assert 'class=" text-large"' in client.get("/o/riverside/").content.decode()


def test_a_size_chosen_on_the_display_page_wins(client, bob, org):
    bob.people.filter(organisation=org).update(formats=[Format.LARGE_PRINT])
    client.force_login(bob)
    client.cookies["display"] = "standard.standard"
    assert "text-large" not in client.get("/o/riverside/").content.decode()


def test_staff_recording_for_someone_else_do_not_get_large_print(client, alice, bob, org):
    bob.people.filter(organisation=org).update(formats=[Format.LARGE_PRINT])
    client.force_login(alice)
    person = bob.people.get(organisation=org)
    client.get(f"/o/riverside/people/{person.pk}/")
    assert "text-large" not in client.get("/o/riverside/").content.decode()


def test_choosing_easy_read_changes_their_panel_page(client, bob, org, panel):
    client.force_login(bob)
    me = f"/o/riverside/panels/{panel.pk}/me/"
    assert "My access needs" in client.get(me).content.decode()
    client.post(MINE, {"formats": ["easy_read"]})
    page = client.get(me)
    assert "panels/_me_easy.html" in {t.name for t in page.templates}
    assert "What helps you take part" in page.content.decode()


def test_a_way_to_get_in_touch_we_cannot_use_is_refused_plainly(client, bob, org):
    bob.people.filter(organisation=org).update(address="")
    client.force_login(bob)
    page = client.post(MINE, {"contact_methods": ["post"]})
    assert "We do not have what we need to use letter by post." in page.content.decode()
    assert bob.people.get(organisation=org).contact_methods != ["post"]
