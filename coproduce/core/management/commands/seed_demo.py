"""Load demo data: a fictional council with people, initiatives and the four demo logins.

Safe to run again: it finds what it made before and adds nothing twice.
It uses the test factories, so it needs the development install (`make setup`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import Membership, Organisation, Role
from coproduce.initiatives.domain import add_person_to_initiative, create_initiative
from coproduce.initiatives.models import Capacity, Initiative
from coproduce.ladder.bank import NOT_SURE, latest_bank_version, load_bank
from coproduce.ladder.domain import adopt_action, open_round, record_answer, submit_response
from coproduce.ladder.queries import ladder_results_for
from coproduce.people.models import ContactMethod, Format, Person

DEMO_SLUG = "riverside-council"
LOGINS = [
    ("alice@example.org", "Alice Okafor", Role.STAFF, "staff: leads initiatives"),
    ("bob@example.org", "Bob Hughes", Role.MEMBER, "member with lived experience"),
    ("dana@example.org", "Dana Price", Role.ADMIN, "admin: sets up two-step sign in"),
]


class Command(BaseCommand):
    help = "Load demo data (safe to run more than once)."

    def handle(self, *args: Any, **options: Any) -> None:
        from tests.factories import PASSWORD

        if Organisation.objects.filter(slug=DEMO_SLUG).exists():
            self.stdout.write("Demo data is already loaded.")
        else:
            self.load()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if self.load_ladder():
            self.stdout.write(self.style.SUCCESS("Demo Ladder answers loaded."))
        if self.load_workshop():
            self.stdout.write(self.style.SUCCESS("Demo workshop loaded."))
        if self.load_workshop_methods():
            self.stdout.write(self.style.SUCCESS("Demo warm-up, 1-2-4-All and storyboard loaded."))
        if self.load_panel():
            self.stdout.write(self.style.SUCCESS("Demo panel loaded."))
        if self.load_panel_meetings():
            self.stdout.write(self.style.SUCCESS("Demo panel meetings loaded."))
        if self.load_support():
            self.stdout.write(self.style.SUCCESS("Demo support services and training loaded."))
        if self.load_you_said_we_did():
            self.stdout.write(self.style.SUCCESS('Demo "you said, we did" loaded.'))
        from coproduce.payments.demo import load_demo_payments

        if load_demo_payments(Organisation.objects.get(slug=DEMO_SLUG)):
            self.stdout.write(self.style.SUCCESS("Demo payment rates and claims loaded."))
        self.stdout.write(f"\nDemo logins (password for all: {PASSWORD}):")
        for email, _name, _role, what in LOGINS:
            self.stdout.write(f"  {email:<22} {what}")
        self.stdout.write(f"  {'charlie@example.org':<22} admin of another organisation")

    @transaction.atomic
    def load(self) -> None:
        from tests.factories import (
            OrganisationFactory,
            PersonFactory,
            UserFactory,
        )

        council = OrganisationFactory.create(name="Riverside Council", slug=DEMO_SLUG)
        people: dict[str, Person] = {}
        users: dict[str, User] = {}
        for email, name, role, _what in LOGINS:
            user = users[email] = UserFactory.create(email=email, name=name)
            Membership.objects.create(organisation=council, user=user, role=role)
            people[email] = PersonFactory.create(
                organisation=council,
                name=name,
                email=email,
                user=user,
                contact_methods=[ContactMethod.EMAIL],
            )
        others = {
            "June": PersonFactory.create(
                organisation=council,
                name="June Adeyemi",
                preferred_name="June",
                pronouns="she/her",
                phone="01632 960123",
                contact_methods=[ContactMethod.PHONE],
                formats=[Format.LARGE_PRINT],
            ),
            "Tom": PersonFactory.create(
                organisation=council,
                name="Thomas Bell",
                preferred_name="Tom",
                contact_methods=[ContactMethod.SUPPORTER],
                supporter_name="Sam Bell (brother)",
                supporter_contact="01632 960456",
                formats=[Format.EASY_READ],
            ),
            "Priya": PersonFactory.create(
                organisation=council,
                name="Priya Shah",
                email="priya@example.org",
                contact_methods=[ContactMethod.EMAIL],
            ),
            "Mo": PersonFactory.create(
                organisation=council, name="Mohammed Ali", preferred_name="Mo"
            ),
        }
        alice = users["alice@example.org"]
        garden = create_initiative(
            council,
            actor=alice,
            title="Make the garden easy to use",
            aim="Everyone who lives at Willow Court can get into the garden and enjoy it.",
            stage=Initiative.Stage.DESIGN,
            lead=people["alice@example.org"],
        )
        create_initiative(
            council,
            actor=alice,
            title="Change how day services work",
            aim="Day services offer things people want to do, at times that suit them.",
            stage=Initiative.Stage.IDEA,
            lead=people["alice@example.org"],
        )
        for person, capacity, joined in [
            (people["bob@example.org"], Capacity.LIVED_CARE, datetime.date(2026, 9, 1)),
            (others["June"], Capacity.LIVED_CARE, datetime.date(2026, 9, 1)),
            (others["Tom"], Capacity.LIVED_CARE, datetime.date(2026, 9, 15)),
            (others["Priya"], Capacity.LIVED_CARER, datetime.date(2026, 9, 15)),
            (people["alice@example.org"], Capacity.LEARNT, datetime.date(2026, 9, 1)),
            (others["Mo"], Capacity.LEARNT, datetime.date(2026, 10, 2)),
        ]:
            add_person_to_initiative(
                garden, person, capacity=capacity, joined_on=joined, actor=alice
            )
        hillside = OrganisationFactory.create(name="Hillside Care", slug="hillside-care")
        charlie = UserFactory.create(email="charlie@example.org", name="Charlie Evans")
        Membership.objects.create(organisation=hillside, user=charlie, role=Role.ADMIN)
        PersonFactory.create(organisation=hillside, name="Charlie Evans", user=charlie)

    @transaction.atomic
    def load_ladder(self) -> bool:
        """A Ladder round on the garden: 8 residents and carers see consultation, 4 staff see
        co-design, and the work calls itself co-production. Skipped if a round exists."""
        from tests.factories import PersonFactory

        council = Organisation.objects.get(slug=DEMO_SLUG)
        garden = Initiative.objects.get(organisation=council, title="Make the garden easy to use")
        if garden.ladder_rounds.exists():
            return False
        alice = User.objects.get(email="alice@example.org")
        joined = datetime.date(2026, 10, 5)
        for name, capacity in [
            ("Grace Mensah", Capacity.LIVED_CARE),
            ("Arthur Jones", Capacity.LIVED_CARE),
            ("Nia Roberts", Capacity.LIVED_CARER),
            ("Stan Kowalski", Capacity.LIVED_CARE),
            ("Hannah Reid", Capacity.LEARNT),
            ("Femi Adebayo", Capacity.LEARNT),
        ]:
            person = PersonFactory.create(organisation=council, name=name)
            add_person_to_initiative(
                garden, person, capacity=capacity, joined_on=joined, actor=alice
            )
        garden.claimed_approach = "co_production"
        garden.save(update_fields=["claimed_approach"])
        round_ = open_round(garden, actor=alice)
        bank = load_bank(latest_bank_version())
        for i, response in enumerate(round_.responses.select_related("person").order_by("id")):
            # Lived experience answers around the third option, staff around the next-to-top.
            for j, question in enumerate(bank.questions):
                count = len(question.options)
                start = 2 if response.is_lived else count - 2
                index = max(0, min(count - 1, start + (i + j) % 3 - 1))
                option = question.options[index].key
                if i % 4 == 3 and j == (i * 5) % len(bank.questions):
                    option = NOT_SURE
                proxy = alice if response.person and response.person.name == "Thomas Bell" else None
                record_answer(response, question.key, option, entered_by=proxy)
            submit_response(response, entered_by=proxy)
        june = Person.objects.get(organisation=council, name="June Adeyemi")
        today = timezone.localdate()
        steps = ladder_results_for(garden).steps
        for step, owner, due_on in [
            (steps[0], people_for(council, "alice@example.org"), today + datetime.timedelta(30)),
            (steps[1], june, today - datetime.timedelta(7)),  # late, for the overview
        ]:
            adopt_action(
                garden,
                round_=round_,
                question_key=step.question.key,
                text=step.step.action,
                owner=owner,
                due_on=due_on,
                actor=alice,
            )
        return True

    @transaction.atomic
    def load_workshop(self) -> bool:
        """A garden workshop: a welcome, a Dotmocracy with four ideas, and a break.
        Skipped if it exists. Nobody has joined: join it from the room screen."""
        from coproduce.workshops.domain import add_activity, add_idea, create_workshop
        from coproduce.workshops.models import Activity, Workshop

        council = Organisation.objects.get(slug=DEMO_SLUG)
        garden = Initiative.objects.get(organisation=council, title="Make the garden easy to use")
        title = "Garden ideas morning"
        if Workshop.objects.filter(initiative=garden, title=title).exists():
            return False
        alice = User.objects.get(email="alice@example.org")
        starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
        workshop = create_workshop(
            garden,
            actor=alice,
            title=title,
            starts_at=starts + datetime.timedelta(days=1),
            place="hybrid",
            venue="Willow Court lounge",
        )
        add_activity(
            workshop,
            actor=alice,
            title="Welcome and how we work together",
            instruction="Say your name if you like. You can pass at any time.",
            easy_read_instruction="Say hello. You do not have to talk.",
            planned_minutes=10,
        )
        vote = add_activity(
            workshop,
            actor=alice,
            kind=Activity.Kind.DOTMOCRACY,
            title="Which garden ideas matter most?",
            instruction="Put your dots on the ideas that matter most to you.",
            easy_read_instruction="Choose the ideas you like best. Press Add a dot.",
            planned_minutes=15,
            max_dots_per_idea=2,
        )
        for text in [
            "A ramp from the lounge door to the path",
            "Raised flower beds people can reach from a chair",
            "More benches in the shade",
            "A gate that is easy to open",
        ]:
            add_idea(vote, text=text, entered_by=alice)
        add_activity(workshop, actor=alice, title="Break", planned_minutes=15)
        return True

    @transaction.atomic
    def load_workshop_methods(self) -> bool:
        """A warm-up, a 1-2-4-All (before the vote, so the vote can take in its best ideas)
        and a storyboard for the garden workshop. Skipped if they exist."""
        from coproduce.workshops.domain import add_activity, move_activity
        from coproduce.workshops.models import Activity, Workshop
        from coproduce.workshops.warmups import warm_up_for

        workshop = Workshop.objects.filter(
            organisation__slug=DEMO_SLUG, title="Garden ideas morning"
        ).first()
        if workshop is None or workshop.activities.filter(kind=Activity.Kind.ONE_TWO_FOUR).exists():
            return False
        alice = User.objects.get(email="alice@example.org")
        check_in = warm_up_for("one_word_check_in")
        if check_in is None:
            return False
        warm = add_activity(
            workshop,
            actor=alice,
            kind=Activity.Kind.WARM_UP,
            warm_up=check_in.key,
            title=str(check_in.title),
            instruction=str(check_in.what_to_do),
            easy_read_instruction=str(check_in.easy_read),
            planned_minutes=check_in.minutes,
        )
        ideas = add_activity(
            workshop,
            actor=alice,
            kind=Activity.Kind.ONE_TWO_FOUR,
            title="Ideas for the garden: 1-2-4-All",
            question="What one change would make the garden easier for you to use?",
            instruction="Think on your own, then talk in pairs, then in fours. Each four "
            "shares its best idea.",
            easy_read_instruction="Think. Then talk to one person. Then talk in a group of four.",
            planned_minutes=12,
        )
        add_activity(
            workshop,
            actor=alice,
            kind=Activity.Kind.STORYBOARD,
            title="A visit to the garden, step by step",
            instruction="In your group, write each step of a visit to the garden: what happens, "
            "who is there, what could be better, what gets in the way, and how it feels.",
            easy_read_instruction="Write each step of going to the garden. Say how it feels.",
            planned_minutes=30,
            group_size=4,
        )
        # From welcome, vote, break, warm-up, 1-2-4-All, storyboard to
        # welcome, warm-up, 1-2-4-All, vote, break, storyboard.
        for activity, places in ((warm, 2), (ideas, 2)):
            for _step in range(places):
                move_activity(activity, up=True, actor=alice)
        return True

    @transaction.atomic
    def load_panel(self) -> bool:
        """A published Day Services Panel: 12 applications by different routes and steps,
        and 3 members (Bob co-chairs). Skipped if it exists. No equality answers: the demo
        shows "fewer than 10 people answered" rather than invent special category data."""
        from coproduce.panels import domain as panels
        from coproduce.panels.models import Panel, Route, Status

        council = Organisation.objects.get(slug=DEMO_SLUG)
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
            payment_offer="£25 an hour, including time to read papers. We pay travel and "
            "the cost of a carer or personal assistant.",
            training_offered="An introduction to how the council decides things, and "
            "chairing skills if you want them.",
            support_offered="A named contact, papers in the format you need, a quiet room, "
            "and a debrief after every meeting.",
            other_ways_to_apply="Phone Alice on 01632 960000, ask for a paper form, or come "
            "to a drop-in at the library on Fridays.",
            named_contact=people_for(council, "alice@example.org"),
            deputy_contact=people_for(council, "dana@example.org"),
            backed_by=people_for(council, "dana@example.org"),
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
        bob = people_for(council, "bob@example.org")
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
    def load_panel_meetings(self) -> bool:
        """The Day Services Panel's next meeting (agenda in standard and easy read), last
        month's meeting with notes and attendance, a group agreement Bob has agreed to, two
        access needs with adjustments, and the starter glossary. Skipped if a meeting exists."""
        from coproduce.panels import access
        from coproduce.panels.domain import agreement, glossary, meetings
        from coproduce.panels.models import AgreementPoint, Meeting, Panel

        council = Organisation.objects.get(slug=DEMO_SLUG)
        panel = Panel.objects.filter(organisation=council, slug="day-services").first()
        if panel is None or Meeting.objects.filter(panel=panel).exists():
            return False
        alice = User.objects.get(email="alice@example.org")
        alice_person = people_for(council, "alice@example.org")
        bob = people_for(council, "bob@example.org")
        june = Person.objects.get(organisation=council, name="June Adeyemi")
        glossary.add_starter_glossary(council, actor=alice)
        two_pm = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
        venue: dict[str, Any] = {
            "format": "hybrid",
            "venue": "Riverside Library, Room 2, 4 High Street",
            "venue_access": "Step-free entrance from the car park. Accessible toilet on the "
            "same floor. Hearing loop. A quiet room next door.",
            "online_link": "https://meet.example.org/day-services",
            "online_help": "You can also join by phone: 01632 960999. Alice can help you join.",
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
            title="How people get to day services",
            purpose="We look at the transport survey. We decide what to ask for.",
            title_easy_read="Getting to day services",
            purpose_easy_read="We look at how people travel.\nWe choose what to change.",
            owner=alice_person,
            minutes=45,
        )
        for text, easy_read, state in [
            *((str(t), str(e), "in") for t, e in agreement.TEMPLATE_POINTS[:5]),
            ("We take a break every 45 minutes.", "We have a break.", "proposed"),
        ]:
            point = agreement.raise_agreement_point(
                panel, person=bob, text=text, easy_read=easy_read, actor=alice
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
            )
            access.agree_adjustment(
                need,
                actor=alice,
                description=plan,
                agreed_on=today - datetime.timedelta(days=40),
                review_on=today + datetime.timedelta(days=50),
            )
        return True

    @transaction.atomic
    def load_support(self) -> bool:
        """A signposting list, a training Bob finished and a credit he agreed to. Skipped if
        the list exists. No concerns or check-ins: the demo does not invent health data."""
        from coproduce.wellbeing import domain as wellbeing
        from coproduce.wellbeing.models import SignpostService

        council = Organisation.objects.get(slug=DEMO_SLUG)
        if SignpostService.objects.filter(organisation=council).exists():
            return False
        alice = User.objects.get(email="alice@example.org")
        for name, helps_with, phone, hours in [
            ("Samaritans", "Someone to talk to, day or night, about anything.", "116 123",
             "Every day, all day and night"),
            ("Riverside Carers Centre", "Advice and a break for people who care for someone.",
             "01632 960321", "Monday to Friday, 9am to 5pm"),
            ("Riverside Advocacy", "Help to speak up, and someone to come to meetings with you.",
             "01632 960654", "Monday to Thursday, 10am to 4pm"),
        ]:  # fmt: skip
            wellbeing.save_signpost(
                council,
                actor=alice,
                name=name,
                helps_with=helps_with,
                phone=phone,
                opening_hours=hours,
            )
        bob = people_for(council, "bob@example.org")
        training = wellbeing.add_training(
            council,
            actor=alice,
            title="Chairing a meeting",
            about="How to keep a meeting friendly, fair and on time.",
            provider="Riverside Learning",
        )
        wellbeing.record_training(
            training, bob, status="done", completed_on=datetime.date(2026, 10, 6), actor=alice
        )
        wellbeing.add_credit(
            bob,
            actor=alice,
            output="Day services leaflet, winter 2026",
            credited_as="Bob Hughes, panel co-chair",
            consent_given_on=datetime.date(2026, 10, 20),
        )
        return True

    @transaction.atomic
    def load_you_said_we_did(self) -> bool:
        """Contributions from the demo workshop's ideas and the Ladder's next steps, and one
        panel recommendation from Bob (named, with his agreement), some with responses, a
        change and feedback. Skipped if the garden has any."""
        from coproduce.outcomes import domain as outcomes
        from coproduce.outcomes.models import Contribution
        from coproduce.panels.models import Panel
        from coproduce.workshops.models import Activity

        council = Organisation.objects.get(slug=DEMO_SLUG)
        garden = Initiative.objects.get(organisation=council, title="Make the garden easy to use")
        if Contribution.objects.filter(organisation=council).exists():
            return False
        alice = User.objects.get(email="alice@example.org")
        owner = people_for(council, "alice@example.org")
        today = timezone.localdate()
        vote = Activity.objects.filter(
            workshop__initiative=garden, kind=Activity.Kind.DOTMOCRACY
        ).first()
        added = outcomes.import_workshop_ideas(vote, actor=alice) if vote else []
        added += outcomes.import_ladder_actions(garden, actor=alice)
        for contribution in added:  # said a few weeks ago, so the measures have days to count
            contribution.said_on = today - datetime.timedelta(days=30)
            contribution.save(update_fields=["said_on"])
        answers = [
            ("adopted", "", 12),
            ("not_adopted", "The ground is too uneven for raised beds this year. We will "
             "look again when the path is rebuilt in the spring.", 20),
            ("considering", "", 9),
        ]  # fmt: skip
        for contribution, (decision, reason, days) in zip(added, answers, strict=False):
            considering = decision == "considering"
            outcomes.record_response(
                contribution,
                actor=alice,
                decision=decision,
                reason=reason,
                decided_by="Willow Court managers' meeting",
                decided_on=contribution.said_on + datetime.timedelta(days=days),
                review_on=today + datetime.timedelta(days=30) if considering else None,
                owner=owner if considering else None,
            )
        if added:
            outcomes.record_change(
                added[0],
                actor=alice,
                what="A ramp now runs from the lounge door to the garden path.",
                happened_on=today - datetime.timedelta(days=3),
            )
            outcomes.record_feedback(
                added[0], actor=alice, to_whom="Everyone at the workshop", sent_on=today,
                format="easy_read",
            )  # fmt: skip
        panel = Panel.objects.filter(organisation=council, slug="day-services").first()
        if panel is not None:
            outcomes.add_contribution(
                council,
                actor=alice,
                panel=panel,
                source="panel_recommendation",
                text="Open the day centre on one Saturday a month.",
                said_on=today - datetime.timedelta(days=14),
                credited=[people_for(council, "bob@example.org")],
                consent_given_on=today - datetime.timedelta(days=14),
            )
        return True


def people_for(organisation: Organisation, email: str) -> Person:
    return Person.objects.get(organisation=organisation, user__email=email)
