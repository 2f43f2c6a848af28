"""Voting: dots (the live room's hot path) and ratings."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.workshops import dot_store
from coproduce.workshops.domain.common import (
    IDEA_CAP,
    NOTHING_ON,
    OVER_BUDGET,
    Refused,
    _changed,
    _check_can_take_part,
    _log_proxy,
    _open_activity_for_vote,
    _proxy_fields,
    _retry_when_busy,
    gone_idea_refusal,
    taking_part_refusal,
    tell_room_after_commit,
    vote_refusal,
)
from coproduce.workshops.models import (
    Activity,
    Dot,
    Idea,
    Participant,
    Pass,
    Rating,
    Workshop,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DotRequest:
    """One dot asked for: by whom, on which idea."""

    participant_id: int
    idea_id: int


@dataclass(frozen=True)
class Placed:
    """A dot in the database: the room's version that includes it, and its owner's dots now."""

    version: int
    activity_id: int
    dots: dict[str, int]  # the owner's dots on each idea (idea id as text, as on the wire)
    dots_left: int


def place_dot(
    activity: Activity,
    idea: Idea,
    participant: Participant,
    *,
    entered_by: User | None = None,
) -> int:
    """Place one of `participant`'s dots on `idea`. Returns the dots they have left.

    The same path as the live room's batches (`place_dots` with one request). Side effects:
    as `place_dots`.
    """
    outcome = place_dots(
        activity.workshop_id,
        [DotRequest(participant.pk, idea.pk)],
        activity_id=activity.pk,
        entered_by=entered_by,
    )[0]
    if isinstance(outcome, Refused):
        raise outcome
    return outcome.dots_left


def place_dots(
    workshop_id: int,
    requests: Sequence[DotRequest],
    *,
    activity_id: int | None = None,
    entered_by: User | None = None,
) -> list[Placed | Refused]:
    """Place many dots in ONE transaction, in order: the live room's hot path.

    A room of a thousand phones sends hundreds of dots a second. Writing each in its own
    transaction with its own reads costs more than the whole broadcast, so the socket layer
    queues the dots that arrive while the database is busy and writes them together here.
    Every dot is still in the database (committed) before its sender hears "saved".

    The budget holds under any concurrency: the participants' rows are locked first (on
    PostgreSQL `SELECT ... FOR UPDATE`, in id order; on SQLite the IMMEDIATE transaction lets
    one writer in at a time), then their dots are counted, and each new dot takes the lowest
    free slot, which a unique constraint guards as well. `activity_id` defaults to the
    activity on screen. Returns, for each request, `Placed` or the `Refused` to send back.

    Then the workshop's row is locked (`lock_room`) before anything about the vote is read.
    Hiding or merging an idea and closing the vote take that row too, so each commits wholly
    before the batch reads or after it writes: a dot never lands on an idea that left the
    vote while it was being checked.

    Side effects: saves the Dots (marked as by proxy, and logged, when `entered_by` is given);
    deletes their owners' passes; bumps the workshop's version once per dot, so each dot has
    its own version number; tells the room after commit.
    """

    def write() -> list[Placed | Refused]:
        with transaction.atomic():
            return _place_dots(workshop_id, requests, activity_id, entered_by)

    try:
        return _retry_when_busy(write)
    except IntegrityError as error:
        # Only reachable if two writes slipped past the lock: the constraint said no. Try
        # the dots one by one, so one refused dot does not take the others with it.
        if len(requests) == 1:
            return [OVER_BUDGET()]
        log.warning("A batch of dots hit a constraint; writing them one by one: %s", error)
        return [
            place_dots(workshop_id, [r], activity_id=activity_id, entered_by=entered_by)[0]
            for r in requests
        ]


def _place_dots(
    workshop_id: int,
    requests: Sequence[DotRequest],
    activity_id: int | None,
    entered_by: User | None,
) -> list[Placed | Refused]:
    ids = sorted({r.participant_id for r in requests})
    people = dot_store.lock_people(ids)
    dot_store.lock_room(workshop_id)
    voting = dot_store.voting_state(workshop_id, activity_id)
    fresh, idea_ids = voting.activity, voting.idea_ids
    whole = vote_refusal(voting.workshop, fresh, Activity.Mode.DOTS)
    if whole is not None or fresh is None:
        return [whole or NOTHING_ON() for _r in requests]

    budget = fresh.budget(len(idea_ids))
    cap = fresh.max_dots_per_idea
    # (slot, idea, stack, counts) for each dot held. Dots a merge gave back, left where they
    # were when the merge was undone (`Dot.given_back`), hold a slot and a stack but count
    # nowhere: not in the budget, not against the limit on their idea.
    mine: dict[int, list[tuple[int, int, int, bool]]] = {pk: [] for pk in people}
    for owner, slot, idea_id, stack, given_back in dot_store.dots_held(fresh.pk, list(people)):
        mine[owner].append((slot, idea_id, stack, not given_back))

    outcomes: list[tuple[int, list[tuple[int, int, int, bool]]] | Refused] = []
    new: list[dot_store.NewDot] = []
    for request in requests:
        person = people.get(request.participant_id)
        held = mine.get(request.participant_id, [])
        # Dots on a hidden idea stay (in the record) but are given back: they use no budget.
        counted = [d for d in held if d[3] and d[1] in idea_ids]
        cannot = taking_part_refusal(
            person.workshop_id if person else None, bool(person and person.has_left), fresh
        )
        if cannot is not None:
            outcomes.append(cannot)
        elif request.idea_id not in idea_ids:
            outcomes.append(gone_idea_refusal(request.idea_id))
        elif len(counted) >= budget:
            outcomes.append(OVER_BUDGET())
        else:
            here = [
                (stack, counts) for _s, idea_id, stack, counts in held if idea_id == request.idea_id
            ]
            if sum(counts for _stack, counts in here) >= cap:
                outcomes.append(IDEA_CAP())
                continue
            # Slots past the budget are free for those given back from hidden ideas.
            slot = min(set(range(1, len(held) + 2)) - {s for s, _i, _t, _c in held})
            stacks = {stack for stack, _counts in here}
            stack = min(set(range(1, len(stacks) + 2)) - stacks)
            held.append((slot, request.idea_id, stack, True))
            new.append(dot_store.NewDot(request.participant_id, request.idea_id, slot, stack))
            outcomes.append((request.participant_id, list(held)))
    if not new:
        return [o for o in outcomes if isinstance(o, Refused)]

    # The workshop's row is held since `lock_room`: batches insert (and number their dots)
    # one at a time, which lets a live snapshot count only the dots after the last one it saw.
    entered_by_id = entered_by.pk if entered_by is not None else None
    version = dot_store.write_dots(fresh, new, entered_by_id=entered_by_id, at=timezone.now())
    tell_room_after_commit(workshop_id)
    if entered_by is not None:
        logged = Workshop.objects.get(pk=workshop_id)
        for dot in new:
            log_action(
                logged,
                "workshops.dot.placed_by_proxy",
                actor=entered_by,
                data={"idea": dot.idea_id, "participant": dot.participant_id},
            )

    number = version - len(new)
    results: list[Placed | Refused] = []
    for outcome in outcomes:
        if isinstance(outcome, Refused):
            results.append(outcome)
            continue
        number += 1
        _owner, held = outcome
        counts = Counter(str(i) for _slot, i, _stack, c in held if c and i in idea_ids)
        results.append(Placed(number, fresh.pk, dict(counts), budget - sum(counts.values())))
    return results


def remove_dot(
    activity: Activity,
    idea: Idea,
    participant: Participant,
    *,
    entered_by: User | None = None,
) -> int:
    """Take back one of `participant`'s dots from `idea` while voting is open. Returns the
    dots they have left. Side effects: deletes their newest dot on that idea; tells the room."""

    def write() -> int:
        with transaction.atomic():
            person = Participant.objects.select_for_update().get(pk=participant.pk)
            fresh = _open_activity_for_vote(activity.pk, Activity.Mode.DOTS)
            _check_can_take_part(person, fresh)
            dot = (
                Dot.objects.filter(activity=fresh, idea=idea, participant=person, given_back=False)
                .order_by("-stack")
                .first()
            )
            if dot is None:
                raise Refused(_("You have no dot on that idea."), code="no_dot")
            dot.delete()
            _changed(fresh.workshop_id)
            _log_proxy(fresh, "workshops.dot.removed_by_proxy", entered_by, idea, person)
            used = Dot.objects.filter(
                activity=fresh, participant=person, idea__hidden=False, given_back=False
            ).count()
            return fresh.budget() - used

    return _retry_when_busy(write)


def rate_idea(
    activity: Activity,
    idea: Idea,
    participant: Participant,
    *,
    value: str,
    entered_by: User | None = None,
) -> Rating:
    """Say how much `participant` agrees with `idea` (one rating per idea; a new one replaces
    the old). Side effects: saves the Rating; logs proxy entries; tells the room."""
    if value not in Rating.Value.values:
        raise Refused(_("Choose one of the answers."), code="bad_value")

    def write() -> Rating:
        with transaction.atomic():
            person = Participant.objects.select_for_update().get(pk=participant.pk)
            fresh = _open_activity_for_vote(activity.pk, Activity.Mode.RATING)
            _check_can_take_part(person, fresh)
            # The idea's row, locked: a merge or a hide waits for this rating, or this
            # rating waits for them and then sees the idea has gone.
            here = (
                Idea.objects.select_for_update(no_key=True)
                .filter(pk=idea.pk, activity=fresh)
                .values_list("hidden", flat=True)
                .first()
            )
            if here is None or here:
                raise gone_idea_refusal(idea.pk)
            rating, _created = Rating.objects.update_or_create(
                idea=idea,
                participant=person,
                defaults={
                    "value": value,
                    "created_at": timezone.now(),
                    **_proxy_fields(entered_by),
                },
                create_defaults={
                    "organisation": fresh.organisation,
                    "activity": fresh,
                    "value": value,
                    **_proxy_fields(entered_by),
                },
            )
            Pass.objects.filter(activity=fresh, participant=person).delete()
            _changed(fresh.workshop_id)
            _log_proxy(fresh, "workshops.idea.rated_by_proxy", entered_by, idea, person)
            return rating

    return _retry_when_busy(write)


REASON_CHARS = 120


def hide_idea(idea: Idea, *, reason: str, actor: User) -> None:
    """A facilitator takes an idea off the phones and the room screen, saying why.

    The idea stays in the record and the CSV, marked hidden with the reason. Dots and ratings
    already on it stay in the record but count in no results, and people get those dots back
    to use on other ideas. Side effects: saves the idea; logs "workshops.idea.hidden" with the
    reason; tells the room (a new snapshot without the idea).
    """
    reason = " ".join(reason.split())
    if not reason:
        raise Refused(_("Say why you are hiding it."), code="no_reason")
    if len(reason) > REASON_CHARS:
        raise Refused(_("Keep the reason short."), code="too_long")
    _set_hidden(idea, hidden=True, reason=reason, actor=actor)


def show_idea(idea: Idea, *, actor: User) -> None:
    """Put a hidden idea back on the phones and the screen; its dots count again, as far as
    each person's dots allow. While it was hidden its dots were given back, and people may
    have placed them on other ideas: those stay, and the dots on this idea beyond their
    owner's number (the latest first) stay given back, kept in the record, counted nowhere.
    Nobody ever has more dots counted than the vote gives them.

    Side effects: saves the idea (the reason is cleared, the log keeps it) and the dots that
    stay given back; logs "workshops.idea.shown" with how many stayed given back; tells the
    room. An idea its giver took back stays hidden.
    """
    if Idea.objects.filter(pk=idea.pk, withdrawn=True).exists():
        raise Refused(_("The person who gave this idea took it back."), code="withdrawn")
    _set_hidden(idea, hidden=False, reason="", actor=actor)


def _set_hidden(idea: Idea, *, hidden: bool, reason: str, actor: User) -> None:
    def write() -> tuple[Workshop, int]:
        with transaction.atomic():
            # The idea's row, then the workshop's, as a merge takes them. Once the workshop's
            # row is held, no dot is placed until this commits, so the count below stands.
            Idea.objects.filter(pk=idea.pk, withdrawn=False).update(
                hidden=hidden, hidden_reason=reason
            )
            workshop = Workshop.objects.get(activities__ideas=idea.pk)
            _changed(workshop.pk)
            return workshop, (0 if hidden else _give_back_over_budget(idea.pk))

    workshop, given_back = _retry_when_busy(write)
    data: dict[str, object] = {"idea": idea.pk, "reason": reason} if hidden else {"idea": idea.pk}
    if given_back:
        data["dots_given_back"] = given_back
    log_action(
        workshop,
        "workshops.idea.hidden" if hidden else "workshops.idea.shown",
        actor=actor,
        data=data,
    )
    idea.hidden, idea.hidden_reason = hidden, reason


def _give_back_over_budget(idea_id: int) -> int:
    """Mark `given_back` the dots on this idea, shown again, that would take their owners
    past the vote's number of dots, the latest first. Returns how many."""
    activity = Activity.objects.get(ideas=idea_id)
    on_idea = list(
        Dot.objects.filter(idea_id=idea_id, given_back=False)
        .order_by("participant_id", "id")
        .values_list("participant_id", "id")
    )
    elsewhere = Counter(
        Dot.objects.filter(
            activity=activity,
            participant_id__in={person for person, _dot in on_idea},
            idea__hidden=False,
            given_back=False,
        )
        .exclude(idea_id=idea_id)
        .values_list("participant_id", flat=True)
    )
    budget = activity.budget()
    kept: Counter[int] = Counter()
    over = []
    for person, dot in on_idea:
        if elsewhere[person] + kept[person] < budget:
            kept[person] += 1
        else:
            over.append(dot)
    return Dot.objects.filter(pk__in=over).update(given_back=True)
