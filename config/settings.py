"""One settings file, read from the environment (see docs/deploy.md for every variable).

Development: DEBUG=1 (the Makefile sets it). Production: DEBUG unset, and SECRET_KEY and
ALLOWED_HOSTS are required; the app refuses to start without them.
"""

import os
import warnings
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "development-only-not-secret"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
elif not SECRET_KEY or not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Coproduce needs SECRET_KEY and ALLOWED_HOSTS in production. "
        "Set both in the environment, or set DEBUG=1 for local development."
    )
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "channels",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "coproduce.core",
    "coproduce.accounts",
    "coproduce.people",
    "coproduce.initiatives",
    "coproduce.pictures",
    "coproduce.ladder",
    "coproduce.workshops",
    "coproduce.panels",
    "coproduce.selection",
    "coproduce.payments",
    "coproduce.wellbeing",
    "coproduce.outcomes",
    "coproduce.decisions",
    "coproduce.assurance",
    "coproduce.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "coproduce.core.limits.ClientCookieMiddleware",
    "coproduce.core.middleware.PrivateDownloadsMiddleware",
    "coproduce.core.middleware.FormPostsOnlyMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coproduce.accounts.middleware.AdminMFAMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coproduce.core.context_processors.shell",
                "coproduce.people.reading.reading_choices",
            ],
        },
    },
]
FORM_RENDERER = "coproduce.core.forms.FormRenderer"

# Databases: SQLite by default, PostgreSQL (psycopg 3) when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Live rooms: the in-memory layer on one process; Redis shares rooms between processes.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "max_connections": 1000}]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# The cache holds the wrong-code counters that slow down guessing of join and answer codes. With
# REDIS_URL every server process shares them (Django's own Redis backend); without it, each
# process has its own in memory, which is right for one process.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "coproduce",
        }
    }

# Background work: Django's tasks framework, stored in the database, run by `db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: sign in with email and password; email verified; MFA by TOTP.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "coproduce.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "coproduce.accounts.signup.SignupExtraForm"
ACCOUNT_FORMS = {
    "login": "coproduce.accounts.forms.LoginForm",
    "signup": "coproduce.accounts.forms.SignupForm",
}
ACCOUNT_ALLOW_SIGNUPS = envbool("ACCOUNT_ALLOW_SIGNUPS", default=True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Coproduce")

# Email (Django 6.1 mailers): printed to the console in development; SMTP in production.
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS: dict[str, dict[str, Any]] = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": envint("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": envbool("EMAIL_USE_TLS"),
        "timeout": envint("EMAIL_TIMEOUT", 30),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Coproduce <coproduce@localhost>")

# GOV.UK Notify (docs/messages.md): with a key set, email, text messages and letters go through
# Notify's official client; without one, email goes by the mailer above and texts and letters
# become a staff to-do. Each template has the placeholders ((subject)) and ((body)); the letter
# template also takes the address lines Notify needs.
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "").strip()
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_TEXT_TEMPLATE_ID = os.environ.get("NOTIFY_TEXT_TEMPLATE_ID", "")
NOTIFY_LETTER_TEMPLATE_ID = os.environ.get("NOTIFY_LETTER_TEMPLATE_ID", "")
# The bearer token Notify sends with each delivery receipt (set the same in Notify's
# "Callbacks" page). Empty: the callback address refuses everything.
NOTIFY_CALLBACK_TOKEN = os.environ.get("NOTIFY_CALLBACK_TOKEN", "").strip()
MESSAGE_MAX_ATTEMPTS = envint("MESSAGE_MAX_ATTEMPTS", 5)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT: Path | None = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "coproduce.core.storage.StaticStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# A strict Content Security Policy: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# A sign-in lasts two weeks (Django's default). SESSION_IDLE_MINUTES signs people out after
# that long without a page: each request then saves the session and restarts the clock.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 0)
if SESSION_IDLE_MINUTES > 0:
    SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
    SESSION_SAVE_EVERY_REQUEST = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "coproduce.core.views.csrf_failure"
if not DEBUG:
    # Behind a TLS-terminating reverse proxy (docs/deploy.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Coproduce's own settings.
