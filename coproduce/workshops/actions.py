"""What someone in the room asked for, as one domain call: the one table of room actions.

The socket, the no-JavaScript buttons (both with the same validated message,
forms.RoomMessageForm) and a facilitator entering something for someone (the proxy page,
`ProxyForm.room_message`, with `entered_by`) all come here, so every way takes exactly the
same path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from coproduce.accounts.models import User
from coproduce.workshops import domain
from coproduce.workshops.domain import Refused, methods
from coproduce.workshops.domain.common import gone_idea_refusal
from coproduce.workshops.models import Activity, Group, GroupMember, Idea, Participant, StoryStep


def _idea(activity: Activity, pk: int | None) -> Idea:
    idea = Idea.objects.filter(pk=pk or 0, activity=activity, hidden=False).first()
    if idea is None:
        raise gone_idea_refusal(pk or 0)
    return idea


def _my_group(
    activity: Activity, participant: Participant, phase: str, entered_by: User | None
) -> Group:
    member = (
        GroupMember.objects.filter(activity=activity, phase=phase, participant=participant)
        .select_related("group__activity")
        .first()
    )
    if member is None:
        if entered_by is not None and phase == Group.Phase.FOURS:
            raise Refused(_("They are not in a four yet."), code="no_group")
        raise Refused(_("You are not in a group yet. Ask the facilitator."), code="no_group")
    return member.group


def _board(
    activity: Activity, participant: Participant, data: dict[str, Any], by: User | None
) -> Group:
    """The storyboard named in the message (a facilitator's paper storyboard), or one's own."""
    if not data.get("board"):
        return _my_group(activity, participant, Group.Phase.BOARD, by)
    board = Group.objects.filter(
        pk=data["board"], activity=activity, phase=Group.Phase.BOARD
    ).first()
    if board is None:
        raise Refused(_("That is not a storyboard."), code="wrong_kind")
    return board


def _step(activity: Activity, pk: int | None) -> StoryStep:
    step = StoryStep.objects.filter(pk=pk or 0, group__activity=activity).first()
    if step is None:
        raise Refused(_("That step is not on this storyboard."), code="wrong_step")
    return step


# Each action: (activity, participant, the validated message, who entered it for them).
Action = Callable[[Activity, Participant, dict[str, Any], Any], object]

ACTIONS: dict[str, Action] = {
    "dot": lambda a, p, d, by: domain.place_dot(a, _idea(a, d.get("idea")), p, entered_by=by),
    "undot": lambda a, p, d, by: domain.remove_dot(a, _idea(a, d.get("idea")), p, entered_by=by),
    "rate": lambda a, p, d, by: domain.rate_idea(
        a, _idea(a, d.get("idea")), p, value=d["value"], entered_by=by
    ),
    "pass": lambda a, p, d, by: domain.pass_activity(a, p, passing=True, entered_by=by),
    "unpass": lambda a, p, d, by: domain.pass_activity(a, p, passing=False, entered_by=by),
    "idea": lambda a, p, d, by: domain.add_idea(a, text=d["text"], participant=p, entered_by=by),
    "withdraw": lambda a, p, d, by: domain.withdraw_idea(_idea(a, d.get("idea")), p, entered_by=by),
    "warm": lambda a, p, d, by: methods.answer_warm_up(a, p, text=d["text"], entered_by=by),
    "unwarm": lambda a, p, d, by: methods.withdraw_warm_up_answer(a, p, entered_by=by),
    "note": lambda a, p, d, by: methods.write_note(
        a, p, text=d.get("text") or "", revision=d.get("rev"), entered_by=by
    ),
    "share": lambda a, p, d, by: methods.share_note(a, p, shared=True),
    "unshare": lambda a, p, d, by: methods.share_note(a, p, shared=False),
    "best": lambda a, p, d, by: methods.offer_best_idea(
        _my_group(a, p, Group.Phase.FOURS, by), text=d["text"], participant=p, entered_by=by
    ),
    "step_add": lambda a, p, d, by: methods.add_step(
        _board(a, p, d, by), participant=p, entered_by=by, **d.get("fields", {})
    ),
    "board_title": lambda a, p, d, by: methods.name_board(
        _my_group(a, p, Group.Phase.BOARD, by),
        title=d.get("text") or "",
        participant=p,
        entered_by=by,
    ),
    "step_save": lambda a, p, d, by: methods.save_step(
        _step(a, d.get("step")),
        texts={
            name: (d.get(name) or "", d.get(f"{name}_base") or "") for name in StoryStep.TEXT_FIELDS
        },
        feeling=(d.get("feeling"), d.get("feeling_base")),
        participant=p,
        entered_by=by,
    ),
    "step_edit": lambda a, p, d, by: methods.edit_step(
        _step(a, d.get("step")),
        field=d["field"],
        text=d.get("text") or "",
        base=d.get("base") or "",
        participant=p,
        entered_by=by,
    ),
    "step_feel": lambda a, p, d, by: methods.set_feeling(
        _step(a, d.get("step")), feeling=d.get("feeling"), participant=p, entered_by=by
    ),
    "step_move": lambda a, p, d, by: methods.move_step(
        _step(a, d.get("step")), up=bool(d.get("up")), participant=p, entered_by=by
    ),
    "step_remove": lambda a, p, d, by: methods.remove_step(
        _step(a, d.get("step")), participant=p, entered_by=by
    ),
}


def perform(
    activity: Activity,
    participant: Participant,
    data: dict[str, Any],
    *,
    entered_by: User | None = None,
) -> None:
    """Do what one validated room message asks, for `participant` in `activity`.

    `entered_by` is the facilitator entering it for them (the proxy page): the domain marks
    and logs it as such. Side effects: those of the one domain function the table names.
    """
    action = ACTIONS.get(data["t"])
    if action is None:
        raise Refused(_("We could not read that message."), code="bad_message")
    action(activity, participant, data, entered_by)
