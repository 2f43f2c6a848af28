"""Merging two ideas that say the same thing into one, keeping every vote fair."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from coproduce.accounts.models import User
from coproduce.core.audit import log_action
from coproduce.workshops.domain.common import Refused, _changed, _retry_when_busy
from coproduce.workshops.domain.taking_part import _idea_words
from coproduce.workshops.models import Activity, Dot, Idea, Participant, Rating

ATTEMPTS = 5


@dataclass(frozen=True)
class Merged:
    """What a merge did: the idea kept (with its words now) and where the votes went."""

    kept: Idea
    dots_moved: int
    dots_given_back: int
    ratings_moved: int
    ratings_not_counted: int


class _Again(Exception):
    """Someone voted on one of the two ideas while the merge was locking: start again."""


def merge_ideas(keep: Idea, merged: Idea, *, actor: User, text: str = "") -> Merged:
    """Merge the idea `merged` into `keep`: two people said the same thing.

    `merged` leaves the phones, the screen and the results; the record keeps it, marked as
    merged into `keep` (`merged_into`). `text`, if given, becomes the kept idea's words (the
    record keeps the first ones, as `edit_idea` does).

    Votes move fairly. Each dot on `merged` moves to `keep` (marked `moved_from`) while its
    owner has fewer than the activity's `max_dots_per_idea` there; any more stay on `merged`,
    in the record but not counted, so the owner gets them back to place again. Someone who
    rated both keeps their rating of `keep`; their rating of `merged` stays in the record, not
    counted. A rating only on `merged` moves to `keep`. Nobody's votes count twice.

    Locks, in this order: the people holding votes on either idea (by id), the two ideas (by
    id), then the workshop's row. A dot or rating placed at the same moment either commits
    first and is moved, or waits and is refused ("That idea was joined with another one"):
    `place_dots` holds the workshop's row while it reads and writes, and `rate_idea` locks
    the idea.

    Side effects: saves both ideas and the moved dots and ratings; logs
    "workshops.idea.merged" with the counts (and the words before and after, if changed);
    tells the room.
    """
    if keep.pk == merged.pk:
        raise Refused(_("Choose a different idea to merge it into."), code="same_idea")
    words = _idea_words(text) if text.strip() else ""

    def write() -> Merged:
        with transaction.atomic():
            outcome, before = _merge(keep.pk, merged.pk, words)
            kept = outcome.kept
            data: dict[str, object] = {
                "idea": merged.pk,
                "into": kept.pk,
                "dots_moved": outcome.dots_moved,
                "dots_given_back": outcome.dots_given_back,
                "ratings_moved": outcome.ratings_moved,
                "ratings_not_counted": outcome.ratings_not_counted,
            }
            if before != kept.text:
                data.update(before=before, after=kept.text)
            # Logged in the same transaction: a merge undone by a retry leaves no entry.
            log_action(kept.activity.workshop, "workshops.idea.merged", actor=actor, data=data)
            return outcome

    return _again_when_moved(write)


def _again_when_moved[T](write: Callable[[], T]) -> T:
    """Run `write`, again while someone voted on the ideas as it was locking them."""
    for _attempt in range(ATTEMPTS):
        try:
            return _retry_when_busy(write)
        except _Again:
            continue
    raise Refused(_("The room is very busy. Please try again."), code="busy")


def _lock_pair(pair: list[int]) -> tuple[set[int], dict[int, Idea]]:
    """Lock the people holding votes on either idea (by id), then the two ideas (by id).
    Returns those people and the ideas, read fresh."""
    people = _voters(pair)
    list(
        Participant.objects.select_for_update()
        .filter(pk__in=sorted(people))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ideas = {
        idea.pk: idea
        # FOR NO KEY UPDATE: a dot being inserted holds the workshop's row and takes a key
        # share on its idea; a plain FOR UPDATE here would wait on it in a circle.
        for idea in Idea.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk__in=pair)
        .select_related("activity__workshop")
        .order_by("pk")
    }
    return people, ideas


def _voters(pair: list[int]) -> set[int]:
    dots = Dot.objects.filter(idea_id__in=pair).values_list("participant_id", flat=True)
    rated = Rating.objects.filter(idea_id__in=pair).values_list("participant_id", flat=True)
    return set(dots) | set(rated)


def _merge(keep_id: int, merged_id: int, words: str) -> tuple[Merged, str]:
    pair = sorted((keep_id, merged_id))
    people, ideas = _lock_pair(pair)
    keep, merged = ideas.get(keep_id), ideas.get(merged_id)
    if keep is None or merged is None or keep.activity_id != merged.activity_id:
        raise Refused(_("You can only merge ideas from the same vote."), code="wrong_idea")
    activity = keep.activity
    if not activity.is_voting:  # a four's best ideas are merged by the four, not here
        raise Refused(_("You can only merge ideas in a vote."), code="wrong_kind")
    if activity.state == Activity.State.DONE or not activity.workshop.is_open:
        raise Refused(_("This activity has finished."), code="closed")
    if keep.hidden or merged.hidden:
        raise Refused(_("Show the idea again before you merge it."), code="hidden")

    _changed(activity.workshop_id)  # the workshop's row: no dot can be added until commit
    if not _voters(pair) <= people:
        raise _Again  # someone voted between the first read and the locks

    dots_moved, dots_given_back = _move_dots(keep, merged, activity.max_dots_per_idea)
    ratings_moved, ratings_not_counted = _move_ratings(keep, merged)
    merged.hidden, merged.hidden_reason, merged.merged_into = True, "", keep
    merged.save(update_fields=["hidden", "hidden_reason", "merged_into"])
    before = keep.text
    if words and words != keep.text:
        keep.original_text = keep.original_text or keep.text
        keep.text = words
        keep.save(update_fields=["text", "original_text"])
    merged_outcome = Merged(keep, dots_moved, dots_given_back, ratings_moved, ratings_not_counted)
    return merged_outcome, before


def _move_dots(keep: Idea, merged: Idea, cap: int) -> tuple[int, int]:
    """Move each person's dots from `merged` to `keep`, up to the per-idea limit. A dot given
    back by an earlier merge that was undone (`given_back`) holds its stack and counts for
    nothing: it stays where it is."""
    stacks: dict[int, set[int]] = {}
    counted: Counter[int] = Counter()
    on_keep = Dot.objects.filter(idea=keep).values_list("participant_id", "stack", "given_back")
    for person, stack, gone in on_keep:
        stacks.setdefault(person, set()).add(stack)
        counted[person] += not gone
    moved: list[Dot] = []
    given_back = 0
    on_merged = Dot.objects.filter(idea=merged, given_back=False)
    for dot in on_merged.order_by("participant_id", "stack", "id"):
        taken = stacks.setdefault(dot.participant_id, set())
        if counted[dot.participant_id] >= cap:
            given_back += 1  # stays on the merged idea: in the record, not counted
            continue
        free = min(set(range(1, len(taken) + 2)) - taken)
        taken.add(free)
        counted[dot.participant_id] += 1
        dot.idea, dot.stack, dot.moved_from = keep, free, merged
        moved.append(dot)
    Dot.objects.bulk_update(moved, ["idea", "stack", "moved_from"])
    return len(moved), given_back


def _move_ratings(keep: Idea, merged: Idea) -> tuple[int, int]:
    """A rating only on `merged` moves to `keep`; someone who rated both keeps `keep`'s."""
    rated_keep = set(Rating.objects.filter(idea=keep).values_list("participant_id", flat=True))
    moving = Rating.objects.filter(idea=merged).exclude(participant_id__in=rated_keep)
    moved = moving.update(idea=keep, moved_from=merged)
    return moved, Rating.objects.filter(idea=merged).count()