INVITATION_DAYS = envint("INVITATION_DAYS", 14)
# The ceilings on anonymous tries from one address (coproduce/core/limits.py). Each browser
# has its own, much lower limit; these only stop a flood from one address.
WRONG_CODES_PER_ADDRESS = envint("WRONG_CODES_PER_ADDRESS", 300)
ANONYMOUS_WRITES_PER_ADDRESS = envint("ANONYMOUS_WRITES_PER_ADDRESS", 1000)
SITE_NAME = os.environ.get("SITE_NAME", "Coproduce")
# Panels: small-number suppression for equality counts (the rules: panels/suppression.py),
# and what an application may attach.
PANELS_SUPPRESSION_MIN_TOTAL = envint("PANELS_SUPPRESSION_MIN_TOTAL", 10)
PANELS_SUPPRESSION_MIN_CELL = envint("PANELS_SUPPRESSION_MIN_CELL", 5)
# Limits at the edge: the text of one request (files are limited by the *_MAX_MB settings)
# and how many fields it may have. Over them, the person gets templates/400.html.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("MAX_REQUEST_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("MAX_REQUEST_FIELDS", 1000)
PANELS_ATTACHMENT_MAX_MB = envint("PANELS_ATTACHMENT_MAX_MB", 5)
# Panel meetings: papers are due this many days before (a default each meeting can change);
# reminders go this many hours before the meeting and before the papers are due.
PANELS_PAPERS_DUE_DAYS = envint("PANELS_PAPERS_DUE_DAYS", 7)
PANELS_MEETING_REMINDER_HOURS = [int(h) for h in envlist("PANELS_MEETING_REMINDER_HOURS", "168,24")]
PANELS_PAPERS_REMINDER_HOURS = [int(h) for h in envlist("PANELS_PAPERS_REMINDER_HOURS", "48")]
PANELS_PAPER_MAX_MB = envint("PANELS_PAPER_MAX_MB", 20)
# Workshops: the one reminder to people invited goes this many hours before it starts.
WORKSHOPS_REMINDER_HOURS = envint("WORKSHOPS_REMINDER_HOURS", 48)
# Panels retention (docs/panels.md): equality answers go this many months after the application
# ends (declined, or membership over) or recruitment closes; unsent drafts after this many days.
PANELS_EQUALITY_RETENTION_MONTHS = envint("PANELS_EQUALITY_RETENTION_MONTHS", 12)
PANELS_DRAFT_RETENTION_DAYS = envint("PANELS_DRAFT_RETENTION_DAYS", 30)
# Wellbeing: contacts reply to a new concern within this many working days (each organisation
# can change it); members are asked for a debrief for this many days after a meeting.
WELLBEING_RESPONSE_WORKING_DAYS = envint("WELLBEING_RESPONSE_WORKING_DAYS", 2)
WELLBEING_DEBRIEF_DAYS = envint("WELLBEING_DEBRIEF_DAYS", 7)
WELLBEING_CERTIFICATE_MAX_MB = envint("WELLBEING_CERTIFICATE_MAX_MB", 5)
# Ladder reminders to people who have not sent their answers: at most this many each, and
# never two within this many days of the last email with their link.
LADDER_REMINDER_GAP_DAYS = envint("LADDER_REMINDER_GAP_DAYS", 3)
LADDER_REMINDERS_MAX = envint("LADDER_REMINDERS_MAX", 2)
# You said, we did: evidence files of a change.
OUTCOMES_EVIDENCE_MAX_MB = envint("OUTCOMES_EVIDENCE_MAX_MB", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_client_tracebacks": {"()": "coproduce.core.logs.NoTracebackForClientErrors"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_client_tracebacks"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # On the logger too, so every handler (and a test's capture) gets the short form.
        "django.request": {"filters": ["no_client_tracebacks"]},
    },
}
# The address people use to reach this site. When set, every link uses it (behind a proxy the
# request may not know it); when not, links on a page use the address the page was served at
# (`core.links.absolute_url`) and emails sent from tasks use the local default below.
SITE_URL_FIXED = bool(os.environ.get("SITE_URL", "").strip())
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/") or "http://127.0.0.1:8000"

# WhiteNoise serves static files as synchronous iterators; under ASGI Django warns about each
# one. It is harmless (Django consumes them in a thread); in production the reverse proxy
# serves /static/ itself (docs/deploy.md).
warnings.filterwarnings(
    "ignore", message="StreamingHttpResponse must consume synchronous iterators"
)
