"""Factories for every model: boring, predictable, and the base of `seed_demo`."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.db.models import Max
from django.utils import timezone

from coproduce.accounts.models import Invitation, User
from coproduce.core.models import Membership, Organisation, Role
from coproduce.initiatives.models import Capacity, Initiative, Involvement
from coproduce.ladder.codes import new_short_code
from coproduce.ladder.models import Action, Response, Round
from coproduce.people.models import Person
from coproduce.workshops.models import Activity, Idea, Participant, Workshop, hash_token

PASSWORD = "coproduce-demo"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    kind = Organisation.Kind.COUNCIL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name", locale="en_GB")
    contact_methods = factory.LazyFunction(list)
    formats = factory.LazyFunction(list)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Initiative {n}")
    aim = "Make things better for the people who use the service."
    stage = Initiative.Stage.IDEA


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.LazyAttribute(lambda o: o.initiative.organisation)
    person = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..initiative.organisation")
    )
    capacity = Capacity.LIVED_CARE
    joined_on = datetime.date(2026, 1, 5)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    role = Role.MEMBER


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.LazyAttribute(lambda o: o.initiative.organisation)
    # The next round of this initiative, as the product numbers them (1, 2, ...), whatever
    # other tests made before.
    number = factory.LazyAttribute(
        lambda o: (o.initiative.ladder_rounds.aggregate(Max("number"))["number__max"] or 0) + 1
    )


class ResponseFactory(factory.django.DjangoModelFactory):
    """A person's answers in a round. Pass `answers` and `submitted_at` for a sent one."""

    class Meta:
        model = Response

    round = factory.SubFactory(RoundFactory)
    organisation = factory.LazyAttribute(lambda o: o.round.organisation)
    person = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..round.organisation")
    )
    capacity = Capacity.LIVED_CARE
    bank_version = 1
    answers = factory.LazyFunction(dict)
    short_code = factory.LazyFunction(new_short_code)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    round = factory.SubFactory(RoundFactory)
    initiative = factory.SelfAttribute("round.initiative")
    organisation = factory.LazyAttribute(lambda o: o.round.organisation)
    question_key = "ep_lead"
    text = "Ask people with lived experience to lead some parts of each meeting."
    due_on = datetime.date(2030, 1, 31)


# Workshops


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.LazyAttribute(lambda o: o.initiative.organisation)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    starts_at = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=datetime.UTC)
    place = Workshop.Place.IN_PERSON
    venue = "Willow Court lounge"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    workshop = factory.SubFactory(WorkshopFactory)
    organisation = factory.LazyAttribute(lambda o: o.workshop.organisation)
    order = factory.Sequence(lambda n: n)
    kind = Activity.Kind.DOTMOCRACY
    title = "Which ideas matter most?"
    instruction = "Put your dots on the ideas that matter most to you."
    easy_read_instruction = "Choose the ideas you like best."
    planned_minutes = 10


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    workshop = factory.SubFactory(WorkshopFactory)
    organisation = factory.LazyAttribute(lambda o: o.workshop.organisation)
    capacity = Capacity.LIVED_CARE
    token_hash = factory.Sequence(lambda n: hash_token(f"token-{n}"))


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    activity = factory.SubFactory(ActivityFactory)
    organisation = factory.LazyAttribute(lambda o: o.activity.organisation)
    text = factory.Sequence(lambda n: f"Idea {n}")


# Panels (coproduce.panels)


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "panels.Panel"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Panel {n}")
    slug = factory.Sequence(lambda n: f"panel-{n}")
    purpose = "Help us make day services better."
    influences = "How day services are planned and run."
    outside_control = "The council's overall budget."
    decision_power = "recommends"
    meeting_frequency = "once a month, on a weekday afternoon"
    hours_per_month = 4
    term_months = 12
    places = 12
    payment_offer = "£25 an hour, paid by bank transfer. We pay your travel."
    training_offered = "An introduction to how the council makes decisions."
    support_offered = "A named contact, and papers in the format you need."
    named_contact = factory.SubFactory(
        PersonFactory,
        organisation=factory.SelfAttribute("..organisation"),
        email="contact@example.org",
        phone="01632 960000",
    )
    deputy_contact = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..organisation")
    )
    backed_by = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..organisation")
    )
    backed_by_role = "Director of Adult Social Care"
    role_standard = "## About the panel\nWe meet once a month."
    role_easy_read = "## What is this?\nA panel."


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A sent application (status received); pass status="draft" for a draft."""

    class Meta:
        model = "panels.Application"

    panel = factory.SubFactory(PanelFactory)
    organisation = factory.LazyAttribute(lambda o: o.panel.organisation)
    name = factory.Sequence(lambda n: f"Applicant {n}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    contact_channel = "email"
    why_join = "I want services to listen to people like me."
    status = "received"
    submitted_at = factory.LazyAttribute(
        lambda o: (
            None
            if o.status == "draft"
            else datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
        )
    )


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "panels.PanelMember"

    panel = factory.SubFactory(PanelFactory)
    organisation = factory.LazyAttribute(lambda o: o.panel.organisation)
    person = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..panel.organisation")
    )
    role = "member"
    started_on = datetime.date(2026, 4, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A dated hybrid meeting of a panel, four weeks ahead at 2pm."""

    class Meta:
        model = "panels.Meeting"

    panel = factory.SubFactory(PanelFactory)
    organisation = factory.LazyAttribute(lambda o: o.panel.organisation)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    format = "hybrid"
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=28)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
    )
    venue = "Riverside Library, Room 2"
    venue_access = "Step-free entrance. Accessible toilet. Hearing loop."
    online_link = "https://meet.example.org/panel"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "panels.AgendaItem"

    meeting = factory.SubFactory(MeetingFactory)
    organisation = factory.LazyAttribute(lambda o: o.meeting.organisation)
    title = factory.Sequence(lambda n: f"Item {n}")
    purpose = "We decide what to do next."
    position = factory.Sequence(lambda n: n + 1)


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "panels.GlossaryTerm"

    organisation = factory.SubFactory(OrganisationFactory)
    term = factory.Sequence(lambda n: f"term {n}")
    definition = "What it means."


