"""Helpers the workshop views share: finding the organisation's objects (404 for others'), links."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from coproduce.core.links import absolute_url
from coproduce.core.tenancy import OrgRequest, get_for_org_or_404
from coproduce.initiatives.models import Initiative
from coproduce.workshops.models import (
    Activity,
    StoryStep,
    Workshop,
)


def _initiative(request: OrgRequest, pk: int) -> Initiative:
    return get_for_org_or_404(Initiative, request.organisation, pk=pk)


def _workshop(request: OrgRequest, pk: int, workshop_pk: int) -> Workshop:
    return get_for_org_or_404(
        Workshop.objects.select_related("initiative", "current_activity"),
        request.organisation,
        pk=workshop_pk,
        initiative_id=pk,
    )


def _activity(request: OrgRequest, workshop: Workshop, activity_pk: int) -> Activity:
    return get_for_org_or_404(Activity, request.organisation, pk=activity_pk, workshop=workshop)


def _back_to_plan(workshop: Workshop) -> HttpResponse:
    return redirect(
        "workshop_detail",
        org=workshop.organisation.slug,
        pk=workshop.initiative_id,
        workshop_pk=workshop.pk,
    )


def _join_url(request: HttpRequest, workshop: Workshop) -> str:
    """The join link people type or scan: at the address this page was served at."""
    return absolute_url(reverse("workshop_join", kwargs={"code": workshop.join_code}), request)


def _activity_url(activity: Activity) -> str:
    workshop = activity.workshop
    return reverse(
        "activity_edit",
        kwargs={
            "org": workshop.organisation.slug,
            "pk": workshop.initiative_id,
            "workshop_pk": workshop.pk,
            "activity_pk": activity.pk,
        },
    )


def step_fields() -> list[tuple[str, str]]:
    return [(name, StoryStep.label(name)) for name in StoryStep.TEXT_FIELDS]
