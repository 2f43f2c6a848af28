"""What a participant asked for, as one domain call. The socket and the no-JavaScript form
both come here with the same validated message (forms.RoomMessageForm), so both ways take
exactly the same path."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from coproduce.workshops import domain
from coproduce.workshops.domain import Refused, methods
from coproduce.workshops.models import Activity, Group, GroupMember, Idea, Participant, StoryStep


def _idea(activity: Activity, pk: int | None) -> Idea:
    idea = Idea.objects.filter(pk=pk or 0, activity=activity).first()
    if idea is None:
        raise Refused(_("That idea is not part of this activity."), code="wrong_idea")
    return idea


def _my_group(activity: Activity, participant: Participant, phase: str) -> Group:
    member = (
        GroupMember.objects.filter(activity=activity, phase=phase, participant=participant)
        .select_related("group__activity")
        .first()
    )
    if member is None:
        raise Refused(_("You are not in a group yet. Ask the facilitator."), code="no_group")
    return member.group


def _step(activity: Activity, pk: int | None) -> StoryStep:
    step = StoryStep.objects.filter(pk=pk or 0, group__activity=activity).first()
    if step is None:
        raise Refused(_("That step is not on this storyboard."), code="wrong_step")
    return step


def perform(activity: Activity, participant: Participant, data: dict[str, Any]) -> None:
    """Do what one validated room message asks, for `participant` in `activity`."""
    kind = data["t"]
    if kind == "dot":
        domain.place_dot(activity, _idea(activity, data.get("idea")), participant)
    elif kind == "undot":
        domain.remove_dot(activity, _idea(activity, data.get("idea")), participant)
    elif kind == "rate":
        domain.rate_idea(
            activity, _idea(activity, data.get("idea")), participant, value=data["value"]
        )
    elif kind in ("pass", "unpass"):
        domain.pass_activity(activity, participant, passing=kind == "pass")
    elif kind == "idea":
        domain.add_idea(activity, text=data["text"], participant=participant)
    elif kind == "warm":
        methods.answer_warm_up(activity, participant, text=data["text"])
    elif kind == "note":
        methods.write_note(
            activity, participant, text=data.get("text") or "", revision=data.get("rev")
        )
    elif kind in ("share", "unshare"):
        methods.share_note(activity, participant, shared=kind == "share")
    elif kind == "best":
        group = _my_group(activity, participant, Group.Phase.FOURS)
        methods.offer_best_idea(group, text=data["text"], participant=participant)
    elif kind == "step_add":
        methods.add_step(
            _my_group(activity, participant, Group.Phase.BOARD), participant=participant
        )
    elif kind == "board_title":
        group = _my_group(activity, participant, Group.Phase.BOARD)
        methods.name_board(group, title=data.get("text") or "", participant=participant)
    elif kind == "step_edit":
        methods.edit_step(
            _step(activity, data.get("step")),
            field=data["field"],
            text=data.get("text") or "",
            base=data.get("base") or "",
            participant=participant,
        )
    elif kind == "step_feel":
        methods.set_feeling(
            _step(activity, data.get("step")), feeling=data.get("feeling"), participant=participant
        )
    elif kind == "step_move":
        methods.move_step(
            _step(activity, data.get("step")), up=bool(data.get("up")), participant=participant
        )
    elif kind == "step_remove":
        methods.remove_step(_step(activity, data.get("step")), participant=participant)
    else:
        raise Refused(_("We could not read that message."), code="bad_message")
