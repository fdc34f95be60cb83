"""Settings for Reprisals Tracker: one module, driven by the environment, failing loudly.

Every variable read here is documented in ``.env.example`` and ``docs/configuration.md``; a test fails
when one is not. Production is the default: ``REPRISALS_DEBUG=1`` must be asked for.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from reprisals.core.proxies import parse_networks

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("REPRISALS_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}")


DEBUG = env_bool("REPRISALS_DEBUG", False)

SECRET_KEY = os.environ.get("REPRISALS_SECRET_KEY", "")
DATA_KEY = os.environ.get("REPRISALS_DATA_KEY", "")
if DEBUG:
    # Development only: stable throwaway keys so that `make run` works on a fresh clone.
    SECRET_KEY = SECRET_KEY or "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"
    DATA_KEY = DATA_KEY or "ZGV2LW9ubHktaW5zZWN1cmUtZGF0YS1rZXktMDAwMDA="
if not SECRET_KEY:
    raise ImproperlyConfigured("REPRISALS_SECRET_KEY is not set (see docs/configuration.md)")
if not DATA_KEY:
    raise ImproperlyConfigured("REPRISALS_DATA_KEY is not set (see docs/configuration.md)")
# Older data keys, comma-separated, still accepted for decryption during a key rotation.
DATA_KEYS_OLD = [k for k in os.environ.get("REPRISALS_DATA_KEYS_OLD", "").split(",") if k]

# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or networks); see core.proxies.
TRUSTED_PROXIES = os.environ.get("REPRISALS_TRUSTED_PROXIES", "")
parse_networks(TRUSTED_PROXIES)  # a malformed entry stops start-up, naming it
ALLOWED_HOSTS = [h for h in os.environ.get("REPRISALS_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "reprisals.core",
    "reprisals.reference",
    "reprisals.accounts",
    "reprisals.cases",
    "reprisals.followup",
    "reprisals.intake",
    "reprisals.linkage",
    "reprisals.trackers",
    "reprisals.reports",
]

MIDDLEWARE = [
    "reprisals.core.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "reprisals.core.middleware.SecurityHeadersMiddleware",
    "reprisals.core.middleware.RejectNulMiddleware",
    "reprisals.core.middleware.ApiMethodNotAllowedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reprisals.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "reprisals.core.middleware.RequestContextMiddleware",
    "reprisals.core.views.DomainErrorMiddleware",
]

ROOT_URLCONF = "reprisals.urls"
WSGI_APPLICATION = "reprisals.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ]
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "reprisals.sqlite3",
            # IMMEDIATE transactions serialise writers up front, so the audit chain head is never
            # read by two writers at once; WAL lets readers go on while one writes; secure_delete
            # overwrites erased data instead of leaving it in free pages of the file.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
            },
        }
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file per test process (not memory): concurrency tests need SQLite's real locking, and tests
    # inspect the raw file for plaintext.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"reprisals-test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language chosen in the footer is remembered for a year in this browser.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Sessions: short-lived, closed with the browser, cookies never readable by scripts; the database holds a
# hash of each session's key, never the cookie's value (reprisals.core.sessions).
SESSION_ENGINE = "reprisals.core.sessions"
SESSION_COOKIE_AGE = int(os.environ.get("REPRISALS_SESSION_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # TLS is terminated in front of the application (docs/security.md).
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("REPRISALS_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Large enough that an over-long narrative reaches validation and is refused by name; larger bodies get 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
# Uploads stay in memory, never spooled in plaintext to a temporary file (reprisals.core.uploads).
FILE_UPLOAD_HANDLERS = ["reprisals.core.uploads.MemoryOnlyUploadHandler"]
MAX_TEXT_LENGTH = 100_000

# Reports: how often the Secretary-General reports (annual, or three_a_year), the day an annual period
# starts (MM-DD), and the smallest count shown in any public table, chart or export.
REPORTS_PERIODICITY = os.environ.get("REPRISALS_REPORT_PERIODICITY", "annual")
REPORTS_PERIOD_START = os.environ.get("REPRISALS_REPORT_PERIOD_START", "05-01")
REPORTS_MIN_CELL = int(os.environ.get("REPRISALS_REPORTS_MIN_CELL", "3"))

EMAIL_BACKEND = os.environ.get("REPRISALS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("REPRISALS_FROM_EMAIL", "reprisals-tracker@localhost")
# Where users open the site, for links in e-mails (reminders): e.g. https://reprisals.example.org
SITE_URL = os.environ.get("REPRISALS_SITE_URL", "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("REPRISALS_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}, "django.server": {"level": "WARNING"}},
}
