"""Test settings: the production settings file with a handful of overrides."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

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
