"""Load demo data: a fictional council with people, initiatives and the four demo logins,
then each app's demo data from its own `demo.py`.

Safe to run again: it finds what it made before and adds nothing twice.
It uses the test factories, so it needs the development install (`make setup`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.assurance.demo import load_demo_evidence
from coproduce.core.models import Membership, Organisation, Role
from coproduce.decisions.demo import load_demo_decisions
from coproduce.decisions.demo_proposals import load_demo_proposals
from coproduce.initiatives.domain import add_person_to_initiative, create_initiative
from coproduce.initiatives.models import Capacity, Initiative, Level
from coproduce.ladder.demo import load_demo_ladder
from coproduce.outcomes.demo import load_demo_you_said_we_did
from coproduce.panels.demo import load_demo_panel, load_demo_panel_meetings
from coproduce.payments.demo import load_demo_payments
from coproduce.people.models import ContactMethod, Format, Person
from coproduce.selection.demo import load_demo_selection
from coproduce.wellbeing.demo import load_demo_support
from coproduce.workshops.demo import (
    load_demo_invitations,
    load_demo_workshop,
    load_demo_workshop_methods,
)

DEMO_SLUG = "riverside-council"
LOGINS = [
    ("alice@example.org", "Alice Okafor", Role.STAFF, "staff: leads initiatives"),
    ("bob@example.org", "Bob Hughes", Role.MEMBER, "member with lived experience"),
    ("dana@example.org", "Dana Price", Role.ADMIN, "admin: sets up two-step sign in"),
]
# Each app's loader, in order (later ones build on earlier ones), with what it says when it
# adds something. A loader returns False when its data is already there.
LOADERS: list[tuple[Callable[[Organisation], bool], str]] = [
    (load_demo_ladder, "Demo Ladder answers loaded."),
    (load_demo_workshop, "Demo workshop loaded."),
    (load_demo_workshop_methods, "Demo warm-up, 1-2-4-All and storyboard loaded."),
    (load_demo_invitations, "Demo workshop invitations and a sign-up loaded."),
    (load_demo_panel, "Demo panel loaded."),
    (load_demo_panel_meetings, "Demo panel meetings loaded."),
    (load_demo_selection, "Demo fair selection loaded."),
    (load_demo_support, "Demo support services and training loaded."),
    (load_demo_you_said_we_did, 'Demo "you said, we did" loaded.'),
    (load_demo_payments, "Demo payment rates and claims loaded."),
    (load_demo_decisions, "Demo decisions loaded."),
    (load_demo_proposals, "Demo panel proposals and leaders' backing loaded."),
    (load_demo_evidence, "Demo work to question against its records loaded."),
]


class Command(BaseCommand):
    help = "Load demo data (safe to run more than once)."

    def handle(self, *args: Any, **options: Any) -> None:
        # The factories live in tests (a development dependency): import them only when loading.
        from tests.factories import PASSWORD

        if Organisation.objects.filter(slug=DEMO_SLUG).exists():
            self.stdout.write("Demo data is already loaded.")
        else:
            self.load()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        council = Organisation.objects.get(slug=DEMO_SLUG)
        for loader, message in LOADERS:
            if loader(council):
                self.stdout.write(self.style.SUCCESS(message))
        self.stdout.write(f"\nDemo logins (password for all: {PASSWORD}):")
        for email, _name, _role, what in LOGINS:
            self.stdout.write(f"  {email:<22} {what}")
        self.stdout.write(f"  {'charlie@example.org':<22} admin of another organisation")

    @transaction.atomic
    def load(self) -> None:
        # The factories live in tests (a development dependency): import them only when loading.
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
            level=Level.SERVICE,
            lead=people["alice@example.org"],
        )
        create_initiative(
            council,
            actor=alice,
            title="Change how day services work",
            aim="Day services offer things people want to do, at times that suit them.",
            stage=Initiative.Stage.IDEA,
            level=Level.STRATEGIC,
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
