from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.core.models import OrganisationOwned, Role

# A login for someone with no email address at all signs in with a sign-in name instead
# ("june4827"), kept as an address at a reserved name that can never receive mail (RFC 2606),
# so the one field allauth signs people in by stays unique and nothing else changes.
NO_EMAIL_DOMAIN = "no-email.invalid"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A login. Signs in with an email address; most people in Coproduce never need one."""

    username = None  # type: ignore[assignment]  # no usernames: people sign in by email
    first_name = None  # type: ignore[assignment]  # one name field instead
    last_name = None  # type: ignore[assignment]  # one name field instead
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # our manager creates users by email

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email

    @property
    def sign_in_name(self) -> str:
        """For a login with no email address, the name typed to sign in; else ""."""
        local, _at, domain = self.email.rpartition("@")
        return local if domain == NO_EMAIL_DOMAIN else ""

    @property
    def has_email(self) -> bool:
        return not self.sign_in_name


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _default_expiry() -> Any:
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class Invitation(OrganisationOwned):
    """A link that lets someone join an organisation with a role: emailed, or printed on a
    login slip for someone who does not use email (`by_slip`). It expires.

    A slip's invitation may have no email address: the person types the address they will
    sign in with when they choose their password. Its token is a short code people can type.

    A "new password" slip (`resets_password`) is for someone whose login has a sign-in name
    and no email address, who has forgotten their password: it lets them choose a new one for
    the login their person record already has, instead of making a login.
    """

    email = models.EmailField(_("email address"), blank=True)
    by_slip = models.BooleanField(default=False)
    resets_password = models.BooleanField(default=False)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_default_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None and not self.is_expired
