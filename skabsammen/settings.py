"""Settings for Skab Sammen.

Every value comes from an environment variable with a default that works on a
developer's machine: SQLite in ``var/``, e-mail to files in ``var/mail`` and to
the outbox page. Production sets ``DATABASE_URL``, ``EMAIL_URL``,
``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DEBUG=false``.
"""

import secrets
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
env.read_env(BASE_DIR / ".env")  # optional; absent in CI and on most machines


def _secret_key() -> str:
    """Return SECRET_KEY from the environment, else a random key kept in var/."""
    if key := env.str("SECRET_KEY", default=""):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

MUNICIPALITY_NAME = env.str("MUNICIPALITY_NAME", default="Gentofte Kommune")
# Shown in the accessibility statement as where to report a problem.
MUNICIPALITY_CONTACT_EMAIL = env.str("MUNICIPALITY_CONTACT_EMAIL", default="")

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
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "skabsammen.common",
    "skabsammen.audit",
    "skabsammen.mail",
    "skabsammen.municipality",
    "skabsammen.accounts",
    "skabsammen.initiatives",
    "skabsammen.committees",
    "skabsammen.citizeninput",
    "skabsammen.themes",
    "skabsammen.policies",
    "skabsammen.lotteries",
    "skabsammen.outreach",
    "skabsammen.bridges",
    "skabsammen.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "skabsammen.common.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "skabsammen.api.middleware.JsonErrorsForApiMiddleware",
]

ROOT_URLCONF = env.str("ROOT_URLCONF", default="skabsammen.urls")
WSGI_APPLICATION = "skabsammen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "skabsammen" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "skabsammen.common.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "skabsammen.common.forms.DkfdsFormRenderer"

DATABASES = {
    # An empty DATABASE_URL counts as unset.
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'skabsammen.sqlite3'}"
    ),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["skabsammen.accounts.backends.EmailLinkBackend"]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)

# Sign-in links: lifetime in minutes and how many may be asked for per hour.
SIGN_IN_LINK_MINUTES = env.int("SIGN_IN_LINK_MINUTES", default=15)
SIGN_IN_LIMIT_PER_ADDRESS = env.int("SIGN_IN_LIMIT_PER_ADDRESS", default=5)
SIGN_IN_LIMIT_PER_CLIENT = env.int("SIGN_IN_LIMIT_PER_CLIENT", default=30)
# Invitations (co-owners, ideas registered for a citizen) one person may send per hour.
INVITATIONS_PER_HOUR = env.int("INVITATIONS_PER_HOUR", default=20)
# Ideas and messages one person may send per hour.
IDEAS_PER_HOUR = env.int("IDEAS_PER_HOUR", default=10)
MESSAGES_PER_HOUR = env.int("MESSAGES_PER_HOUR", default=60)
# How many reverse proxies in front of the app add to X-Forwarded-For; 0 trusts none
# and uses the connection's address. See docs/deploy.md.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "skabsammen" / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Copenhagen")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    BASE_DIR / "skabsammen" / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)

# E-mail. Every message is stored (see skabsammen.mail) and delivered by a task
# through the backend that EMAIL_URL names; without it, to files in var/mail.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default=f"filemail://{VAR_DIR / 'mail'}")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Skab Sammen <skabsammen@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The outbox page shows every stored e-mail to staff; on in development only.
EMAIL_OUTBOX = env.bool("EMAIL_OUTBOX", default=DEBUG)

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# Themes: "e5" clusters the stored embeddings (computed by a task when a text is saved);
# "char_tfidf" clusters character n-grams and needs no embeddings.
THEMES_REPRESENTATION = env.str("THEMES_REPRESENTATION", default="e5")
THEMES_EMBED_ON_SAVE = env.bool("THEMES_EMBED_ON_SAVE", default=True)
# A theme run still queued or running this long after it was started has lost its worker
# (a run over 100,000 texts takes about a minute); staff may then start it again.
THEMES_RUN_LEASE_SECONDS = env.int("THEMES_RUN_LEASE_SECONDS", default=30 * 60)

