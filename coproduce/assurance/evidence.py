"""What the records show, beside what the Ladder's answers say (read only).

For one initiative, each feature the Ladder (bank v2) uses to tell rungs apart and each key
characteristic is checked against the platform's own records: who is involved and from when,
who came to workshops and meetings, what people said and what happened to it, decisions, and
claims paid. Each line says what the records show, with links to them. Where the answers or the
name given to the work claim more than the records show, the line says so plainly; where there
are no records of a kind, it says the platform cannot tell, never that it did not happen.

The evidence never changes the rung: it stands beside it. Shares of people go through the
panels' small-number suppression. Access needs are only counts of checks (met or not), and the
page shows them to staff only. A fixed number of queries, whatever the number of records.
docs/evidence.md says what each line checks and where it reads from.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coproduce.decisions.models import Decision, How
from coproduce.initiatives.models import Capacity, Initiative, Involvement
from coproduce.initiatives.rungs import Rung
from coproduce.ladder.path_bank import PathBank, load_any_bank
from coproduce.ladder.path_results import RoundPlacement
from coproduce.ladder.queries import (
    LadderResults,
    claimed_rung,
    ladder_results_for,
    own_placement,
)
from coproduce.outcomes.models import Contribution, FeedbackSent, Source
from coproduce.panels.models import AdjustmentCheck, Attendance, Meeting, Panel
from coproduce.panels.suppression import Breakdown, State, suppress
from coproduce.payments.models import Claim, Status
from coproduce.workshops.models import Participant, Workshop

# The bank whose rung definitions name the features, when no round was answered under one.
PATH_BANK_VERSION = 2
# "From the very start": people with lived experience who joined within this many days of the
# work being set up on the platform.
START_DAYS = 14
# Links listed per kind of record; the rest are counted.
MAX_LINKS = 5
LIVED = frozenset(Capacity.lived())
STAGE_ORDER = [s.value for s in Initiative.Stage]


class Shows(StrEnum):
    BACKED = "backed"  # the records show it
    NOT_SHOWN = "not_shown"  # there are records of this kind, and they do not show it
    CANNOT_TELL = "cannot_tell"  # no records of this kind: the platform cannot tell


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    staff_only: bool = True


@dataclass(frozen=True)
class Line:
    """One feature or key characteristic: what the records show, and any claim beside it."""

    key: str
    name: str | Promise
    shows: Shows
    text: str
    links: tuple[Link, ...] = ()
    claim: str = ""  # "The answers say ...", empty when nothing claims it
    staff_only: bool = False
    # The claim comes from the lead's own answers: like their placement, only staff see it.
    claim_private: bool = False

    @property
    def outrun(self) -> bool:
        """The answers or the name claim it, and the records do not show it."""
        return bool(self.claim) and self.shows != Shows.BACKED

    @property
    def warning(self) -> str:
        return f"{self.claim} {self.text}" if self.outrun else ""


@dataclass(frozen=True)
class Evidence:
    initiative: Initiative
    features: tuple[Line, ...]
    characteristics: tuple[Line, ...]
    answers_from: str  # whose answers the claims come from, or empty
    claimed: Rung | None
    answers_private: bool = False  # the lead's own answers, not a group's

    @property
    def warnings(self) -> tuple[Line, ...]:
        return tuple(line for line in (*self.features, *self.characteristics) if line.outrun)

    @property
    def public_warnings(self) -> tuple[Line, ...]:
        """The warnings anyone on the page may read (access needs are for staff only)."""
        return tuple(
            line for line in self.warnings if not line.staff_only and not line.claim_private
        )

    def line(self, key: str) -> Line:
        return next(line for line in (*self.features, *self.characteristics) if line.key == key)


@dataclass
class _Records:
    """Everything the lines read, loaded once."""

    initiative: Initiative
    org: str
    lived_joined: list[datetime.date] = field(default_factory=list)
    lived_people: set[int] = field(default_factory=set)
    workshops: list[Workshop] = field(default_factory=list)
    at_workshops: Counter[str] = field(default_factory=Counter)  # "lived"/"learnt" -> people
    workshops_with_lived: set[int] = field(default_factory=set)
    ideas: int = 0
    panels: list[Panel] = field(default_factory=list)
    held: list[Meeting] = field(default_factory=list)
    upcoming: list[Meeting] = field(default_factory=list)
    at_meetings: Counter[str] = field(default_factory=Counter)
    meetings_with_lived: set[int] = field(default_factory=set)
    checks: Counter[str] = field(default_factory=Counter)
    contributions: list[tuple[int, str, datetime.date, datetime.date | None, bool]] = field(
        default_factory=list
    )
    decisions: Counter[str] = field(default_factory=Counter)
    paid_people: set[int] = field(default_factory=set)

    @property
    def set_up_on(self) -> datetime.date:
        return timezone.localdate(self.initiative.created_at)


def evidence_beside(results: LadderResults) -> Evidence:
    """The evidence beside a Ladder results page, reusing the results it already read."""
    return evidence_for(results.initiative, results=results)


def evidence_for(initiative: Initiative, *, results: LadderResults | None = None) -> Evidence:
    """What the records show for `initiative`, each line beside what its answers claim.

    `results`: the initiative's Ladder results when a page has them already (any viewer).
    """
    records = _load(initiative)
    bank, answers, answers_from, private = _answers(initiative, results)
    claimed = claimed_rung(initiative)
    say = _("The lead’s own answers say %(met)s.") if private else _("The answers say %(met)s.")
    features = []
    for rung in bank.path[1:]:
        for need in rung.own_needs:
            key = f"{need.question}:{need.at_least}"
            if key not in FEATURES:
                continue
            name, build = FEATURES[key]
            shows, text, links = build(records)
            claim, claim_private = "", False
            rank = answers.get(need.question)
            said = rank is not None and rank >= need.rank
            if said and not private:
                claim = say % {"met": need.met}
            elif claimed is not None and claimed.order >= rung.rung:
                claim = _("This work is called %(rung)s, and that means %(met)s.") % {
                    "rung": claimed.name,
                    "met": need.met,
                }
            elif said:
                claim, claim_private = say % {"met": need.met}, True
            features.append(Line(key, name, shows, text, links, claim, claim_private=claim_private))
    characteristics = []
    for key, (name, build, question, at_least, says, staff_only) in CHARACTERISTICS.items():
        shows, text, links = build(records)
        claim = ""
        if question and question in answers:
            needed = bank.question(question).option(at_least).rank
            rank = answers[question]
            if rank is not None and needed is not None and rank >= needed:
                claim = say % {"met": says}
        characteristics.append(
            Line(key, name, shows, text, links, claim, staff_only, claim_private=private)
        )
    return Evidence(
        initiative, tuple(features), tuple(characteristics), answers_from, claimed, private
    )


def _answers(
    initiative: Initiative, results: LadderResults | None
) -> tuple[PathBank, dict[str, int | None], str, bool]:
    """The bank, the ranks of the answers that make the claims, whose answers they are, and
    whether they are the lead's own (private: only staff see claims made from them).

    The group's answers in the latest round with a result; without one, the lead's own.
    """
    if results is None:
        results = ladder_results_for(initiative)
    current = results.current
    placement, source, private = None, "", False
    if isinstance(current, RoundPlacement) and current.overall.result is not None:
        placement = current.overall.result
        source = _("the answers of everyone in round %(n)s") % {"n": current.round.number}
    elif results.rounds and initiative.lead is not None:
        # A page's own placement is its viewer's: the lead's is read on its own.
        own = own_placement(results.rounds[-1].round, initiative.lead)
        if own is not None:
            placement, private = own.placement, True
            source = _("the lead’s own answers")
    found = load_any_bank(placement.bank_version if placement else PATH_BANK_VERSION)
    bank = found if isinstance(found, PathBank) else _path_bank()
    ranks: dict[str, int | None] = {}
    if placement is not None:
        for key, option in placement.answers.items():
            ranks[key] = bank.question(key).option(option).rank
    return bank, ranks, source, private


def _path_bank() -> PathBank:
    bank = load_any_bank(PATH_BANK_VERSION)
    if not isinstance(bank, PathBank):  # the bank files are checked by the ladder's tests
        raise TypeError(f"bank v{PATH_BANK_VERSION} is not a path bank")
    return bank


def _load(initiative: Initiative) -> _Records:
    org = initiative.organisation.slug
    records = _Records(initiative=initiative, org=org)
    for person_id, capacity, joined_on in Involvement.objects.filter(
        initiative=initiative
    ).values_list("person_id", "capacity", "joined_on"):
        if capacity in LIVED:
            records.lived_joined.append(joined_on)
            records.lived_people.add(person_id)
    records.workshops = list(
        Workshop.objects.filter(initiative=initiative)
        .only("id", "title", "starts_at", "state")
        .annotate(ideas=Count("activities__ideas"))
    )
    records.ideas = sum(getattr(w, "ideas", 0) for w in records.workshops)
    for workshop_id, capacity, n in (
        Participant.objects.filter(workshop__initiative=initiative)
        .values_list("workshop_id", "capacity")
        .annotate(n=Count("id"))
        .order_by()
    ):
        lived = capacity in LIVED
        records.at_workshops["lived" if lived else "learnt"] += n
        if lived:
            records.workshops_with_lived.add(workshop_id)
    records.panels = list(Panel.objects.filter(initiatives=initiative).only("id", "name"))
    now = timezone.now()
    for meeting in Meeting.objects.filter(
        panel__initiatives=initiative, cancelled_at__isnull=True, starts_at__isnull=False
    ).only("id", "panel_id", "title", "starts_at"):
        starts_at = meeting.starts_at or now
        (records.held if starts_at <= now else records.upcoming).append(meeting)
    for meeting_id, person_id, capacity in Attendance.objects.filter(
        meeting__panel__initiatives=initiative,
        meeting__cancelled_at__isnull=True,
        status=Attendance.Status.ATTENDED,
    ).values_list("meeting_id", "person_id", "capacity"):
        lived = capacity == Attendance.Capacity.LIVED
        records.at_meetings["lived" if lived else "learnt"] += 1
        if lived:
            records.meetings_with_lived.add(meeting_id)
            records.lived_people.add(person_id)
    records.checks = _count_by(
        AdjustmentCheck.objects.filter(meeting__panel__initiatives=initiative), "result"
    )
    feedback = FeedbackSent.objects.filter(contribution=OuterRef("pk"))
    records.contributions = list(
        Contribution.objects.filter(initiative=initiative)
        .annotate(fed_back=Exists(feedback))
        .values_list("id", "source", "said_on", "first_response_on", "fed_back")
    )
    records.decisions = _count_by(Decision.objects.filter(initiative=initiative), "how")
    if records.lived_people:
        panel_ids = [p.pk for p in records.panels]
        records.paid_people = set(
            Claim.objects.filter(
                Q(panel_id__in=panel_ids) | Q(activity_date__gte=records.set_up_on),
                person_id__in=records.lived_people,
                status=Status.PAID,
            ).values_list("person_id", flat=True)
        )
    return records


def _count_by(queryset: QuerySet[Any], name: str) -> Counter[str]:
    """How many rows of `queryset` have each value of the field `name`, in one query."""
    return Counter(dict(queryset.values_list(name).annotate(n=Count("id")).order_by()))


# The links. Staff pages are only shown to staff; the "you said, we did" page to everyone.


def _people_link(r: _Records) -> Link:
    url = reverse("initiative_detail", kwargs={"org": r.org, "pk": r.initiative.pk})
    return Link(_("Who is involved"), f"{url}#people-heading", staff_only=False)


def _outcomes_link(r: _Records) -> Link:
    url = reverse("outcomes_initiative", kwargs={"org": r.org, "pk": r.initiative.pk})
    return Link(_("You said, we did"), url, staff_only=False)


def _workshop_links(r: _Records) -> tuple[Link, ...]:
    return tuple(
        Link(
            w.title,
            reverse(
                "workshop_detail", kwargs={"org": r.org, "pk": r.initiative.pk, "workshop_pk": w.pk}
            ),
        )
        for w in r.workshops[:MAX_LINKS]
    )


def _meeting_links(r: _Records) -> tuple[Link, ...]:
    latest = sorted(r.held, key=lambda m: m.starts_at or timezone.now(), reverse=True)
    return tuple(
        Link(
            m.title,
            reverse(
                "panel_meeting_detail",
                kwargs={"org": r.org, "pk": m.panel_id, "meeting_pk": m.pk},
            ),
        )
        for m in (latest + r.upcoming)[:MAX_LINKS]
    )


def _panel_links(r: _Records) -> tuple[Link, ...]:
    return tuple(
        Link(p.name, reverse("panel_detail", kwargs={"org": r.org, "pk": p.pk}))
        for p in r.panels[:MAX_LINKS]
    )


Found = tuple[Shows, str, tuple[Link, ...]]


# The features that tell rungs apart, by the need they check ("question:option").


def _came(r: _Records) -> int:
    """Workshops and meetings with someone with lived experience recorded there."""
    return len(r.workshops_with_lived) + len(r.meetings_with_lived)


def _came_text(came: int) -> str:
    return ngettext(
        "People with lived experience are recorded at %(n)s workshop or meeting.",
        "People with lived experience are recorded at %(n)s workshops and meetings.",
        came,
    ) % {"n": came}


def _told(r: _Records) -> Found:
    links = (_people_link(r),)
    came = _came(r)
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
            % {"n": len(r.lived_joined), "date": _date(min(r.lived_joined))}
        )
    if came:
        parts.append(_came_text(came))
    return Shows.BACKED, " ".join(parts), links


def _views(r: _Records) -> Found:
    said, came = len(r.contributions), _came(r)
    links = (_outcomes_link(r), *_workshop_links(r))
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
        parts.append(_came_text(came))
    return Shows.BACKED, " ".join(parts), links


OWN_IDEA_SOURCES = (Source.WORKSHOP_IDEA, Source.DOTMOCRACY_RESULT, Source.PANEL_RECOMMENDATION)


def _own_ideas(r: _Records) -> Found:
    from_people = sum(1 for c in r.contributions if c[1] in OWN_IDEA_SOURCES)
    links = (_outcomes_link(r), *_workshop_links(r))
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


def _designed(r: _Records) -> Found:
    together = sum(n for how, n in r.decisions.items() if how != How.STAFF_ALONE)
    total = sum(r.decisions.values())
    with_lived = _came(r)
    links = _workshop_links(r)
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


def _start(r: _Records) -> Found:
    links = (_people_link(r),)
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
            % {"date": _date(set_up), "n": early, "days": START_DAYS},
            links,
        )
    return (
        Shows.NOT_SHOWN,
        _(
            "The work was set up on %(date)s. The first person with lived experience is "
            "recorded from %(first)s, %(days)s days later."
        )
        % {"date": _date(set_up), "first": _date(first), "days": (first - set_up).days},
        links,
    )


def _stages(r: _Records) -> Found:
    stage = r.initiative.get_stage_display()
    links = (_people_link(r), *_workshop_links(r), *_meeting_links(r))
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
    came = _came(r)
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


def _equal_say(r: _Records) -> Found:
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


def _forum(r: _Records) -> Found:
    links = (*_panel_links(r), *_meeting_links(r))
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
            "date": _date(min(m.starts_at for m in r.upcoming if m.starts_at))
        }
    return Shows.BACKED, text, links


FEATURES: dict[str, tuple[Promise, Callable[[_Records], Found]]] = {
    "have_say:explained": (gettext_lazy("Told before it happened"), _told),
    "have_say:chose_options": (gettext_lazy("Views asked"), _views),
    "have_say:own_ideas": (gettext_lazy("Own ideas asked for"), _own_ideas),
    "designed:yes": (gettext_lazy("Designed together"), _designed),
    "start:very_start": (gettext_lazy("Involved from the start"), _start),
    "stages:every_part": (gettext_lazy("In every stage"), _stages),
    "equal_say:equal": (gettext_lazy("An equal say in decisions"), _equal_say),
    "forum:yes": (gettext_lazy("A group that goes on"), _forum),
}


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


def _workshop_share(r: _Records) -> Found:
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
    return shows, text, _workshop_links(r)


def _meeting_share(r: _Records) -> Found:
    shows, text, _links = _share(
        r.at_meetings,
        _("at panel meetings (each meeting counted)"),
        _(
            "No one is recorded at a meeting of a panel linked to this work, so the platform "
            "cannot tell."
        ),
    )
    return shows, text, _meeting_links(r)


def _access(r: _Records) -> Found:
    total = sum(r.checks.values())
    links = _meeting_links(r)
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


def _paid(r: _Records) -> Found:
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


def _loop(r: _Records) -> Found:
    total = len(r.contributions)
    links = (_outcomes_link(r),)
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


def _time(r: _Records) -> Found:
    days = [(c[3] - c[2]).days for c in r.contributions if c[3] is not None]
    waiting = len(r.contributions) - len(days)
    links = (_outcomes_link(r),)
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
    str, tuple[Promise, Callable[[_Records], Found], str, str, Promise | str, bool]
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


def _date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