@dataclass(frozen=True)
class Unmerged:
    """What undoing a merge did: the idea shown again and which votes went back to it."""

    idea: Idea
    dots_moved_back: int
    dots_not_put_back: int
    ratings_moved_back: int


def unmerge_idea(idea: Idea, *, actor: User) -> Unmerged:
    """Undo `merge_ideas` for the merged idea `idea` while the vote is open.

    The idea shows again on the phones and the screen. Each dot that moved from it
    (`moved_from`) goes back to it, and so does each rating that moved from it, unless its
    giver has a rating of it already. The dots a merge gave back to their owners (the limit
    on one idea) are not put back: their owners may have placed them again. They stay on the
    idea in the record, marked `given_back`, and count nowhere. Nobody's dots go up or down.

    Refused, with nothing changed, when the idea is not merged, when the vote has ended, or
    when the idea it went into is hidden or merged itself (undo that first: its votes came
    from here too).

    Locks as `merge_ideas` does, in the same order: the people holding votes on either idea,
    the two ideas, then the workshop's row. A dot batch commits wholly before or after.

    Side effects: saves the idea and the moved dots and ratings; logs
    "workshops.idea.unmerged" with the counts; tells the room.
    """

    def write() -> Unmerged:
        with transaction.atomic():
            outcome, into = _unmerge(idea.pk)
            data = {
                "idea": idea.pk,
                "from": into,
                "dots_moved_back": outcome.dots_moved_back,
                "dots_not_put_back": outcome.dots_not_put_back,
                "ratings_moved_back": outcome.ratings_moved_back,
            }
            # Logged in the same transaction: an undo that rolls back leaves no entry.
            log_action(
                outcome.idea.activity.workshop, "workshops.idea.unmerged", actor=actor, data=data
            )
            return outcome

    return _again_when_moved(write)


