"""Factories for every model: boring, predictable, and the base of `seed_demo`."""

import datetime

import factory
from allauth.account.models import EmailAddress

from coproduce.accounts.models import Invitation, User
from coproduce.core.models import Membership, Organisation, Role
from coproduce.initiatives.models import Capacity, Initiative, Involvement
from coproduce.people.models import Person

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
