"""The planning checklist: the first seed's "things to consider", read against the real plan.

Each item says what the plan has now and, when something is missing, what to do about it.
It reads the agenda, who has signed up from an invitation, who has joined (or been added on
paper) and how many access needs are arranged. Access needs are counted, never listed: the
page that shows them is its own, private and logged.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coproduce.initiatives.models import Capacity
from coproduce.workshops.models import Activity, Workshop
from coproduce.workshops.queries import access_needs_for, balance_for, present_participants
from coproduce.workshops.signups import (
    SignUpCounts,
    coming_for,
    sign_up_balance,
    sign_up_counts,
)


@dataclass(frozen=True)
class Timing:
    """The agenda's minutes against the time booked for the workshop."""

    planned: int
    length: int
    starts_at: datetime.datetime

    @property
    def agenda_ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.planned)

    @property
    def booked_until(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.length)

    @property
    def over(self) -> int:
        """Minutes the agenda runs past the end, or 0."""
        return max(0, self.planned - self.length)

    @property
    def spare(self) -> int:
        return max(0, self.length - self.planned)

    @property
    def well_under(self) -> bool:
        """More spare time than a few minutes' slack: 10 minutes, or a tenth of the length."""
        return self.spare > max(10, self.length // 10)

    @property
    def fits(self) -> bool:
        return not self.over and not self.well_under


def timing_for(workshop: Workshop, agenda: list[Activity]) -> Timing:
    return Timing(
        planned=sum(activity.planned_minutes for activity in agenda),
        length=workshop.length_minutes,
        starts_at=workshop.starts_at,
    )


@dataclass(frozen=True)
class CheckItem:
    key: str
    title: str
    done: bool
    said: str  # what the plan has now
    missing: str = ""  # what to do, when it is not done


MISSING_KINDS = (
    (Capacity.LIVED_CARE, "care"),
    (Capacity.LIVED_CARER, "carer"),
    (Capacity.LEARNT, "learnt"),
)
# Kinds that give people a different way to have their say.
WAYS: dict[str, Promise] = {
    Activity.Kind.WARM_UP: gettext_lazy("a word or an emoji"),
    Activity.Kind.ONE_TWO_FOUR: gettext_lazy("talking in pairs and small groups"),
    Activity.Kind.STORYBOARD: gettext_lazy("writing or drawing a story together"),
    Activity.Kind.DOTMOCRACY: gettext_lazy("voting"),
}


def checklist_for(workshop: Workshop, agenda: list[Activity]) -> list[CheckItem]:
    """Every item of the checklist for this workshop, in the seed's order, with the plan's
    purpose first and its timing last."""
    signed = sign_up_counts(workshop)
    return [
        _purpose(workshop),
        _balance(workshop, signed),
        _range(workshop, signed),
        _access(workshop, signed),
        _accessible(agenda),
        _creative(agenda),
        _warm_up(agenda),
        _ways(workshop, agenda),
        _time(timing_for(workshop, agenda)),
    ]


def _purpose(workshop: Workshop) -> CheckItem:
    title = _("A purpose and a stage")
    if workshop.purpose and workshop.stage:
        return CheckItem(
            "purpose", title, True, _("Stage: %(stage)s.") % {"stage": workshop.get_stage_display()}
        )
    return CheckItem(
        "purpose",
        title,
        False,
        _("Not written down yet."),
        _(
            "Say what the workshop is for and which stage of the work it helps, under "
            "“Change details”."
        ),
    )


def _balance(workshop: Workshop, signed: SignUpCounts) -> CheckItem:
    """Before the day, the people signed up to come (when anyone has); on the day and after,
    the people in the room."""
    title = _("Balance of lived and learnt experience")
    before_the_day = workshop.state == Workshop.State.PLANNED and signed.coming
    balance = sign_up_balance(signed, workshop) if before_the_day else balance_for(workshop)
    if not balance.total:
        return CheckItem(
            "balance",
            title,
            False,
            _("Nobody has joined or been added yet."),
            _(
                "Invite people with lived experience first, with “Invite people”. On the day, "
                "people join with the code, or you add people who take part on paper."
            ),
        )
    said = _("Signed up to come: ") if before_the_day else ""
    said += _(
        "%(lived)s with lived experience and %(learnt)s with learnt experience: "
        "%(percent)s%% lived experience (your target is %(target)s%%)."
    ) % {
        "lived": balance.lived,
        "learnt": balance.learnt,
        "percent": balance.lived_percent,
        "target": balance.target_percent,
    }
    if balance.under_target:
        return CheckItem(
            "balance",
            title,
            False,
            said,
            _("Fewer people with lived experience than your target. Invite more of them."),
        )
    return CheckItem("balance", title, True, said)


def _range(workshop: Workshop, signed: SignUpCounts) -> CheckItem:
    """Read like the balance: before the day the people signed up to come, then the room."""
    title = _("A diverse range of people")
    before_the_day = workshop.state == Workshop.State.PLANNED and signed.coming
    people = coming_for(workshop) if before_the_day else present_participants(workshop)
    counts = people.aggregate(
        **{key: Count("id", filter=Q(capacity=capacity)) for capacity, key in MISSING_KINDS}
    )
    names = {
        "care": _("people who draw on care and support"),
        "carer": _("carers"),
        "learnt": _("people who are there because of their job"),
    }
    missing = [str(names[key]) for _capacity, key in MISSING_KINDS if not counts[key]]
    if not missing:
        return CheckItem(
            "range",
            title,
            True,
            _("People who draw on care and support, carers and staff are all taking part."),
        )
    return CheckItem(
        "range",
        title,
        False,
        _("Missing so far: %(who)s.") % {"who": ", ".join(missing)},
        _(
            "Think about who else is affected and is not here: age, disability, ethnicity, "
            "language and where people live."
        ),
    )


def _access(workshop: Workshop, signed: SignUpCounts) -> CheckItem:
    title = _("Access needs asked and met")
    counts = access_needs_for(workshop).aggregate(
        shared=Count("id"), arranged=Count("id", filter=Q(arranged=True))
    )
    paper = present_participants(workshop).filter(token_hash="").count()
    shared, arranged = counts["shared"], counts["arranged"]
    said = ngettext(
        "%(n)s person told us what they need",
        "%(n)s people told us what they need",
        shared,
    ) % {"n": shared}
    said += ngettext("; %(a)s is arranged.", "; %(a)s are arranged.", arranged) % {"a": arranged}
    todo = []
    if not signed.coming and not present_participants(workshop).exists():
        todo.append(
            _(
                "Nobody has signed up or joined yet: we ask people what they need when they "
                "sign up or join."
            )
        )
    if shared > arranged:
        todo.append(
            ngettext(
                "%(n)s still to arrange: see the access needs page.",
                "%(n)s still to arrange: see the access needs page.",
                shared - arranged,
            )
            % {"n": shared - arranged}
        )
    if paper:
        todo.append(
            ngettext(
                "Ask the %(n)s person added on paper what they need, in person.",
                "Ask the %(n)s people added on paper what they need, in person.",
                paper,
            )
            % {"n": paper}
        )
    return CheckItem("access", title, not todo, said, " ".join(todo))


def _accessible(agenda: list[Activity]) -> CheckItem:
    title = _("Accessible and inclusive activities")
    if not agenda:
        return CheckItem(
            "accessible", title, False, _("The agenda is empty."), _("Add activities first.")
        )
    without = [activity.title for activity in agenda if not activity.easy_read_instruction]
    if not without:
        return CheckItem("accessible", title, True, _("Every activity has its words in easy read."))
    return CheckItem(
        "accessible",
        title,
        False,
        _("No easy read words yet: %(titles)s.") % {"titles": ", ".join(without)},
        _("Add easy read words to each one: short sentences, one idea in each."),
    )


def _creative(agenda: list[Activity]) -> CheckItem:
    title = _("Creative approaches")
    boards = [a.title for a in agenda if a.kind == Activity.Kind.STORYBOARD]
    if boards:
        return CheckItem(
            "creative",
            title,
            True,
            _("Storyboarding: %(titles)s.") % {"titles": ", ".join(boards)},
        )
    return CheckItem(
        "creative",
        title,
        False,
        _("No storyboard in the agenda."),
        _(
            "Storyboarding lets people draw or tell a journey instead of answering questions. "
            "Think about adding one."
        ),
    )


def _warm_up(agenda: list[Activity]) -> CheckItem:
    title = _("Warm-ups to build relationships")
    for position, activity in enumerate(agenda, start=1):
        if activity.kind == Activity.Kind.WARM_UP:
            return CheckItem(
                "warm_up",
                title,
                True,
                _("“%(title)s” is number %(n)s on the agenda.")
                % {"title": activity.title, "n": position},
            )
    return CheckItem(
        "warm_up",
        title,
        False,
        _("No warm-up in the agenda."),
        _("Add a warm-up near the start, after the welcome."),
    )


def _ways(workshop: Workshop, agenda: list[Activity]) -> CheckItem:
    title = _("More than one way to take part")
    ways = sorted({str(WAYS[a.kind]) for a in agenda if a.kind in WAYS})
    where = [_("on a phone"), _("on paper, with a facilitator entering it for them")]
    todo = []
    if workshop.place != Workshop.Place.IN_PERSON:
        if workshop.online_link:
            where.append(_("online"))
        else:
            todo.append(_("Add the link to the online meeting, under “Change details”."))
    said = _("Ways to have a say: %(ways)s. People can take part %(where)s.") % {
        "ways": ", ".join(ways) or _("none yet"),
        "where": ", ".join(str(w) for w in where),
    }
    if len(ways) < 2:
        todo.insert(
            0,
            _(
                "Use at least two methods, so people who do not like to talk can write, "
                "draw or vote."
            ),
        )
    return CheckItem("ways", title, not todo, said, " ".join(str(t) for t in todo))


def _time(timing: Timing) -> CheckItem:
    title = _("Time for the agenda")
    said = _("%(planned)s minutes planned for a %(length)s-minute workshop.") % {
        "planned": timing.planned,
        "length": timing.length,
    }
    if timing.over:
        return CheckItem(
            "time",
            title,
            False,
            said,
            _("The agenda runs %(n)s minutes over. Shorten something or make the day longer.")
            % {"n": timing.over},
        )
    if timing.well_under:
        return CheckItem(
            "time",
            title,
            False,
            said,
            _(
                "%(n)s minutes have nothing planned. Add a break or more time to talk, or "
                "make the workshop shorter."
            )
            % {"n": timing.spare},
        )
    return CheckItem("time", title, True, said)
