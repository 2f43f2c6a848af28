from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts import domain
from coproduce.accounts.models import Invitation, User
from coproduce.core.models import AuditEntry, Membership, Role
from coproduce.people.models import Person
from tests.factories import InvitationFactory, PersonFactory, UserFactory


def test_invite_to_organisation_sends_email_with_link(
    org, dana, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = domain.invite_to_organisation(
            org, email=" New.Person@Example.org ", role=Role.STAFF, invited_by=dana
        )
    assert invitation.email == "new.person@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert message.subject == "You are invited to join Riverside Council on Coproduce"
    assert f"/invitations/{invitation.token}/" in message.body
    assert AuditEntry.objects.filter(action="accounts.invitation.sent").count() == 1


def test_invite_to_organisation_cancels_earlier_open_invitations(org, dana):
    first = domain.invite_to_organisation(
        org, email="a@example.org", role="member", invited_by=dana
    )
    second = domain.invite_to_organisation(
        org, email="a@example.org", role="member", invited_by=dana
    )
    first.refresh_from_db()
    assert first.cancelled_at is not None
    assert second.is_open


def test_invite_to_organisation_sends_nothing_when_rolled_back(
    org, dana, django_capture_on_commit_callbacks
):
    def invite_then_fail() -> None:
        with transaction.atomic():
            domain.invite_to_organisation(
                org, email="a@example.org", role="member", invited_by=dana
            )
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        invite_then_fail()
    assert callbacks == []
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_create_account_for_invitation_joins_and_links_new_person(org):
    invitation = InvitationFactory(organisation=org, email="sam@example.org", role=Role.MEMBER)
    user = domain.create_account_for_invitation(
        invitation, name="Sam Lee", password="a-long-pass-1"
    )
    assert user.check_password("a-long-pass-1")
    assert Membership.objects.get(user=user).role == Role.MEMBER
    person = Person.objects.get(organisation=org, user=user)
    assert (person.name, person.email) == ("Sam Lee", "sam@example.org")
    assert EmailAddress.objects.get(user=user).verified is True
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_accept_invitation_links_existing_person_with_same_email(org):
    june = PersonFactory(organisation=org, name="June Adeyemi", email="June@Example.org")
    user = UserFactory(email="june@example.org")
    invitation = InvitationFactory(organisation=org, email="june@example.org")
    domain.accept_invitation(invitation, user)
    june.refresh_from_db()
    assert june.user == user
    assert Person.objects.filter(organisation=org).count() == 1


def test_accept_invitation_keeps_higher_existing_role(org, dana):
    invitation = InvitationFactory(organisation=org, email=dana.email, role=Role.MEMBER)
    membership = domain.accept_invitation(invitation, dana)
    assert membership.role == Role.ADMIN


def test_accept_invitation_raises_role_when_invited_higher(org, bob):
    invitation = InvitationFactory(organisation=org, email=bob.email, role=Role.STAFF)
    assert domain.accept_invitation(invitation, bob).role == Role.STAFF


def test_accept_invitation_refuses_other_email(org, alice):
    invitation = InvitationFactory(organisation=org, email="someone@example.org")
    with pytest.raises(ValidationError, match="different email address"):
        domain.accept_invitation(invitation, alice)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "run out of time"),
        ({"cancelled_at": timezone.now()}, "was cancelled"),
        ({"accepted_at": timezone.now()}, "already been used"),
    ],
    ids=["expired", "cancelled", "used"],
)
def test_accept_invitation_refuses_closed_invitation(org, change, message):
    invitation = InvitationFactory(organisation=org, email="sam@example.org", **change)
    with pytest.raises(ValidationError, match=message):
        domain.create_account_for_invitation(invitation, name="Sam", password="a-long-pass-1")
    assert not User.objects.filter(email="sam@example.org").exists()


def test_accept_invitation_twice_joins_once(org, bob):
    invitation = InvitationFactory(organisation=org, email=bob.email, role=Role.STAFF)
    domain.accept_invitation(invitation, bob)
    with pytest.raises(ValidationError, match="already been used"):
        domain.accept_invitation(invitation, bob)
    assert Membership.objects.filter(user=bob, organisation=org).count() == 1


def test_change_role_refuses_to_remove_last_admin(org, dana):
    membership = Membership.objects.get(user=dana)
    with pytest.raises(ValidationError, match="at least one admin"):
        domain.change_role(membership, Role.STAFF, actor=dana)
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_change_role_logs_old_and_new(org, dana, bob):
    membership = Membership.objects.get(user=bob)
    domain.change_role(membership, Role.STAFF, actor=dana)
    entry = AuditEntry.objects.get(action="core.membership.role_changed")
    assert (entry.actor, entry.data) == (dana, {"from": "member", "to": "staff"})
