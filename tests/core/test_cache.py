"""The cache behind the wrong-code limits: shared by every server process when REDIS_URL is set."""

import os

from django.conf import settings
from django.core.cache import cache, caches
from django.test import RequestFactory, override_settings

from coproduce.core.limits import WRONG_CODES, is_limited, note_attempt
from tests.conftest import IN_CI, skip_unless

# In CI the machine's Redis is always there, even in the SQLite pass without REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL") or ("redis://127.0.0.1:6379/0" if IN_CI else "")


def test_the_cache_is_redis_exactly_when_redis_url_is_set():
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if os.environ.get("REDIS_URL"):
        assert backend == "django.core.cache.backends.redis.RedisCache"
    else:
        assert backend in {"", "django.core.cache.backends.locmem.LocMemCache"}


@skip_unless(bool(REDIS_URL), "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
def test_wrong_codes_counted_by_one_process_stop_guessing_in_another():
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "coproduce-test",
        }
    }
    with override_settings(CACHES=shared):
        cache.clear()
        other_process = caches.create_connection("default")  # its own client and pool
        guesser = RequestFactory().get("/answer/", REMOTE_ADDR="203.0.113.9")
        for _ in range(WRONG_CODES.per_client):
            note_attempt(guesser, WRONG_CODES)
        address_key = "limits:wrong-code:address:203.0.113.9"
        assert other_process.get(address_key) == WRONG_CODES.per_client
        assert is_limited(guesser, WRONG_CODES)
        other_process.clear()
        assert not is_limited(guesser, WRONG_CODES)
