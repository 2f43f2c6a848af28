"""The console's buttons answered in place: htmx sends them, the view answers with only the live
part (and what the button did, out of band), so the console never loads a page."""

from __future__ import annotations

import pytest

from coproduce.workshops.models import Workshop
from tests.markup import flat
from tests.workshops.test_views import staff_url

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_a_button_sent_by_htmx_gets_the_live_part_with_what_it_did(client_as, alice, workshop):
    staff = client_as(alice)
    staff.post(staff_url("workshop_control", workshop), {"action": "end"}, headers=HTMX)
    response = staff.post(
        staff_url("workshop_control", workshop), {"action": "reopen"}, headers=HTMX, follow=True
    )
    page = flat(response.content.decode())
    assert Workshop.objects.get(pk=workshop.pk).is_open
    assert "<html" not in page  # the part, not the page
    assert '<div id="console-messages" class="messages" role="status" hx-swap-oob="true">' in page
    assert "Undone. The workshop is open again." in page
    assert '<div id="live" data-live hx-boost="true"' in page


def test_a_redraw_after_a_change_in_the_room_gets_the_live_part_only(client_as, alice, workshop):
    page = (
        client_as(alice)
        .get(staff_url("workshop_console", workshop), headers={"X-Fragment": "live"})
        .content.decode()
    )
    assert flat(page).startswith('<div id="live" data-live')
    assert "console-messages" not in page  # a redraw never clears what a button said
    assert "data-balance" in page  # the balance is drawn again with the counts


def test_the_whole_console_without_javascript_is_a_page_of_plain_forms(client_as, alice, workshop):
    page = flat(client_as(alice).get(staff_url("workshop_console", workshop)).content.decode())
    assert "<html" in page
    assert 'type="module" src="/static/js/room/console.js"' in page
    assert '<div id="console-messages" role="status"></div>' in page
    assert 'method="post"' in page