# Bridges: days each side of an introduction has to answer before it closes unasked; how
# long an organisation's self-update link works; the largest directory import.
BRIDGES_ANSWER_DAYS = env.int("BRIDGES_ANSWER_DAYS", default=14)
BRIDGES_UPDATE_LINK_DAYS = env.int("BRIDGES_UPDATE_LINK_DAYS", default=30)
BRIDGES_IMPORT_MAX_MB = env.int("BRIDGES_IMPORT_MAX_MB", default=10)

# Response-time targets, in working days (Danish public holidays do not count).
RESPONSE_TARGET_CONTACT_PERSON_DAYS = env.int("RESPONSE_TARGET_CONTACT_PERSON_DAYS", default=2)
RESPONSE_TARGET_FIRST_REPLY_DAYS = env.int("RESPONSE_TARGET_FIRST_REPLY_DAYS", default=5)
# Days the town hall is closed besides public holidays, as MM-DD.
WORKDAYS_EXTRA_CLOSED = env.list("WORKDAYS_EXTRA_CLOSED", default=["06-05", "12-24", "12-31"])
# Above this LIX a staff message gets a warning before it is sent.
LIX_WARNING_ABOVE = env.int("LIX_WARNING_ABOVE", default=45)

# Committees: the case ID format of the municipality's records system (Gentofte and
# Aarhus write EMN-2018-05565), attachments and imported minutes.
CASE_ID_PATTERN = env.str("CASE_ID_PATTERN", default=r"^[A-ZÆØÅ]{2,6}-\d{4}-\d{3,8}$")
CASE_ID_EXAMPLE = env.str("CASE_ID_EXAMPLE", default="EMN-2018-05565")
ATTACHMENT_MAX_MB = env.int("ATTACHMENT_MAX_MB", default=20)
MINUTES_IMPORT_MAX_MB = env.int("MINUTES_IMPORT_MAX_MB", default=20)
AGENDA_NOTICE_WORKING_DAYS = env.int("AGENDA_NOTICE_WORKING_DAYS", default=4)

# Outreach (personal invitations): the largest register extract, how many e-mails one
# SMTP connection carries, and after how long an e-mail claimed by a worker that has not
# finished it counts as abandoned (that worker died) and is sent by another.
OUTREACH_REGISTER_MAX_MB = env.int("OUTREACH_REGISTER_MAX_MB", default=20)
OUTREACH_SEND_BATCH = env.int("OUTREACH_SEND_BATCH", default=200)
OUTREACH_SEND_LEASE_SECONDS = env.int("OUTREACH_SEND_LEASE_SECONDS", default=300)
# A sending task queues its continuation after this long, so a worker stops soon.
OUTREACH_SEND_CHUNK_SECONDS = env.int("OUTREACH_SEND_CHUNK_SECONDS", default=20)
# An e-mail the receiving server keeps refusing for now (4xx) is tried again for this
# long, then sent as a letter instead, so that a full mailbox cannot hold up a campaign.
OUTREACH_DEFER_HOURS = env.int("OUTREACH_DEFER_HOURS", default=24)
# The letters' PDF still being made after this long has lost its worker (30,000 letters
# take about 10 minutes); the secretariat may then ask for it again.
OUTREACH_LETTERS_PDF_LEASE_SECONDS = env.int("OUTREACH_LETTERS_PDF_LEASE_SECONDS", default=1800)

# Wrong answer codes one client may type per hour before the answer page says wait.
OUTREACH_CODE_ATTEMPTS_PER_HOUR = env.int("OUTREACH_CODE_ATTEMPTS_PER_HOUR", default=20)

# Lotteries: a draw still running after this long has lost its worker (LEXIMIN on 1,000
# people takes up to 5 minutes); the secretariat may then run it again.
LOTTERY_DRAW_LEASE_SECONDS = env.int("LOTTERY_DRAW_LEASE_SECONDS", default=30 * 60)

# Production hardening. Behind TLS set HTTPS=true (and DEBUG=false, SECRET_KEY,
# ALLOWED_HOSTS): then `manage.py check --deploy` is clean. See docs/deploy.md.
HTTPS = env.bool("HTTPS", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])
CSRF_FAILURE_VIEW = "skabsammen.common.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
