"""The record of a workshop, and the storyboard gallery (staff)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coproduce.core.models import Role
from coproduce.core.tenancy import OrgRequest, org_view
from coproduce.workshops.domain import Refused, methods
from coproduce.workshops.exports import write_contributions_csv, write_record_csv
from coproduce.workshops.models import (
    Activity,
    StoryStep,
)
from coproduce.workshops.queries import (
    boards_for,
    record_for,
)
from coproduce.workshops.record import contributions_for
from coproduce.workshops.signups import sign_up_counts
from coproduce.workshops.views.common import (
    _activity,
    _activity_url,
    _workshop,
    step_fields,
)


def _take_in(
    request: OrgRequest,
    ids: tuple[int, int, int],
    take: Callable[..., int],
    said: Callable[[int, Activity], str],
) -> Activity:
    """Take ideas into the Dotmocracy `ids` names (initiative, workshop, activity) with
    `take`, and say how many (`said`) or why not."""
    pk, workshop_pk, activity_pk = ids
    activity = _activity(request, _workshop(request, pk, workshop_pk), activity_pk)
    try:
        count = take(activity, actor=request.user)
    except Refused as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(request, said(count, activity))
    return activity


def _ideas_taken_in(count: int, activity: Activity) -> str:
    return ngettext(
        "%(n)s idea taken in from earlier activities.",
        "%(n)s ideas taken in from earlier activities.",
        count,
    ) % {"n": count}


def _board_ideas_taken_in(count: int, activity: Activity) -> str:
    return ngettext(
        "%(n)s opportunity or barrier taken in as an idea for “%(title)s”.",
        "%(n)s opportunities and barriers taken in as ideas for “%(title)s”.",
        count,
    ) % {"n": count, "title": activity.title}


@org_view(Role.STAFF)
@require_POST
def activity_take_in_ideas(
    request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int
) -> HttpResponse:
    ids = (pk, workshop_pk, activity_pk)
    activity = _take_in(request, ids, methods.take_in_ideas, _ideas_taken_in)
    return redirect(_activity_url(activity))


@org_view(Role.STAFF)
@require_POST
def activity_take_in_board_ideas(
    request: OrgRequest, pk: int, workshop_pk: int, activity_pk: int
) -> HttpResponse:
    """Take the storyboards' opportunities and barriers into a Dotmocracy, from the record."""
    ids = (pk, workshop_pk, activity_pk)
    _take_in(request, ids, methods.take_in_board_ideas, _board_ideas_taken_in)
    return redirect(
        "workshop_record", org=request.organisation.slug, pk=pk, workshop_pk=workshop_pk
    )


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
            "sign_ups": sign_up_counts(workshop),
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
def workshop_contributions_csv(request: OrgRequest, pk: int, workshop_pk: int) -> HttpResponse:
    workshop = _workshop(request, pk, workshop_pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="workshop-{workshop.pk}-every-contribution.csv"'
    )
    response.write("\ufeff")  # so spreadsheet programs read the letters right
    write_contributions_csv(response, contributions_for(workshop))
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
