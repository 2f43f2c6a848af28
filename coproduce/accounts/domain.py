from __future__ import annotations

import secrets
import unicodedata

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.accounts.models import NO_EMAIL_DOMAIN, Invitation, User
from coproduce.core.audit import log_action
from coproduce.core.models import ROLE_RANK, Membership, Organisation, Role
from coproduce.people import messages as people_messages
from coproduce.people.models import Message, Person


def invite_to_organisation(
    organisation: Organisation,
    *,
    email: str,
    role: str,
    invited_by: User,
    person: Person | None = None,
) -> Invitation:
    """Invite someone by email to join `organisation` with `role`.

    Earlier open invitations for the same address are cancelled, so only the newest link works.
    Side effects: saves the Invitation; logs "accounts.invitation.sent"; saves its
    people.Message (sent after commit, see `send_invitation_message`).
    """
    email = email.strip().lower()
    with transaction.atomic():
        Invitation.objects.filter(
            organisation=organisation,
            email=email,
            accepted_at__isnull=True,
            cancelled_at__isnull=True,
        ).update(cancelled_at=timezone.now())
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, role=role, invited_by=invited_by, person=person
        )
        log_action(invitation, "accounts.invitation.sent", actor=invited_by, data={"role": role})
        send_invitation_message(invitation)
    return invitation


SLIP_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no look-alikes: no I, L, O, 0 or 1
SLIP_CODE_LENGTH = 12  # about 59 bits: enough for a link that works for a few days


def new_slip_code() -> str:
    return "".join(secrets.choice(SLIP_CODE_ALPHABET) for _ in range(SLIP_CODE_LENGTH))


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link or a typed slip code opens. A slip's code is read without
    caring about case, spaces or dashes, as people type it from paper."""
    typed = "".join(ch for ch in token.upper() if ch.isalnum())
    tokens = {token} | ({typed} if len(typed) == SLIP_CODE_LENGTH else set())
    return (
        Invitation.objects.select_related("organisation")
        .filter(token__in=tokens)
        .order_by("-by_slip")
        .first()
    )


def invite_by_slip(organisation: Organisation, *, person: Person, invited_by: User) -> Invitation:
    """A login invitation to print on a slip for someone who does not use email (no email
    is sent). Its token is a short code to type; it expires as any invitation does.

    Earlier open invitations for this person (and for their email address, if they have one)
    are cancelled, so only the newest slip works.
    Side effects: saves the Invitation; logs "accounts.invitation.printed".
    """
    return _print_slip(organisation, person=person, invited_by=invited_by, resets_password=False)


def new_password_slip(
    organisation: Organisation, *, person: Person, invited_by: User
) -> Invitation:
    """A "new password" slip for someone whose login has a sign-in name and no email address
    and who has forgotten their password: the same short code, expiry and once-only rule as a
    login slip, opening a page where they choose a new password (`reset_password_by_slip`).
    No password is made, kept or printed.

    Earlier open slips and invitations for this person are cancelled, so only the newest works.
    Refuses (ValidationError) a person with no login (code "no_login"; print a login slip) or
    whose login has an email address (code "has_email"; they use "I forgot my password").
    Side effects: saves the Invitation; logs "accounts.invitation.printed" with
    {"new_password": true}.
    """
    user = person.user
    if user is None:
        raise ValidationError(
            _("%(name)s has no login yet. Print them a login slip instead.")
            % {"name": person.display_name},
            code="no_login",
        )
    if user.has_email:
        raise ValidationError(
            _(
                "%(name)s logs in with an email address. They can get a new password by email: "
                "on the login page, they choose \u201cI forgot my password\u201d."
            )
            % {"name": person.display_name},
            code="has_email",
        )
    return _print_slip(organisation, person=person, invited_by=invited_by, resets_password=True)


def _print_slip(
    organisation: Organisation, *, person: Person, invited_by: User, resets_password: bool
) -> Invitation:
    email = "" if resets_password else person.email.strip().lower()
    with transaction.atomic():
        earlier = Invitation.objects.filter(
            organisation=organisation, accepted_at__isnull=True, cancelled_at__isnull=True
        )
        earlier.filter(person=person).update(cancelled_at=timezone.now())
        if email:
            earlier.filter(email=email).update(cancelled_at=timezone.now())
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=Role.MEMBER,
            invited_by=invited_by,
            person=person,
            by_slip=True,
            resets_password=resets_password,
            token=new_slip_code(),
        )
        log_action(
            invitation,
            "accounts.invitation.printed",
            actor=invited_by,
            data={"new_password": True} if resets_password else None,
        )
    return invitation


@transaction.atomic
def reset_password_by_slip(invitation: Invitation, *, password: str) -> User:
    """Give the login a "new password" slip is for the password its holder chose, and use the
    slip up. Their other sessions end (Django signs out a login whose password changed).

    Raises ValidationError when the slip is used, cancelled or out of time, or its person no
    longer has a login with a sign-in name.
    Side effects: saves the User's password and the invitation; logs
    "accounts.password.reset_by_slip".
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_invitation_open(invitation)
    user = slip_login(invitation)
    if user is None:
        raise ValidationError(_("This slip no longer works. Ask for a new one."), code="no_login")
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(invitation, "accounts.password.reset_by_slip", actor=user)
    return user


