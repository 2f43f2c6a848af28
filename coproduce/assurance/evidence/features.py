"""The features the Ladder (bank v2) uses to tell rungs apart, each read from the records."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coproduce.assurance.evidence.records import (
    START_DAYS,
    Found,
    Records,
    Shows,
    date_text,
    meeting_links,
    outcomes_link,
    panel_links,
    people_link,
    workshop_links,
)
from coproduce.decisions.models import How
from coproduce.initiatives.models import Initiative
from coproduce.outcomes.models import Source

# The features that tell rungs apart, by the need they check ("question:option").


def came_to(r: Records) -> int:
    """Workshops and meetings with someone with lived experience recorded there."""
    return len(r.workshops_with_lived) + len(r.meetings_with_lived)


def came_text(came: int) -> str:
    return ngettext(
        "People with lived experience are recorded at %(n)s workshop or meeting.",
        "People with lived experience are recorded at %(n)s workshops and meetings.",
        came,
    ) % {"n": came}


def _told(r: Records) -> Found:
    links = (people_link(r),)
    came = came_to(r)
    if not r.lived_joined and not came:
        return (
            Shows.CANNOT_TELL,
            _(
                "No one with lived experience is recorded as part of this work, so the "
                "platform cannot tell whether people were told before it happened."
            ),
            links,
        )
    parts = []
    if r.lived_joined:
        parts.append(
            ngettext(
                "%(n)s person with lived experience is recorded as part of this work, "
                "from %(date)s.",
                "%(n)s people with lived experience are recorded as part of this work, the "
                "first from %(date)s.",
                len(r.lived_joined),
            )
            % {"n": len(r.lived_joined), "date": date_text(min(r.lived_joined))}
        )
    if came:
        parts.append(came_text(came))
    return Shows.BACKED, " ".join(parts), links


def _views(r: Records) -> Found:
    said, came = len(r.contributions), came_to(r)
    links = (outcomes_link(r), *workshop_links(r))
    if not said and not came:
        return (
            Shows.CANNOT_TELL,
            _(
                "No contribution is recorded, and no one with lived experience is recorded at "
                "a workshop or meeting of this work, so the platform cannot tell whether people "
                "gave their views."
            ),
            links,
        )
    parts = []
    if said:
        parts.append(
            ngettext(
                "%(n)s thing people said is recorded.",
                "%(n)s things people said are recorded.",
                said,
            )
            % {"n": said}
        )
    if came:
        parts.append(came_text(came))
    return Shows.BACKED, " ".join(parts), links


OWN_IDEA_SOURCES = (Source.WORKSHOP_IDEA, Source.DOTMOCRACY_RESULT, Source.PANEL_RECOMMENDATION)


def _own_ideas(r: Records) -> Found:
    from_people = sum(1 for c in r.contributions if c[1] in OWN_IDEA_SOURCES)
    links = (outcomes_link(r), *workshop_links(r))
    if r.ideas or from_people:
        return (
            Shows.BACKED,
            _("%(ideas)s in workshops, and %(recs)s recorded as people’s own ideas.")
            % {
                "ideas": ngettext("%(n)s idea was written", "%(n)s ideas were written", r.ideas)
                % {"n": r.ideas},
                "recs": ngettext("%(n)s contribution", "%(n)s contributions", from_people)
                % {"n": from_people},
            },
            links,
        )
    if r.workshops or r.contributions:
        return (
            Shows.NOT_SHOWN,
            _(
                "No idea from a workshop and no panel recommendation is recorded on this work "
                "(%(w)s, %(c)s recorded)."
            )
            % {
                "w": ngettext("%(n)s workshop", "%(n)s workshops", len(r.workshops))
                % {"n": len(r.workshops)},
                "c": ngettext("%(n)s contribution", "%(n)s contributions", len(r.contributions))
                % {"n": len(r.contributions)},
            },
            links,
        )
    return (
        Shows.CANNOT_TELL,
        _(
            "No workshop and no contribution is recorded on this work, so the platform cannot "
            "tell whether people were asked for their own ideas."
        ),
        links,
    )


def _designed(r: Records) -> Found:
    together = sum(n for how, n in r.decisions.items() if how != How.STAFF_ALONE)
    total = sum(r.decisions.values())
    with_lived = came_to(r)
    links = workshop_links(r)
    if not total:
        return (
            Shows.CANNOT_TELL,
            _(
                "No decision on this work is recorded, so the platform cannot tell whether "
                "people took part in decisions."
            ),
            links,
        )
    if not together:
        return (
            Shows.NOT_SHOWN,
            ngettext(
                "The %(n)s decision recorded on this work was taken by staff alone.",
                "All %(n)s decisions recorded on this work were taken by staff alone.",
                total,
            )
            % {"n": total},
            links,
        )
    if not with_lived:
        return (
            Shows.NOT_SHOWN,
            _(
                "Decisions were taken with people, but no one with lived experience is "
                "recorded at a workshop or meeting of this work."
            ),
            links,
        )
    return (
        Shows.BACKED,
        _("%(d)s taken with people, and %(w)s with people with lived experience there.")
        % {
            "d": ngettext("%(n)s decision of %(t)s was", "%(n)s decisions of %(t)s were", together)
            % {"n": together, "t": total},
            "w": ngettext("%(n)s workshop or meeting", "%(n)s workshops and meetings", with_lived)
            % {"n": with_lived},
        },
        links,
    )


def _start(r: Records) -> Found:
    links = (people_link(r),)
    if not r.lived_joined:
        return (
            Shows.CANNOT_TELL,
            _(
                "No one with lived experience is recorded as part of this work, so the "
                "platform cannot tell when people first got involved."
            ),
            links,
        )
    set_up, first = r.set_up_on, min(r.lived_joined)
    early = sum(1 for d in r.lived_joined if (d - set_up).days <= START_DAYS)
    if early:
        return (
            Shows.BACKED,
            ngettext(
                "The work was set up on %(date)s. %(n)s person with lived experience joined "
                "before that or within %(days)s days of it.",
                "The work was set up on %(date)s. %(n)s people with lived experience joined "
                "before that or within %(days)s days of it.",
                early,
            )
            % {"date": date_text(set_up), "n": early, "days": START_DAYS},
            links,
        )
    return (
        Shows.NOT_SHOWN,
        _(
            "The work was set up on %(date)s. The first person with lived experience is "
            "recorded from %(first)s, %(days)s days later."
        )
        % {"date": date_text(set_up), "first": date_text(first), "days": (first - set_up).days},
        links,
    )


def _stages(r: Records) -> Found:
    stage = r.initiative.get_stage_display()
    links = (people_link(r), *workshop_links(r), *meeting_links(r))
    if r.initiative.stage == Initiative.Stage.IDEA:
        return (
            Shows.CANNOT_TELL,
            _(
                "The work is still at the idea stage, so the records cannot show people in "
                "every stage yet."
            ),
            links,
        )
    if not r.lived_joined:
        return (
            Shows.CANNOT_TELL,
            _(
                "The work is at the %(stage)s stage, and no one with lived experience is "
                "recorded as part of it, so the platform cannot tell."
            )
            % {"stage": stage.lower()},
            links,
        )
    came = came_to(r)
    if not came:
        return (
            Shows.NOT_SHOWN,
            _(
                "The work is at the %(stage)s stage, but no one with lived experience is "
                "recorded at a workshop or meeting of it."
            )
            % {"stage": stage.lower()},
            links,
        )
    return (
        Shows.BACKED,
        _(
            "The work is at the %(stage)s stage. People with lived experience are part of it, "
            "and came to %(came)s. The platform does not record when each stage began."
        )
        % {
            "stage": stage.lower(),
            "came": ngettext("%(n)s workshop or meeting", "%(n)s workshops and meetings", came)
            % {"n": came},
        },
        links,
    )


def _equal_say(r: Records) -> Found:
    total = sum(r.decisions.values())
    shared = sum(n for how, n in r.decisions.items() if how in How.shared())
    if not total:
        return (
            Shows.CANNOT_TELL,
            _(
                "No decision on this initiative is recorded, so the platform cannot tell how "
                "decisions were taken."
            ),
            (),
        )
    if not shared:
        return (
            Shows.NOT_SHOWN,
            ngettext(
                "No decision on this initiative was recorded as taken jointly or by a vote "
                "(%(n)s decision recorded).",
                "No decision on this initiative was recorded as taken jointly or by a vote "
                "(%(n)s decisions recorded).",
                total,
            )
            % {"n": total},
            (),
        )
    return (
        Shows.BACKED,
        ngettext(
            "%(shared)s of %(n)s decision was taken jointly, by the panel or by a vote.",
            "%(shared)s of %(n)s decisions were taken jointly, by the panel or by a vote.",
            total,
        )
        % {"shared": shared, "n": total},
        (),
    )


def _forum(r: Records) -> Found:
    links = (*panel_links(r), *meeting_links(r))
    if not r.panels:
        return (
            Shows.CANNOT_TELL,
            _(
                "No panel is linked to this work, so the platform cannot tell whether a group "
                "goes on after it ends."
            ),
            links,
        )
    if not r.held:
        return (
            Shows.NOT_SHOWN,
            ngettext(
                "%(n)s panel is linked to this work, but no meeting of it has been held yet.",
                "%(n)s panels are linked to this work, but no meeting of them has been held yet.",
                len(r.panels),
            )
            % {"n": len(r.panels)},
            links,
        )
    text = ngettext(
        "A panel linked to this work has held %(n)s meeting.",
        "Panels linked to this work have held %(n)s meetings.",
        len(r.held),
    ) % {"n": len(r.held)}
    if r.upcoming:
        text += " " + _("The next is on %(date)s.") % {
            "date": date_text(min(m.starts_at for m in r.upcoming if m.starts_at))
        }
    return Shows.BACKED, text, links


FEATURES: dict[str, tuple[Promise, Callable[[Records], Found]]] = {
    "have_say:explained": (gettext_lazy("Told before it happened"), _told),
    "have_say:chose_options": (gettext_lazy("Views asked"), _views),
    "have_say:own_ideas": (gettext_lazy("Own ideas asked for"), _own_ideas),
    "designed:yes": (gettext_lazy("Designed together"), _designed),
    "start:very_start": (gettext_lazy("Involved from the start"), _start),
    "stages:every_part": (gettext_lazy("In every stage"), _stages),
    "equal_say:equal": (gettext_lazy("An equal say in decisions"), _equal_say),
    "forum:yes": (gettext_lazy("A group that goes on"), _forum),
}
