"""The cast, created once per test that asks for it.

alice facilitates and leads an initiative (staff); bob is a member with lived experience;
charlie belongs to another organisation and must see nothing of Riverside; dana is
Riverside's admin (with two-step sign in set up, as admins must).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import Callable

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from coproduce.core.models import Role
from coproduce.initiatives.models import Capacity
from tests.factories import (
    InitiativeFactory,
    InvolvementFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

IN_CI = os.environ.get("CI", "").lower() == "true"


def skip_unless(condition: bool, reason: str) -> pytest.MarkDecorator:
    """Skip when a service or tool is missing, except in CI, where nothing may skip."""
    if IN_CI:
        return pytest.mark.skipif(False, reason=reason)
    return pytest.mark.skipif(not condition, reason=reason)


def fail_in_ci_or_skip(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI must not skip: {reason}")
    pytest.skip(reason)


async def wait_until(condition: Callable[[], object], *, what: str, timeout: float = 5.0) -> None:
    """Wait until `condition()` is true, checking every 5 ms; fail after `timeout` seconds.

    Use this, not a fixed sleep, before an exact assertion about work done in another task or
    thread: a fixed sleep is too short on a busy machine and wasted time on a quiet one.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Waited {timeout} s for {what}")
        await asyncio.sleep(0.005)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts and ends with an empty cache (the wrong-code counter lives there):
    with REDIS_URL it is shared and outlives the run."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


HAS_CHROMIUM = shutil.which("chromium") is not None or os.path.exists("/usr/bin/chromium")


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Riverside Council", slug="riverside")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Hillside Care", slug="hillside")


@pytest.fixture
def alice(org):
    user = UserFactory(email="alice@example.org", name="Alice Okafor")
    MembershipFactory(organisation=org, user=user, role=Role.STAFF)
    PersonFactory(organisation=org, user=user, name="Alice Okafor", email=user.email)
    return user


@pytest.fixture
def bob(org):
    user = UserFactory(email="bob@example.org", name="Bob Hughes")
    MembershipFactory(organisation=org, user=user, role=Role.MEMBER)
    PersonFactory(organisation=org, user=user, name="Bob Hughes", email=user.email)
    return user


@pytest.fixture
def charlie(other_org):
    user = UserFactory(email="charlie@example.org", name="Charlie Evans")
    MembershipFactory(organisation=other_org, user=user, role=Role.ADMIN)
    give_totp(user)
    PersonFactory(organisation=other_org, user=user, name="Charlie Evans")
    return user


@pytest.fixture
def dana(org):
    user = UserFactory(email="dana@example.org", name="Dana Price")
    MembershipFactory(organisation=org, user=user, role=Role.ADMIN)
    give_totp(user)
    PersonFactory(organisation=org, user=user, name="Dana Price", email=user.email)
    return user


def give_totp(user) -> str:
    """Set up an authenticator app for `user`; returns the secret so tests can make codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def cast(alice, bob, charlie, dana):
    return {"alice": alice, "bob": bob, "charlie": charlie, "dana": dana}


@pytest.fixture
def initiative(org, alice, bob):
    """Alice leads "Make the garden easy to use"; Bob takes part with lived experience."""
    lead = alice.people.get(organisation=org)
    initiative = InitiativeFactory(organisation=org, title="Make the garden easy to use", lead=lead)
    InvolvementFactory(
        initiative=initiative, person=bob.people.get(organisation=org), capacity=Capacity.LIVED_CARE
    )
    InvolvementFactory(initiative=initiative, person=lead, capacity=Capacity.LEARNT)
    return initiative


@pytest.fixture
def client_as(client):
    """client_as(user) logs the test client in as `user` and returns it."""

    def login(user):
        client.force_login(user)
        return client

    return login
