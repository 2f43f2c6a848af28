from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from coproduce.core.models import Membership, Role
from coproduce.initiatives.models import Capacity, Initiative, Involvement


def initiatives_for(membership: Membership) -> QuerySet[Initiative]:
    """The initiatives this member of the organisation may open: every one for staff and
    admins; for a member, only the work they are part of (an involvement of their own)."""
    initiatives = Initiative.objects.for_organisation(membership.organisation)
    if membership.has_role(Role.STAFF):
        return initiatives
    theirs = Involvement.objects.filter(
        organisation_id=membership.organisation_id, person__user_id=membership.user_id
    ).values("initiative_id")
    return initiatives.filter(pk__in=theirs)


def initiatives_for_dashboard(membership: Membership) -> QuerySet[Initiative]:
    """The initiatives this member may open (`initiatives_for`) with how many people of each
    capacity are involved."""
    return (
        initiatives_for(membership)
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


def people_involved(initiative: Initiative) -> list[Involvement]:
    """Everyone involved, in the order they joined, for a page that does not show capacity."""
    return list(initiative.involvements.select_related("person"))


def people_by_capacity(initiative: Initiative) -> PeopleByCapacity:
    """Who is involved, split into lived and learnt experience, in the order they joined."""
    involvements = list(initiative.involvements.select_related("person"))
    return PeopleByCapacity(
        lived=[i for i in involvements if i.is_lived],
        learnt=[i for i in involvements if not i.is_lived],
    )