def slip_login(invitation: Invitation) -> User | None:
    """The login a "new password" slip is for: its person's, if it signs in with a sign-in
    name and still belongs to the slip's organisation; else None."""
    person = invitation.person
    user = person.user if person is not None and invitation.resets_password else None
    if user is None or user.has_email or not user.is_active:
        return None
    if not Membership.objects.filter(organisation=invitation.organisation, user=user).exists():
        return None
    return user


def send_invitation_message(invitation: Invitation) -> Message | None:
    """Send the invitation link through people.messages: to the person's record by the way
    they chose (and on their Messages page) when the invitation names one, else to the
    address invited. Returns None if it was made before.

    Side effects: saves a people.Message (sent after commit).
    """
    organisation = invitation.organisation
    to = invitation.person or people_messages.Recipient(
        organisation_id=organisation.pk, name="", email=invitation.email
    )
    return people_messages.send_message(
        to,
        "account.invitation",
        str(invitation.pk),
        link=settings.SITE_URL + reverse("accept_invitation", args=[invitation.token]),
        name=to.display_name,
        organisation=organisation.name,
        site=settings.SITE_NAME,
        expires=invitation.expires_at,
    )


def send_invitation_email(invitation: Invitation) -> None:
    """Hand over an invitation queued before these went through people.messages."""
    if invitation.accepted_at is None and invitation.cancelled_at is None:
        send_invitation_message(invitation)


def cancel_invitation(invitation: Invitation, *, actor: User) -> None:
    """Stop an invitation link from working. Side effects: saves it; logs the cancellation."""
    if invitation.accepted_at is None and invitation.cancelled_at is None:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
        log_action(invitation, "accounts.invitation.cancelled", actor=actor)


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """Join the invitation's organisation as `user`.

    The invitation must be open and for the user's own email address (a slip's invitation
    without an address is for whoever holds the slip). An existing
    membership keeps the higher of its role and the invited one. The user is linked to the
    invitation's Person, or to an unlinked Person with the same email, or to a new Person.
    Side effects: saves the Membership, the Person link and the invitation; marks the email
    address verified when the invitation was emailed to it (following the link proved it);
    logs "accounts.invitation.accepted".
    Raises ValidationError with a plain-English message when it cannot be accepted.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_invitation_open(invitation)
    if invitation.email and invitation.email != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to a different email address."), code="wrong_user"
        )
    organisation = invitation.organisation
    membership, created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and ROLE_RANK[Role(invitation.role)] > ROLE_RANK[Role(membership.role)]:
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    _link_person(invitation, user)
    # Following an emailed link proves the address. A slip does not: the person typed the
    # address, so it is confirmed the usual way, by email, when they next sign in.
    # A login with no email address has nothing to confirm: the slip it came from is the proof.
    proved = (
        not invitation.by_slip and invitation.email == user.email.lower()
    ) or not user.has_email
    address, created = EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": proved, "primary": True}
    )
    if proved and not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(
        invitation, "accounts.invitation.accepted", actor=user, data={"role": membership.role}
    )
    return membership


def check_invitation_open(invitation: Invitation) -> None:
    """Raise ValidationError saying why an invitation can no longer be used."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.cancelled_at is not None:
        raise ValidationError(_("This invitation was cancelled."), code="cancelled")
    if invitation.is_expired:
        raise ValidationError(_("This invitation has run out of time."), code="expired")


