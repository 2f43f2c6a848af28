from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from coproduce.core.models import Organisation
from coproduce.initiatives.models import Capacity, Initiative, Involvement


def initiatives_for_dashboard(organisation: Organisation) -> QuerySet[Initiative]:
    """The organisation's initiatives with how many people of each capacity are involved."""
    return (
        Initiative.objects.for_organisation(organisation)
        .select_related("lead")
        .annotate(
            lived_count=Count(
                "involvements", filter=Q(involvements__capacity__in=Capacity.lived())
            ),
            learnt_count=Count("involvements", filter=Q(involvements__capacity=Capacity.LEARNT)),
        )
    )


@dataclass(frozen=True)
class PeopleByCapacity:
    lived: list[Involvement]
    learnt: list[Involvement]


def people_by_capacity(initiative: Initiative) -> PeopleByCapacity:
    """Who is involved, split into lived and learnt experience, in the order they joined."""
    involvements = list(initiative.involvements.select_related("person"))
    return PeopleByCapacity(
        lived=[i for i in involvements if i.is_lived],
        learnt=[i for i in involvements if not i.is_lived],
    )
