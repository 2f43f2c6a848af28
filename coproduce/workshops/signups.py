"""Reads about invitations and sign-ups: who was invited, who is coming, and the counts the
workshop page and the planning checklist show (lived and learnt, in the room and online).

Access needs are never read here for staff: they are counted by the checklist and listed only
on the private, logged access needs page. `own_needs` reads a person's own, for their page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from coproduce.core.calendar import event_file
from coproduce.initiatives.models import Capacity
from coproduce.initiatives.sections import PeopleGroup, people_groups_for
from coproduce.workshops.models import AccessNeed, Invitation, Participant, Workshop
from coproduce.workshops.queries import Balance

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what secrets.token_urlsafe makes
YES = Invitation.Answer.YES


@dataclass(frozen=True)
class SignUpCounts:
    invited: int
    coming: int
    not_coming: int
    lived: int  # of those coming
    learnt: int
    in_room: int
    online: int
    came: int  # joined the room from their sign-up

    @property
    def waiting(self) -> int:
        return self.invited - self.coming - self.not_coming


def sign_ups_for(workshop: Workshop) -> QuerySet[Invitation]:
    """Everyone invited, by name, with who recorded an answer for them."""
    return (
        Invitation.objects.filter(workshop=workshop)
        .select_related("person", "recorded_by")
        .order_by("person__name", "pk")
    )


def coming_for(workshop: Workshop) -> QuerySet[Invitation]:
    """The people who said they are coming."""
    return Invitation.objects.filter(workshop=workshop, answer=YES)


def sign_up_counts(workshop: Workshop) -> SignUpCounts:
    """The counts on the workshop page, in one query."""
    coming = Q(answer=YES)
    counts = Invitation.objects.filter(workshop=workshop).aggregate(
        invited=Count("id"),
        coming=Count("id", filter=coming),
        not_coming=Count("id", filter=Q(answer=Invitation.Answer.NO)),
        lived=Count("id", filter=coming & Q(capacity__in=Capacity.lived())),
        learnt=Count("id", filter=coming & Q(capacity=Capacity.LEARNT)),
        online=Count("id", filter=coming & Q(joins_from=Participant.JoinsFrom.ONLINE)),
        came=Count("id", filter=Q(came=True)),
    )
    return SignUpCounts(
        invited=counts["invited"],
        coming=counts["coming"],
        not_coming=counts["not_coming"],
        lived=counts["lived"],
        learnt=counts["learnt"],
        in_room=counts["coming"] - counts["online"],
        online=counts["online"],
        came=counts["came"],
    )


def sign_up_balance(counts: SignUpCounts, workshop: Workshop) -> Balance:
    """The people coming, as the same balance the room counts (for the checklist)."""
    return Balance(counts.lived, counts.learnt, workshop.lived_target_percent, counts.online)


def invitable_groups(workshop: Workshop) -> list[PeopleGroup]:
    """The groups staff can invite from: the initiative's people, then each panel's members."""
    return people_groups_for(workshop.initiative)


def invited_person_ids(workshop: Workshop) -> set[int]:
    return set(Invitation.objects.filter(workshop=workshop).values_list("person_id", flat=True))


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation behind a private sign-up link, or None. Only a token of the shape we
    make (URL-safe letters, digits, - and _) is looked up: anything else, such as a NUL
    byte that PostgreSQL refuses, cannot be one."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    return (
        Invitation.objects.select_related("workshop", "workshop__initiative", "person")
        .filter(token=token)
        .first()
    )


def own_needs(invitation: Invitation) -> list[str]:
    """What the person said they need when they signed up, read for their own page only
    (larger text, easy read when they join). Not logged: it is theirs, not staff reading it."""
    need = AccessNeed.objects.filter(invitation=invitation, consent=True).first()
    return list(need.needs) if need is not None else []


def calendar_file(workshop: Workshop, *, link: str) -> bytes:
    """The workshop as a calendar file for someone invited: when, where (and the online link,
    for a workshop online), and their sign-up link. One UID for the workshop; its
    `calendar_sequence` goes up when the time or place moves, so calendars update it."""
    where = [workshop.venue.strip()] if workshop.place != Workshop.Place.ONLINE else []
    online = workshop.online_link if workshop.place != Workshop.Place.IN_PERSON else ""
    description = [workshop.purpose.strip()] if workshop.purpose.strip() else []
    description.append(_("Your answer, and any change to it: %(link)s") % {"link": link})
    return event_file(
        uid=f"workshop-{workshop.pk}",
        sequence=workshop.calendar_sequence,
        starts_at=workshop.starts_at,
        ends_at=workshop.booked_until,
        summary=workshop.title,
        location=" / ".join(w for w in [*where, online] if w),
        url=online,
        description="\n".join(str(d) for d in description),
        product="Workshops",
    )
