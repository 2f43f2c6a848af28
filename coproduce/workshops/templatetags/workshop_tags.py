from __future__ import annotations

from collections.abc import Sized

from django import template
from django.utils.translation import gettext as _

from coproduce.workshops import projector
from coproduce.workshops.models import StoryStep

register = template.Library()


@register.filter
def mmss(seconds: int | None) -> str:
    """Seconds as 4:05, the way the timer shows it."""
    if seconds is None:
        return ""
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


@register.filter
def ordinal_rank(rank: int) -> str:
    return {1: _("1st"), 2: _("2nd"), 3: _("3rd")}.get(rank, _("%(n)sth") % {"n": rank})


@register.filter
def places(bars: Sized) -> str:
    """The places of the bars in a chart, "1st|2nd|3rd", for the room screen's script."""
    return "|".join(ordinal_rank(rank) for rank in range(1, len(bars) + 1))


@register.filter
def table(number: int) -> projector.Table:
    """Where group `number` meets: its table number and colour (the screen shows the same)."""
    return projector.table_for(int(number))


FACES = {1: "😢", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


@register.filter
def feeling_face(feeling: int) -> str:
    """The face beside a feeling on a storyboard step, from 1 (very bad) to 5 (very good)."""
    return FACES.get(feeling, "😄")


@register.filter
def step_box(step: StoryStep, name: str) -> str:
    """What one box of a storyboard step holds, by the box's name."""
    return getattr(step, name) if name in StoryStep.TEXT_FIELDS else ""
