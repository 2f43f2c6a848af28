"""The room screen (staff): a full-screen page for a projector, without the staff menus."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from coproduce.core.db import retry_when_locked
from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.workshops.models import Workshop
from coproduce.workshops.screen import screen_context
from coproduce.workshops.snapshot import room_snapshot
from coproduce.workshops.views.common import _join_url, _workshop


@never_cache
@org_view(Role.STAFF)
def workshop_screen(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    # Drawn while phones write: read again while an in-memory SQLite says "locked" (the
    # tests' database; see `core.db.retry_when_locked`).
    return retry_when_locked(lambda: _screen_page(request, pk, workshop_pk))


def _screen_page(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    snapshot = room_snapshot(workshop.pk)
    join_url = _join_url(request, workshop)
    people, online = (snapshot or {}).get("people", 0), (snapshot or {}).get("online", 0)
    return render(
        request,
        "workshops/screen.html",
        {
            "workshop": workshop,
            "initiative": workshop.initiative,
            "current": workshop.current_activity,
            "snapshot": snapshot,
            "join_url": join_url,
            "join_address": join_url.split("://", 1)[-1],
            "can_undo": workshop.end_can_be_undone(),
            # How many are in the room and how many online, when people can join online.
            "in_room": people - online,
            "online": online,
            "shows_online": workshop.place != Workshop.Place.IN_PERSON or online > 0,
            **screen_context(workshop, snapshot),
        },
    )