def _link_person(invitation: Invitation, user: User) -> None:
    if Person.objects.filter(organisation=invitation.organisation, user=user).exists():
        return
    person = invitation.person
    if person is None or person.user_id is not None:
        person = Person.objects.filter(
            organisation=invitation.organisation, email__iexact=user.email, user__isnull=True
        ).first()
    if person is None:
        Person.objects.create(
            organisation=invitation.organisation,
            name=user.name or user.email,
            email=user.email,
            user=user,
        )
    else:
        person.user = user
        person.save(update_fields=["user", "updated_at"])


SIGN_IN_DIGITS = "23456789"  # no 0 or 1, which look like O and l on paper


def new_sign_in_address(name: str) -> str:
    """A sign-in name no login has yet, for someone with no email address: the first word of
    their name in plain letters and four digits ("june4827"), kept as the login's address at
    `NO_EMAIL_DOMAIN`, which no mail can reach."""
    first = name.split()[0] if name.split() else ""
    plain = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode()
    stem = "".join(ch for ch in plain.lower() if "a" <= ch <= "z")[:10] or "member"
    while True:
        digits = "".join(secrets.choice(SIGN_IN_DIGITS) for _ in range(4))
        address = f"{stem}{digits}@{NO_EMAIL_DOMAIN}"
        if not User.objects.filter(email=address).exists():
            return address


@transaction.atomic
def create_account_for_invitation(
    invitation: Invitation, *, name: str, password: str, email: str = ""
) -> User:
    """Make a login for the invited email address (or, for a slip without one, the address
    the person typed: `email`, or, if they have none, a new sign-in name) and accept the
    invitation with it.

    Side effects: saves the User and everything `accept_invitation` saves.
    """
    check_invitation_open(invitation)
    address = invitation.email or email.strip().lower()
    if not address and invitation.by_slip:
        address = new_sign_in_address(name)
    if not address:
        raise ValidationError(_("Enter your email address."), code="no_email")
    user = User.objects.create_user(address, password, name=name)
    accept_invitation(invitation, user)
    return user


def change_role(membership: Membership, role: str, *, actor: User) -> None:
    """Give a member another role. An organisation always keeps at least one admin.

    Side effects: saves the Membership; logs "core.membership.role_changed".
    Raises ValidationError when it would leave the organisation with no admin.
    """
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        admins = Membership.objects.filter(organisation=membership.organisation, role=Role.ADMIN)
        if admins.count() <= 1:
            raise ValidationError(
                _("Every organisation needs at least one admin. Make someone else an admin first."),
                code="last_admin",
            )
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    log_action(
        membership, "core.membership.role_changed", actor=actor, data={"from": old, "to": role}
    )


def unique_slug(name: str) -> str:
    """A web-address name for an organisation that no other organisation has."""
    base = slugify(name)[:50] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_organisation(*, name: str, kind: str, creator: User) -> Organisation:
    """Start an organisation with `creator` as its first admin.

    Side effects: saves the Organisation, an admin Membership and a Person for the creator;
    logs "core.organisation.created".
    """
    organisation = Organisation.objects.create(name=name, slug=unique_slug(name), kind=kind)
    Membership.objects.create(organisation=organisation, user=creator, role=Role.ADMIN)
    Person.objects.create(
        organisation=organisation,
        name=creator.name or creator.email,
        email=creator.email,
        user=creator,
        created_by=creator,
    )
    log_action(organisation, "core.organisation.created", actor=creator)
    return organisation
