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
        if self.load_panel():
            self.stdout.write(self.style.SUCCESS("Demo panel loaded."))
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


def people_for(organisation: Organisation, email: str) -> Person:
    return Person.objects.get(organisation=organisation, user__email=email)
