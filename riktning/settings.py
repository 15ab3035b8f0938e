"""Riktning's settings: one module, driven by environment variables.

Every variable read here is documented in docs/configuration.md (tests/test_docs.py checks it).
Without any variable set, Riktning runs on an SQLite file under ./data/.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    """A string from the environment, or from the file named by NAME_FILE (for secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    return int(value) if value.strip() else default


def env_float(name: str, default: float) -> float:
    value = env_str(name)
    return float(value) if value.strip() else default


DATA_DIR = Path(env_str("RIKTNING_DATA_DIR", str(Path.cwd() / "data"))).resolve()

DEBUG = env_bool("RIKTNING_DEBUG", False)
# `riktning demo` and `riktning seed_demo` set RIKTNING_DEMO=1 before Django loads (cli.py);
# the test suite is recognised by pytest being loaded. Both run on plain http at 127.0.0.1.
DEMO = env_bool("RIKTNING_DEMO", False)
TESTING = "pytest" in sys.modules
DEVELOPMENT_SECRET_KEY = "riktning-insecure-development-key-change-me"
# The development key is refused when serving with DEBUG off outside the demo and the tests
# (riktning/ops/safety.py, called by wsgi.py and `riktning serve`); production sets
# RIKTNING_SECRET_KEY or RIKTNING_SECRET_KEY_FILE.
SECRET_KEY = env_str("RIKTNING_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("RIKTNING_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("RIKTNING_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "riktning.accounts",
    "riktning.audit",
    "riktning.indicators",
    "riktning.strategy",
    "riktning.web",
    "riktning.reports",
    "riktning.activities",
    "riktning.actionplans",
    "riktning.consultation",
    "riktning.followup",
    "riktning.cycle",
    "riktning.childrights",
    "riktning.notifications",
    "riktning.devtools",
    "riktning.ops",
    "axes",
    # The task queue (riktning/ops/worker.py, docs/operations.md): jobs as rows of this database.
    "django_tasks",
    "django_tasks_db",
    # Two-factor login with an authenticator app (riktning/accounts/twofactor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every refusal under /api/ as JSON in Swedish, whichever layer made it (riktning/api/).
    "riktning.api.middleware.JsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "riktning.web.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session given its two-factor code?
    "django_otp.middleware.OTPMiddleware",
    # The person's roles and whether they have an authenticator app, from the cache.
    "riktning.web.middleware.PersonMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Nothing works until a person with an authenticator app has given its code, or a
    # coordinator (when RIKTNING_REQUIRE_2FA_FOR_COORDINATORS) has set one up.
    "riktning.web.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "riktning.web.middleware.LoginRequiredMiddleware",
    # A database that stops answering gives the Swedish 503 page (riktning/ops/failure.py).
    "riktning.web.middleware.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    # Its __call__ runs before any process_view (CSRF's reads the body) and inside the header
    # middleware, so the 413 page has the site's menu, headers and policy.
    "riktning.web.middleware.RequestSizeLimitMiddleware",
    # Last, as django-axes asks: turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "riktning.urls"
WSGI_APPLICATION = "riktning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "riktning.web.context_processors.riktning",
            ],
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'riktning.sqlite3'}"
if not env_str("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; wait rather than fail on a busy file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache(url: str) -> dict:
    """RIKTNING_CACHE_URL (docs/operations.md): what is derived and costly (a version's roll-up)
    is kept here, keyed so that it is never stale (followup/cache.py). locmem:// (the default:
    each process its own), db://TABLE (`riktning createcachetable` makes it), redis://… (needs
    the `redis` package), dummy:// (keeps nothing)."""
    scheme, _, rest = url.partition("://")
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "riktning"}
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest or "riktning_cache",
        }
    if scheme in ("redis", "rediss", "unix"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"RIKTNING_CACHE_URL {url!r}: use locmem://, db://TABLE, redis://HOST:PORT/DB or dummy://"
    )


CACHES = {"default": _cache(env_str("RIKTNING_CACHE_URL", "locmem://"))}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"
# django-axes first: it refuses a locked-out username and IP address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on through the municipality's OpenID Connect provider (riktning/accounts/sso.py):
    # answers only the provider's callback, and only when RIKTNING_OIDC_* is configured.
    "riktning.accounts.sso.ProviderBackend",
]
# Argon2 for new and changed passwords; the others still check older hashes (and upgrade them).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The demo and tests serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "uploads"

