"""Test settings: the production settings file with a handful of overrides."""

import os
from typing import Any
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from config import settings as production
from config.settings import *  # noqa: F403 -- the production settings, then a few overrides

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"] = {  # noqa: F405 -- STORAGES comes from the settings above
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405 -- BASE_DIR comes from the settings above
# The browser tests talk plain HTTP to a live server on localhost.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Tests never run collectstatic: serve static files from the app folders instead.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Under pytest-xdist (`make test` runs the tests without a browser on two workers), each worker
# has its own Redis database, as each test clears the cache, and its own channel-layer prefix,
# as Redis pub/sub is shared by every database.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER and production.REDIS_URL:
    _redis = urlsplit(production.REDIS_URL)
    _database = (int(_redis.path.strip("/") or 0) + 1 + int(XDIST_WORKER.removeprefix("gw"))) % 16
    _worker_redis = urlunsplit(_redis._replace(path=f"/{_database}"))
    production.CACHES["default"]["LOCATION"] = _worker_redis
    _layer: Any = production.CHANNEL_LAYERS["default"]["CONFIG"]
    _layer["hosts"][0]["address"] = _worker_redis
    _layer["prefix"] = f"asgi-{XDIST_WORKER}"
