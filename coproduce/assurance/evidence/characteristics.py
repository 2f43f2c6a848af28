"""The key characteristics, read from the records; shares of people suppressed."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coproduce.assurance.evidence.records import (
    Found,
    Records,
    Shows,
    meeting_links,
    outcomes_link,
    workshop_links,
)
from coproduce.panels.models import AdjustmentCheck
from coproduce.panels.suppression import Breakdown, State, suppress

# The key characteristics.


def _share(counts: Mapping[str, int], where: str, none: str) -> Found:
    total = sum(counts.values())
    if not total:
        return Shows.CANNOT_TELL, none, ()
    shown: Breakdown = suppress({"lived": counts.get("lived", 0), "learnt": counts["learnt"]})
    if shown.withheld:
        return (
            Shows.BACKED,
            _("Fewer than 10 people are counted %(where)s, so the share is not shown.")
            % {"where": where},
            (),
        )
    lived = shown.cell("lived")
    if lived.state == State.SHOWN:
        text = _("%(pc)s%% of the %(n)s people %(where)s had lived experience.") % {
            "pc": lived.percent,
            "n": shown.total,
            "where": where,
        }
    elif lived.state == State.SMALL:
        text = _("Fewer than 5 of the %(n)s people %(where)s had lived experience.") % {
            "n": shown.total,
            "where": where,
        }
    else:
        text = _("%(n)s people are counted %(where)s; the share is hidden to keep it safe.") % {
            "n": shown.total,
            "where": where,
        }
    return Shows.BACKED, text, ()


def _workshop_share(r: Records) -> Found:
    if not r.workshops:
        return (
            Shows.CANNOT_TELL,
            _("No workshop of this work is recorded, so the platform cannot tell."),
            (),
        )
    shows, text, _links = _share(
        r.at_workshops,
        _("at workshops"),
        _("No one is recorded at a workshop of this work, so the platform cannot tell."),
    )
    return shows, text, workshop_links(r)


def _meeting_share(r: Records) -> Found:
    shows, text, _links = _share(
        r.at_meetings,
        _("at panel meetings (each meeting counted)"),
        _(
            "No one is recorded at a meeting of a panel linked to this work, so the platform "
            "cannot tell."
        ),
    )
    return shows, text, meeting_links(r)


def _access(r: Records) -> Found:
    total = sum(r.checks.values())
    links = meeting_links(r)
    if not total:
        return (
            Shows.CANNOT_TELL,
            _(
                "No check of agreed adjustments is recorded at these meetings, so the platform "
                "cannot tell."
            ),
            links,
        )
    met = r.checks.get(AdjustmentCheck.Result.MET, 0)
    partly = r.checks.get(AdjustmentCheck.Result.PARTLY, 0)
    not_met = r.checks.get(AdjustmentCheck.Result.NOT_MET, 0)
    return (
        Shows.BACKED if met == total else Shows.NOT_SHOWN,
        _(
            "Of %(n)s checks of agreed adjustments at meetings: %(met)s met, %(partly)s partly "
            "met, %(not)s not met."
        )
        % {"n": total, "met": met, "partly": partly, "not": not_met},
        links,
    )


def _paid(r: Records) -> Found:
    people = len(r.lived_people)
    if not people:
        return (
            Shows.CANNOT_TELL,
            _(
                "No one with lived experience is recorded on this work or at its panels’ "
                "meetings, so the platform cannot tell."
            ),
            (),
        )
    paid = len(r.paid_people)
    shown = suppress({"paid": paid, "not_paid": people - paid})
    if not paid:
        return (
            Shows.NOT_SHOWN,
            _("No paid claim is recorded for the people with lived experience on this work."),
            (),
        )
    if shown.withheld:
        text = _(
            "Fewer than 10 people with lived experience are counted, so the share paid is "
            "not shown. At least one paid claim is recorded."
        )
    elif shown.cell("paid").state == State.SHOWN:
        text = _("%(pc)s%% of the %(n)s people with lived experience have a paid claim.") % {
            "pc": shown.cell("paid").percent,
            "n": shown.total,
        }
    else:
        text = _("Fewer than 5 of the %(n)s people with lived experience have a paid claim.") % {
            "n": shown.total
        }
    return Shows.BACKED, text, ()


def _loop(r: Records) -> Found:
    total = len(r.contributions)
    links = (outcomes_link(r),)
    if not total:
        return (
            Shows.CANNOT_TELL,
            _("No contribution is recorded on this work, so the platform cannot tell."),
            links,
        )
    answered = sum(1 for c in r.contributions if c[3] is not None)
    fed_back = sum(1 for c in r.contributions if c[4])
    return (
        Shows.BACKED if answered == total and fed_back == total else Shows.NOT_SHOWN,
        ngettext(
            "Of %(n)s thing people said, %(answered)s has a response and %(fed)s has had "
            "feedback sent.",
            "Of %(n)s things people said, %(answered)s have a response and %(fed)s have had "
            "feedback sent.",
            total,
        )
        % {"n": total, "answered": answered, "fed": fed_back},
        links,
    )


def _time(r: Records) -> Found:
    days = [(c[3] - c[2]).days for c in r.contributions if c[3] is not None]
    waiting = len(r.contributions) - len(days)
    links = (outcomes_link(r),)
    if not days:
        return (
            Shows.CANNOT_TELL,
            _("No response is recorded yet, so the platform cannot tell how long they take."),
            links,
        )
    median = statistics.median(days)
    text = ngettext(
        "The middle time from something said to its first response is %(d)s days (%(n)s response).",
        "The middle time from something said to its first response is %(d)s days (%(n)s "
        "responses).",
        len(days),
    ) % {"d": f"{median:g}", "n": len(days)}
    if waiting:
        text += " " + ngettext("%(n)s is still waiting.", "%(n)s are still waiting.", waiting) % {
            "n": waiting
        }
    return Shows.BACKED, text, links


# key -> (name, build, the question whose answer claims it, at least which option, what that
# answer says, staff only)
CHARACTERISTICS: dict[
    str, tuple[Promise, Callable[[Records], Found], str, str, Promise | str, bool]
] = {
    "share_workshops": (
        gettext_lazy("Lived experience at workshops"),
        _workshop_share,
        "",
        "",
        "",
        False,
    ),
    "share_meetings": (
        gettext_lazy("Lived experience at meetings"),
        _meeting_share,
        "",
        "",
        "",
        False,
    ),
    "access": (
        gettext_lazy("Access needs met"),
        _access,
        "ia_needs",
        "given",
        gettext_lazy("people were given what they needed to take part"),
        True,
    ),
    "paid": (
        gettext_lazy("Paid for their time"),
        _paid,
        "vc_pay",
        "paid",
        gettext_lazy("people were paid for their time"),
        False,
    ),
    "loop": (
        gettext_lazy("A response and feedback"),
        _loop,
        "vc_feedback",
        "each_point",
        gettext_lazy("people were told what happened to each thing they said"),
        False,
    ),
    "time": (gettext_lazy("Time to a response"), _time, "", "", "", False),
}