# --- Request limits (docs/security.md, "Requests Riktning will not read") ---
# A request body larger than this is refused before it is read (413). Statements may carry a
# few attachments of at most 10 MB each; the reverse proxy's client_max_body_size should match.
RIKTNING_MAX_REQUEST_BYTES = env_int("RIKTNING_MAX_REQUEST_BYTES", 32 * 1024 * 1024)
# A form's text fields together (files not counted): Django refuses more (413 page).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("RIKTNING_MAX_FORM_BYTES", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("RIKTNING_MAX_FORM_FIELDS", 1000)
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("RIKTNING_MAX_FORM_FILES", 20)
# An uploaded file larger than this waits in a temporary file on disk, not in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("RIKTNING_UPLOAD_MEMORY_BYTES", 2_621_440)
# A steering document to import (.docx, .pdf, .txt) larger than this is refused before it is
# opened (docs/document-import.md).
DOCUMENT_IMPORT_MAX_BYTES = env_int("RIKTNING_DOCUMENT_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# Uploaded files are not for other users of the server to read.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
CSRF_FAILURE_VIEW = "riktning.ops.failure.csrf_failure"

# --- E-mail: reminders of a mapping round, a consultation round sent (docs/operations.md) ---
# With RIKTNING_EMAIL_HOST set, mail goes out by SMTP; without it, it is printed to the console.
EMAIL_HOST = env_str("RIKTNING_EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "RIKTNING_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("RIKTNING_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("RIKTNING_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("RIKTNING_EMAIL_PASSWORD", "")
# STARTTLS on the submission port (587) by default; RIKTNING_EMAIL_SSL for implicit TLS (465).
EMAIL_USE_SSL = env_bool("RIKTNING_EMAIL_SSL", False)
EMAIL_USE_TLS = env_bool("RIKTNING_EMAIL_STARTTLS", not EMAIL_USE_SSL) if EMAIL_HOST else False
# Seconds to wait for the mail server before the notification job tries again later.
EMAIL_TIMEOUT = env_float("RIKTNING_EMAIL_TIMEOUT", 30.0)
# Notifications (riktning/notifications, docs/notifications.md): a refused or unanswered e-mail
# is tried again after each of these delays (seconds), then marked failed for the coordinator.
RIKTNING_EMAIL_RETRY_DELAYS = [
    float(delay) for delay in env_list("RIKTNING_EMAIL_RETRY_DELAYS", "60,300,1800,7200")
]
# The address of the site as people reach it, for the links in e-mails (no trailing slash).
RIKTNING_BASE_URL = env_str("RIKTNING_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("RIKTNING_FROM_EMAIL", "riktning@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logs: one line per event on standard error, for gunicorn, systemd or the container ---
# Django's default sends errors only to ADMINS by e-mail when DEBUG is off; Riktning prints them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "riktning": {"level": env_str("RIKTNING_LOG_LEVEL", "INFO").upper()},
        "axes": {"level": "WARNING"},  # failures and lock-outs; not its start-up banner
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
    },
}

# --- Security headers and cookies (docs/security.md) ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A working day; the session ends after that much time since it was last saved.
SESSION_COOKIE_AGE = env_int("RIKTNING_SESSION_AGE", 8 * 60 * 60)
# Production is served over HTTPS: secure cookies, HSTS and a redirect from http. The demo and the
# tests are served over plain http at 127.0.0.1, as is a development server with DEBUG.
HTTPS = env_bool("RIKTNING_HTTPS", not (DEBUG or DEMO or TESTING))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
# A load balancer may probe the health check over plain http inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("RIKTNING_HSTS_SECONDS", 365 * 24 * 60 * 60) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("RIKTNING_BEHIND_PROXY", False):
    # The reverse proxy terminates TLS and sets X-Forwarded-Proto (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False

# Content Security Policy (django-csp 4): no inline scripts or styles anywhere, no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Login throttling (django-axes): a username tried from one address is locked after
# RIKTNING_LOGIN_FAILURE_LIMIT failures for RIKTNING_LOGIN_LOCKOUT_MINUTES; a success resets.
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env_int("RIKTNING_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("RIKTNING_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "riktning.ops.lockout.locked_out"
AXES_HTTP_RESPONSE_CODE = 429

# Two-factor login (django-otp, TOTP): a coordinator must set up an authenticator app when this is
# on; anyone who has set one up gives its code after the password. Wrong codes are throttled by
# django-otp (the wait doubles with each failure). docs/security.md, "Two-factor login".
RIKTNING_REQUIRE_2FA_FOR_COORDINATORS = env_bool("RIKTNING_REQUIRE_2FA_FOR_COORDINATORS", False)
OTP_TOTP_ISSUER = "Riktning"

# Trelleborg in the demo; the municipality whose strategy this instance steers.
RIKTNING_HOME_AREA_CODE = env_str("RIKTNING_HOME_AREA_CODE", "1287")
# The municipality's name on pages and in every Word and PDF file; empty: the name of the
# organisation of kind municipality with RIKTNING_HOME_AREA_CODE (accounts.municipality).
RIKTNING_MUNICIPALITY_NAME = env_str("RIKTNING_MUNICIPALITY_NAME")
# The municipality's look (riktning/web/theme.py; checked at start, docs/configuration.md): the
# accent colour of the header, links and buttons (at least 4.5:1 against white), and the logo, a
# static file; RIKTNING_LOGO_DIR adds a directory for the municipality's own logo file.
RIKTNING_ACCENT_COLOUR = env_str("RIKTNING_ACCENT_COLOUR", "#0b4f8a")
RIKTNING_LOGO = env_str("RIKTNING_LOGO", "riktning/logo-placeholder.svg")
RIKTNING_LOGO_DIR = env_str("RIKTNING_LOGO_DIR")
if RIKTNING_LOGO_DIR:
    STATICFILES_DIRS = [Path(RIKTNING_LOGO_DIR).resolve()]
# The order of the bodies in a consultation's summary and decision proposal: organisation kinds
# (accounts.constants.OrganisationKind), first listed first; within a kind by name.
RIKTNING_BODY_ORDER = env_list(
    "RIKTNING_BODY_ORDER",
    "council,executive_board,committee,administration,department,company,municipality,region,"
    "association,study_association,business,civil_society",
)

# The Kolada API (v3). Tests point it at a local server.
KOLADA_BASE_URL = env_str("KOLADA_BASE_URL", "https://api.kolada.se/v3/")
# Background jobs (a Kolada sync from the web, the nightly sync) are rows in the database's task
# queue (django-tasks + django-tasks-db), run by `riktning worker` (riktning/ops/worker.py,
# docs/operations.md). Tests run them in the request instead.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RIKTNING_JOBS_INLINE = False
# The render store (riktning/reports/store.py) keeps this many of the most recently used charts
# and PDF files.
RIKTNING_RENDER_STORE_KEEP = env_int("RIKTNING_RENDER_STORE_KEEP", 500)
# A worker records that it is alive every RIKTNING_WORKER_HEARTBEAT seconds; a running job whose
# worker has been silent for three heartbeats is marked failed by any other worker.
RIKTNING_WORKER_HEARTBEAT = env_float("RIKTNING_WORKER_HEARTBEAT", 10.0)
# Jobs a worker runs at once, each thread on its own connection; 0: by the database (4 on
# PostgreSQL, whose jobs mostly wait for commits; 1 on SQLite, which has one writer at a time).
RIKTNING_WORKER_THREADS = env_int("RIKTNING_WORKER_THREADS", 0)
# The nightly Kolada sync of every Kolada-linked indicator, at this local time (HH:MM), started
# by `riktning worker --schedule`; empty: no nightly sync.
RIKTNING_KOLADA_SYNC_AT = env_str("RIKTNING_KOLADA_SYNC_AT", "02:30")
# The daily notifications (reminders 14 and 3 days before a last day, late measures, digests), at
# this local time (HH:MM), started by `riktning worker --schedule`; empty: none.
RIKTNING_NOTIFICATIONS_AT = env_str("RIKTNING_NOTIFICATIONS_AT", "06:00")


def env_map(name: str) -> dict[str, str]:
    """A mapping: a JSON object, or "claim value=Riktning value" pairs separated by ";"."""
    import json

    text = env_str(name).strip()
    if not text:
        return {}
    if text.startswith("{"):
        value = json.loads(text)
        if not isinstance(value, dict):
            raise ValueError(f"{name} must be a JSON object")
        return {str(key): str(item) for key, item in value.items()}
    result = {}
    for part in text.split(";"):
        if part.strip():
            key, sep, item = part.partition("=")
            if not sep:
                raise ValueError(f"{name}: '{part}' has no '='")
            result[key.strip()] = item.strip()
    return result


# Single sign-on with OpenID Connect (riktning/accounts/sso.py, docs/operations.md "Single
# sign-on"). Off unless the discovery URL and the client id are set; password logins stay.
RIKTNING_OIDC_PROVIDER_NAME = env_str("RIKTNING_OIDC_PROVIDER_NAME")
RIKTNING_OIDC_DISCOVERY_URL = env_str("RIKTNING_OIDC_DISCOVERY_URL")
RIKTNING_OIDC_CLIENT_ID = env_str("RIKTNING_OIDC_CLIENT_ID")
RIKTNING_OIDC_CLIENT_SECRET = env_str("RIKTNING_OIDC_CLIENT_SECRET")
RIKTNING_OIDC_SCOPES = env_list("RIKTNING_OIDC_SCOPES", "openid,email,profile")
RIKTNING_OIDC_SIGN_ALGO = env_str("RIKTNING_OIDC_SIGN_ALGO", "RS256")
RIKTNING_OIDC_MATCH_CLAIM = env_str("RIKTNING_OIDC_MATCH_CLAIM", "email")
RIKTNING_OIDC_ORGANISATION_CLAIM = env_str("RIKTNING_OIDC_ORGANISATION_CLAIM")
RIKTNING_OIDC_ORGANISATION_MAP = env_map("RIKTNING_OIDC_ORGANISATION_MAP")
RIKTNING_OIDC_ROLE_CLAIM = env_str("RIKTNING_OIDC_ROLE_CLAIM")
RIKTNING_OIDC_ROLE_MAP = env_map("RIKTNING_OIDC_ROLE_MAP")
RIKTNING_OIDC_CREATE_USERS = env_bool("RIKTNING_OIDC_CREATE_USERS", False)
RIKTNING_OIDC_TIMEOUT = env_int("RIKTNING_OIDC_TIMEOUT", 10)
# Single logout: a person who logged in with the provider is sent to its end_session_endpoint
# on logging out of Riktning (RP-initiated logout), so the provider's session ends too.
RIKTNING_OIDC_SINGLE_LOGOUT = env_bool("RIKTNING_OIDC_SINGLE_LOGOUT", True)
