"""Demo panel for `seed_demo`: the Day Services Panel with its applications and members, then
its meetings, group agreement, access needs and glossary. Kept here so seed_demo needs a line
each."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import Organisation
from coproduce.initiatives.models import Initiative
from coproduce.panels import domain as panels
from coproduce.panels.domain import access, agreement, glossary, meetings, strengths
from coproduce.panels.models import AgreementPoint, Meeting, Panel, PanelMember, Route, Status
from coproduce.people.demo import person_with_login
from coproduce.people.models import Person


@transaction.atomic
def load_demo_panel(council: Organisation) -> bool:
    """A published Day Services Panel: 12 applications by different routes and steps,
    and 3 members (Bob co-chairs). Skipped if it exists. No equality answers: the demo
    shows "fewer than 10 people answered" rather than invent special category data.

    Side effects: everything the domain functions it calls save and log.
    """
    if Panel.objects.filter(organisation=council, slug="day-services").exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    panel = panels.create_panel(
        council,
        actor=alice,
        name="Day Services Panel",
        slug="day-services",
        purpose="Make day services work for the people who use them.",
        influences="What day services offer, when they open, and how people get there.",
        outside_control="The council's total budget, and staff pay.",
        decision_power="decides_jointly",
        meeting_frequency="once a month, on a Tuesday afternoon",
        hours_per_month=4,
        term_months=12,
        places=12,
        payment_offer="£15 an hour, including time to read papers. We pay travel and "
        "the cost of a carer or personal assistant.",
        training_offered="An introduction to how the council decides things, and "
        "chairing skills if you want them.",
        support_offered="A named contact, papers in the format you need, a quiet room, "
        "and a debrief after every meeting.",
        other_ways_to_apply="Phone Alice on 01632 960000, ask for a paper form, or come "
        "to a drop-in at the library on Fridays.",
        named_contact=person_with_login(council, "alice@example.org"),
        deputy_contact=person_with_login(council, "dana@example.org"),
        backed_by=person_with_login(council, "dana@example.org"),
        backed_by_role="Director of Adult Social Care",
        initiatives=list(Initiative.objects.filter(organisation=council)[:1]),
    )
    panels.publish_panel(panel, actor=alice)
    steps = [Status.RECEIVED] * 4 + [Status.CONTACTED] * 2 + [Status.INVITED] * 2
    steps += [Status.OFFERED, Status.WAITING_LIST, Status.DECLINED, Status.ACCEPTED]
    names = [
        "Grace Mensah", "Arthur Jones", "Nia Roberts", "Stan Kowalski", "Leila Hassan",
        "Owen Price", "Ruth Campbell", "Dev Patel", "Maggie O'Neill", "Tariq Aziz",
        "Beth Morgan", "Kofi Boateng",
    ]  # fmt: skip
    for i, (name, step) in enumerate(zip(names, steps, strict=True)):
        first = name.split()[0].lower()
        route = [Route.PHONE, Route.PAPER, Route.CONVERSATION][i % 3]
        by_post = i % 4 == 1
        application = panels.enter_application(
            panel,
            actor=alice,
            route=route,
            name=name,
            email="" if by_post else f"{first}@example.org",
            address="1 River Street, Riverside" if by_post else "",
            contact_channel="post" if by_post else "email",
            why_join="I use day services and want them to fit real lives.",
        )
        if step != Status.RECEIVED:
            panels.change_application_status(application, step, actor=alice)
    bob = person_with_login(council, "bob@example.org")
    panels.add_panel_member(
        panel,
        bob,
        role="co_chair",
        started_on=datetime.date(2026, 9, 1),
        actor=alice,
    )
    june = Person.objects.get(organisation=council, name="June Adeyemi")
    panels.add_panel_member(
        panel, june, role="member", started_on=datetime.date(2026, 9, 1), actor=alice
    )
    return True


@transaction.atomic
def load_demo_panel_meetings(council: Organisation) -> bool:
    """The Day Services Panel's next meeting (agenda in standard and easy read), last
    month's meeting with notes and attendance, a group agreement Bob has agreed to, two
    access needs with adjustments, and the starter glossary. Skipped if a meeting exists.

    Side effects: everything the domain functions it calls save and log.
    """
    panel = Panel.objects.filter(organisation=council, slug="day-services").first()
    if panel is None or Meeting.objects.filter(panel=panel).exists():
        return False
    alice = User.objects.get(email="alice@example.org")
    alice_person = person_with_login(council, "alice@example.org")
    bob = person_with_login(council, "bob@example.org")
    june = Person.objects.get(organisation=council, name="June Adeyemi")
    glossary.add_starter_glossary(council, actor=alice)
    two_pm = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    venue: dict[str, Any] = {
        "format": "hybrid",
        "venue": "Riverside Library, Room 2, 4 High Street",
        "venue_access": "Step-free entrance from the car park. Accessible toilet on the "
        "same floor. Hearing loop. A quiet room next door.",
        "venue_access_easy_read": "There is no step at the door from the car park.\n"
        "There is a toilet for disabled people on the same floor.\n"
        "There is a hearing loop.\n"
        "There is a quiet room next door.",
        "online_link": "https://meet.example.org/day-services",
        "online_help": "You can also join by phone: 01632 960999. Alice can help you join.",
        "online_help_easy_read": "You can join by phone. Call 01632 960999.\n"
        "Alice can help you join.",
        "facilitators": [alice_person],
    }
    last = meetings.create_meeting(
        panel,
        actor=alice,
        title="Getting started",
        starts_at=two_pm - datetime.timedelta(days=28),
        **venue,
    )
    meetings.save_meeting_notes(
        last,
        actor=alice,
        summary="We met for the first time. We agreed to look at transport first. Alice "
        "will find out how people get to day centres now.",
        full_notes="Welcome and introductions.\nWe talked about what matters most. "
        "Transport came up most often.",
        easy_read="We met for the first time.\nWe will look at transport first.",
        publish=True,
    )
    meetings.record_attendance(
        last,
        {bob.pk: ("attended", "lived"), june.pk: ("apologies", "lived"),
         alice_person.pk: ("attended", "learnt")},
        actor=alice,
    )  # fmt: skip
    upcoming = meetings.create_meeting(
        panel,
        actor=alice,
        title="Getting to day services",
        starts_at=two_pm + datetime.timedelta(days=14),
        **venue,
    )
    meetings.add_agenda_item(
        upcoming,
        actor=alice,
        title="Welcome and check-in",
        purpose="Say how you are, if you want to. You can pass.",
        title_easy_read="Hello",
        purpose_easy_read="Say how you feel.\nYou do not have to talk.",
        owner=bob,
        minutes=10,
    )
    meetings.add_agenda_item(
        upcoming,
        actor=alice,
        title="Pairs: three things about you",
        purpose="In pairs, tell each other three things you are good at or enjoy.",
        minutes=15,
        is_getting_to_know=True,
    )
    meetings.add_agenda_item(
        upcoming,
        actor=alice,
        title="How people get to day services",
        purpose="We look at the transport survey. We decide what to ask for.",
        title_easy_read="Getting to day services",
        purpose_easy_read="We look at how people travel.\nWe choose what to change.",
        owner=alice_person,
        minutes=45,
    )
    for text, easy_read, picture, state in [
        *((str(t), str(e), p, "in") for t, e, p in agreement.TEMPLATE_POINTS[:5]),
        ("We take a break every 45 minutes.", "We have a break.", "", "proposed"),
    ]:
        point = agreement.raise_agreement_point(
            panel, person=bob, text=text, easy_read=easy_read, picture=picture, actor=alice
        )
        if state == "in":
            agreement.set_point_state(point, state, actor=alice)
    version = agreement.publish_agreement_version(panel, actor=alice)
    agreement.agree_to_version(version, bob, actor=None)
    proposed = AgreementPoint.objects.filter(panel=panel, state="proposed").first()
    if proposed:
        agreement.comment_on_point(proposed, person=june, text="Yes, please.", actor=alice)
    today = timezone.localdate()
    for person, kind, options, detail, share, plan in [
        (june, "communication", ["large_print"], "Papers in 18 point.", True,
         "Print papers in 18 point and post them 10 days before."),
        (bob, "energy", ["breaks"], "", True, "A break every 45 minutes."),
    ]:  # fmt: skip
        need = access.record_access_need(
            panel,
            person,
            actor=alice,
            kind=kind,
            options=options,
            detail=detail,
            identified_on=today - datetime.timedelta(days=40),
            identified_how="asked",
            share_with_facilitators=share,
            consent_via="conversation",
        )
        access.agree_adjustment(
            panel,
            need,
            actor=alice,
            description=plan,
            agreed_on=today - datetime.timedelta(days=40),
            review_on=today + datetime.timedelta(days=50),
        )
    _demo_strengths(panel, alice, june)
    return True


def _demo_strengths(panel: Panel, alice: User, june: Person) -> None:
    """June told Alice what she brings (shared with the panel); Bob's first steps are
    partly ticked, so the induction shows something still to do."""
    strengths.save_strengths(
        june,
        actor=alice,
        skills="Listening. Baking for a crowd.",
        experience="I went to a day centre for 6 years.",
        to_learn="Speaking up in meetings.",
        share=True,
        how_told="by phone",
    )
    for member in PanelMember.objects.filter(panel=panel, ended_on__isnull=True):
        strengths.tick_induction_step(member, "welcome", done_on=member.started_on, actor=alice)