# Payments (coproduce.payments)


class RateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "payments.Rate"

    organisation = factory.SubFactory(OrganisationFactory)
    activity_type = "meeting"
    unit = "hour"
    amount_pence = 2500
    valid_from = datetime.date(2026, 1, 1)
    source = "Our payment policy, January 2026"


class ClaimFactory(factory.django.DjangoModelFactory):
    """A draft claim of 2 hours at £25 an hour, with the rate copied as the domain does."""

    class Meta:
        model = "payments.Claim"

    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyAttribute(lambda o: o.person.organisation)
    activity_type = "meeting"
    activity_date = datetime.date(2026, 5, 5)
    quantity = 2
    rate_amount_pence = 2500
    rate_unit = "hour"
    rate_source = "Our payment policy, January 2026"
    fee_pence = factory.LazyAttribute(lambda o: int(o.rate_amount_pence * o.quantity))


# Wellbeing and "you said, we did" (coproduce.wellbeing, coproduce.outcomes)


class SignpostServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wellbeing.SignpostService"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Support line {n}")
    helps_with = "Someone to talk to when things feel hard."
    phone = "0800 000 0000"
    opening_hours = "Every day, 8am to 8pm"


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wellbeing.Training"

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Training {n}")
    about = "How the council makes decisions, and where you fit in."
    provider = "Riverside Learning"


class ContributionFactory(factory.django.DjangoModelFactory):
    """Something people said about an initiative, on 2 March 2026, with no response yet."""

    class Meta:
        model = "outcomes.Contribution"

    initiative = factory.SubFactory(InitiativeFactory)
    panel = None
    organisation = factory.LazyAttribute(lambda o: (o.initiative or o.panel).organisation)
    source = "other"
    text = factory.Sequence(lambda n: f"Please make thing {n} easier to use.")
    said_on = datetime.date(2026, 3, 2)


class ChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.Change"

    contribution = factory.SubFactory(ContributionFactory)
    organisation = factory.LazyAttribute(lambda o: o.contribution.organisation)
    what = "We changed how it works."
    happened_on = datetime.date(2026, 4, 1)


class DecisionFactory(factory.django.DjangoModelFactory):
    """A decision on an initiative, taken by staff alone on 10 March 2026; `people=[...]`
    sets who took part."""

    class Meta:
        model = "decisions.Decision"
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    panel = None
    organisation = factory.LazyAttribute(lambda o: (o.initiative or o.panel).organisation)
    what = factory.Sequence(lambda n: f"Decision {n}: paint the fence green.")
    decided_on = datetime.date(2026, 3, 10)
    how = "staff_alone"

    @factory.post_generation
    def people(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.people.set(extracted)


def day_services_panel(org, alice, dana, bob=None, **fields):
    """The cast's panel: alice is its named contact, dana its deputy (and backs it), and bob,
    when given, a member since 1 April 2026. `fields` go to the panel."""
    panel = PanelFactory(
        organisation=org,
        name="Day Services Panel",
        slug="day-services",
        named_contact=alice.people.get(organisation=org),
        deputy_contact=dana.people.get(organisation=org),
        backed_by=dana.people.get(organisation=org),
        **fields,
    )
    if bob is not None:
        PanelMemberFactory(panel=panel, person=bob.people.get(organisation=org))
    return panel


# Panel attendance and access checks (coproduce.panels), decisions (coproduce.decisions)


class AttendanceFactory(factory.django.DjangoModelFactory):
    """Someone who came to a panel meeting with lived experience."""

    class Meta:
        model = "panels.Attendance"

    meeting = factory.SubFactory(MeetingFactory)
    organisation = factory.LazyAttribute(lambda o: o.meeting.organisation)
    person = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..meeting.organisation")
    )
    status = "attended"
    capacity = "lived"


class AccessNeedFactory(factory.django.DjangoModelFactory):
    """A person's access need (theirs, wherever they take part)."""

    class Meta:
        model = "people.AccessNeed"

    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyAttribute(lambda o: o.person.organisation)
    kind = "communication"
    identified_on = datetime.date(2026, 4, 1)
    identified_how = "told_us"


class AdjustmentFactory(factory.django.DjangoModelFactory):
    """What one panel agreed to do about a person's need."""

    class Meta:
        model = "panels.Adjustment"

    panel = factory.SubFactory(PanelFactory)
    organisation = factory.LazyAttribute(lambda o: o.panel.organisation)
    need = factory.SubFactory(
        AccessNeedFactory, person__organisation=factory.SelfAttribute("...panel.organisation")
    )
    person = factory.SelfAttribute("need.person")
    description = "Papers in large print a week before."
    agreed_on = datetime.date(2026, 4, 2)
    review_on = datetime.date(2026, 10, 2)


class AdjustmentCheckFactory(factory.django.DjangoModelFactory):
    """Whether an agreed adjustment was met at a meeting (of the adjustment's panel)."""

    class Meta:
        model = "panels.AdjustmentCheck"

    adjustment = factory.SubFactory(AdjustmentFactory)
    organisation = factory.LazyAttribute(lambda o: o.adjustment.organisation)
    meeting = factory.SubFactory(
        MeetingFactory,
        panel=factory.SelfAttribute("..adjustment.panel"),
        organisation=factory.SelfAttribute("..adjustment.organisation"),
    )
    result = "met"
