"""Who is signed in on a WebSocket: read from the session cookie, as Django reads it for a page."""

from __future__ import annotations

import pytest
from django.test import Client

from coproduce.accounts.sockets import user_for_session_key

pytestmark = pytest.mark.django_db


def session_key_for(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_the_signed_in_user_comes_from_the_session_cookie(alice):
    assert user_for_session_key(session_key_for(alice)) == alice


def test_no_cookie_or_a_made_up_one_is_nobody():
    assert not user_for_session_key(None).is_authenticated
    assert not user_for_session_key("not-a-real-session").is_authenticated


def test_a_session_from_before_a_password_change_no_longer_counts(alice):
    key = session_key_for(alice)
    alice.set_password("a brand new long password 42")
    alice.save()
    assert not user_for_session_key(key).is_authenticated
