"""The record of a workshop, and the storyboard gallery (staff)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.workshops.domain import Refused, methods
from coproduce.workshops.exports import write_record_csv
from coproduce.workshops.models import (
    StoryStep,
)
from coproduce.workshops.queries import (
    boards_for,
    record_for,
)
from coproduce.workshops.views.common import (
    _activity,
    _activity_url,
    _workshop,
    step_fields,
)


@org_view(Role.STAFF)
@require_POST
def activity_take_in_ideas(
    request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int
) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    activity = _activity(request, workshop, activity_pk)
    try:
        count = methods.take_in_ideas(activity, actor=request.user)
    except Refused as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s idea taken in from earlier activities.",
                "%(n)s ideas taken in from earlier activities.",
                count,
            )
            % {"n": count},
        )
    return redirect(_activity_url(activity))


@org_view(Role.STAFF)
def workshop_record(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    return render(
        request,
        "workshops/record.html",
        {
            "workshop": workshop,
            "initiative": workshop.initiative,
            "record": record_for(workshop),
            "feelings": dict(StoryStep.Feeling.choices),
        },
    )


@org_view(Role.STAFF)
def workshop_record_csv(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workshop-{workshop.pk}-record.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the letters right
    write_record_csv(response, record_for(workshop))
    return response


@org_view(Role.STAFF)
def workshop_gallery(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    return render(
        request,
        "workshops/gallery.html",
        {
            "workshop": workshop,
            "initiative": workshop.initiative,
            "boards": boards_for(workshop),
            "feelings": dict(StoryStep.Feeling.choices),
            "step_fields": step_fields(),
        },
    )
