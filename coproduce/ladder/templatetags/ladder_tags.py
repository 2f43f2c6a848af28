from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.simple_tag
def gap_words(gap: int | None, distance: int, flagged: bool) -> SafeString | str:
    """How far apart lived and learnt experience placed a rung (`gap` is lived minus learnt).

    A gap big enough to look at (`flagged`) is marked ⚠ and in bold; no gap yet is a dash.
    """
    if gap is None:
        return format_html('<span class="muted">{}</span>', "\N{EN DASH}")
    if gap == 0:
        return gettext("The same")
    if gap > 0:
        words = ngettext(
            "Lived experience %(n)s rung higher", "Lived experience %(n)s rungs higher", distance
        )
    else:
        words = ngettext(
            "Learnt experience %(n)s rung higher", "Learnt experience %(n)s rungs higher", distance
        )
    words = words % {"n": distance}
    if flagged:
        return format_html('<strong class="gap-flag">⚠ {}</strong>', words)
    return words