NOT_MERGED = _lazy("This idea is not merged with another one.")


def _unmerge(idea_id: int) -> tuple[Unmerged, int]:
    into_id = Idea.objects.filter(pk=idea_id).values_list("merged_into_id", flat=True).first()
    if into_id is None:
        raise Refused(str(NOT_MERGED), code="not_merged")
    pair = sorted((idea_id, into_id))
    people, ideas = _lock_pair(pair)
    idea, into = ideas.get(idea_id), ideas.get(into_id)
    if idea is None or idea.merged_into_id is None:
        raise Refused(str(NOT_MERGED), code="not_merged")  # undone while locking
    if into is None or idea.merged_into_id != into_id:
        raise _Again  # merged elsewhere while locking: read it again
    activity = idea.activity
    if activity.state == Activity.State.DONE or not activity.workshop.is_open:
        raise Refused(_("The vote has ended, so the merge cannot be undone."), code="closed")
    if into.hidden:
        raise Refused(
            _("“%(text)s” is hidden or merged too. Show it again first.") % {"text": into.text},
            code="into_hidden",
        )

    _changed(activity.workshop_id)  # the workshop's row: no dot can be added until commit
    if not _voters(pair) <= people:
        raise _Again  # someone voted between the first read and the locks

    not_put_back = Dot.objects.filter(idea=idea, given_back=False).update(given_back=True)
    moved_back = _move_dots_back(idea, into)
    rated = set(Rating.objects.filter(idea=idea).values_list("participant_id", flat=True))
    ratings = (
        Rating.objects.filter(idea=into, moved_from=idea)
        .exclude(participant_id__in=rated)
        .update(idea=idea, moved_from=None)
    )
    idea.hidden, idea.hidden_reason, idea.merged_into = False, "", None
    idea.save(update_fields=["hidden", "hidden_reason", "merged_into"])
    return Unmerged(idea, moved_back, not_put_back, ratings), into_id


def _move_dots_back(idea: Idea, into: Idea) -> int:
    """Each dot that moved from `idea` to `into` goes back, on a stack of its own there."""
    stacks: dict[int, set[int]] = {}
    for person, stack in Dot.objects.filter(idea=idea).values_list("participant_id", "stack"):
        stacks.setdefault(person, set()).add(stack)
    moving = list(Dot.objects.filter(idea=into, moved_from=idea).order_by("participant_id", "id"))
    for dot in moving:
        taken = stacks.setdefault(dot.participant_id, set())
        dot.stack = min(set(range(1, len(taken) + 2)) - taken)
        taken.add(dot.stack)
        dot.idea, dot.moved_from = idea, None
    Dot.objects.bulk_update(moving, ["idea", "stack", "moved_from"])
    return len(moving)
