"""What a Django site needs to run the Securities CRM: the one list of the apps, middleware,
authentication backends and settings the app depends on. Our own site (sites/crm_site/) uses it too.

A host site sets its own SECRET_KEY, DATABASES, ALLOWED_HOSTS, CRM_FIELD_KEYS (the field-encryption key
ring, see new_field_keys()) and REDIS_URL, then ends its settings module with

    from securities_crm import site
    site.configure(globals())

and includes the app's URLs at the root of its own (see securities_crm/urls.py).

configure() fills in and never overrides. What the host has set stays, except that:
- the lists the app depends on (INSTALLED_APPS, MIDDLEWARE, AUTHENTICATION_BACKENDS, FORMAT_MODULE_PATH,
  and the context processors of the host's Django template engine) get the entries they lack, each just
  after the entry of ours before it that the list has, else just before the next one, else at the end.
  So the app lands before unfold and unfold before django.contrib.admin, whitenoise right after the
  security middleware. Two go to an end: django-axes' middleware last, as it asks, and the lockout
  backend first, since a locked-out login must be refused before any backend accepts it;
- the dicts RQ_QUEUES and UNFOLD get the keys they lack (the job queues short, default and long);
- anything else is set only when the host has not set it.
The default cache (and through it the API's key cache and rate limits) and the job queues use REDIS_URL,
under the key prefix CRM_CACHE_PREFIX ("crm"), unless the host sets CACHES itself; the default cache must
be Django's RedisCache.

configure() must not import models: a settings module runs before the apps are loaded.
"""

from __future__ import annotations

import base64
import copy
import json
import secrets
from collections.abc import MutableMapping

from django.core.exceptions import ImproperlyConfigured

INSTALLED_APPS = [
    "securities_crm",  # before unfold and Django's admin, so our templates and translations win
    "unfold",  # django-unfold: the desk's look; before django.contrib.admin, as unfold requires
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.import_export",
    "unfold.contrib.simple_history",
    "django.contrib.admin",  # the desk, at /app/
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

AXES_MIDDLEWARE = "axes.middleware.AxesMiddleware"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from STATIC_ROOT, no web server needed
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
    AXES_MIDDLEWARE,  # last, as django-axes asks
]

LOCKOUT_BACKEND = "securities_crm.signin.lockout.LockoutBackend"  # django-axes: refuses a locked-out login
AUTHENTICATION_BACKENDS = [
    LOCKOUT_BACKEND,
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.template.context_processors.i18n",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": CONTEXT_PROCESSORS},
    },
]

FORMAT_MODULE_PATH = ["securities_crm.formats"]
QUEUE_TIMEOUTS = {"short": 300, "default": 1800, "long": 4 * 3600}  # seconds, per RQ queue

# Settings a host may set itself; otherwise these. Secrets, databases, hosts, mail transport, logging,
# STATIC_ROOT and MEDIA_ROOT are the host's alone.
DEFAULTS = {
    "DEMO": False,  # our own site's demo mode (generated keys under sites/var/, a "Demo" label in the desk)
    # --- auth, sessions and security
    "AUTH_PASSWORD_VALIDATORS": [
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
        {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    ],
    "SESSION_ENGINE": "django.contrib.sessions.backends.db",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_AGE": 12 * 3600,
    "CSRF_COOKIE_SAMESITE": "Lax",
    "CSRF_HEADER_NAME": "HTTP_X_FRAPPE_CSRF_TOKEN",  # Frappe's X-Frappe-CSRF-Token, which its clients send
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "X_FRAME_OPTIONS": "DENY",
    "SECURE_REFERRER_POLICY": "same-origin",
    "CSRF_FAILURE_VIEW": "securities_crm.error_pages.csrf_failure",  # our 403 page, in the user's language
    "LOGIN_URL": "/portal/login/",
    "LOGIN_REDIRECT_URL": "/app/",  # Unfold's sign-in form carries no `next`; the portal sends clients home itself
    # django-axes: 5 failures for one username from one IP lock it for 15 minutes; a success resets.
    "AXES_FAILURE_LIMIT": 5,
    "AXES_COOLOFF_TIME": 0.25,  # hours
    "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]],
    "AXES_RESET_ON_SUCCESS": True,
    "AXES_USERNAME_FORM_FIELD": "username",
    "AXES_LOCKOUT_CALLABLE": "securities_crm.signin.lockout.lockout_response",
    "AXES_VERBOSE": False,
    # Portal one-time codes go by email (Django's email backend) unless CRM_OTP_CHANNEL is "sms", which
    # sends through CRM_SMS_BACKEND (a class with send(mobile, text); see securities_crm/portal/otp.py).
    "CRM_OTP_CHANNEL": "email",
    "CRM_SMS_BACKEND": "securities_crm.portal.otp.LogSmsBackend",
    # --- language and time
    "LANGUAGE_CODE": "zh-hans",
    "LANGUAGES": [("zh-hans", "简体中文"), ("en", "English")],
    "TIME_ZONE": "Asia/Shanghai",  # the API's datetimes are local times in this zone
    "USE_I18N": True,
    "USE_TZ": True,
    # --- static files: whitenoise serves STATIC_ROOT after `manage.py collectstatic`
    "STATIC_URL": "/static/",
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "securities_crm.core.staticfiles.HashedStaticFiles"},
    },
    # --- the app and its libraries
    # REST API rate limits: requests per minute per API key, and per client IP (0 turns one off).
    "CRM_API_RATE_LIMIT": 1200,
    "CRM_API_RATE_LIMIT_IP": 2400,
    "CRM_CACHE_PREFIX": "crm",  # the cache's key prefix, when configure() makes CACHES from REDIS_URL
    "RQ_SHOW_ADMIN_LINK": False,  # the desk registers django-rq's pages itself, for System Managers only
    "SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD": True,  # the app's migrations assume it
    # Bulk ingestion (api/ingest.py) takes CSV bodies of 100,000+ rows; uploaded files are not held in memory.
    "DATA_UPLOAD_MAX_MEMORY_SIZE": 256 * 1024 * 1024,
    "IMPORT_EXPORT_USE_TRANSACTIONS": True,
    # Service: the channels' webhook secrets ({"wechat": "...", "app": "...", "sms": "..."}; a channel without
    # one refuses every call), the largest ticket attachment, the domain of outbound Message-IDs, and the
    # portal's address for the links in emails (the signed rating link).
    "CRM_CHANNEL_SECRETS": {},
    "CRM_ATTACHMENT_MAX_MB": 10,
    "CRM_MAIL_DOMAIN": "crm.localhost",
    "CRM_PORTAL_BASE_URL": "",
}

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def configure(settings: MutableMapping) -> None:
    """Fill in a settings module's globals() with what the app needs, keeping whatever it has set."""
    if not (settings.get("CRM_FIELD_KEYS") or settings.get("CRM_FIELD_KEYS_FILE")):
        raise ImproperlyConfigured(
            "securities_crm: set CRM_FIELD_KEYS, the field-encryption key ring as JSON "
            "(securities_crm.site.new_field_keys() makes one), before calling configure()."
        )

    settings["INSTALLED_APPS"] = _fill_in(settings.get("INSTALLED_APPS", []), INSTALLED_APPS, key=_app_package)
    _check_order(settings["INSTALLED_APPS"], ["securities_crm", "unfold", "django.contrib.admin"])
    settings["MIDDLEWARE"] = _fill_in(settings.get("MIDDLEWARE", []), MIDDLEWARE, last=AXES_MIDDLEWARE)
    settings["AUTHENTICATION_BACKENDS"] = _fill_in(
        settings.get("AUTHENTICATION_BACKENDS", ["django.contrib.auth.backends.ModelBackend"]),
        AUTHENTICATION_BACKENDS,
        first=LOCKOUT_BACKEND,
    )
    settings["TEMPLATES"] = _templates(settings.get("TEMPLATES"))
    host_formats = settings.get("FORMAT_MODULE_PATH") or []
    settings["FORMAT_MODULE_PATH"] = _fill_in(
        [host_formats] if isinstance(host_formats, str) else host_formats, FORMAT_MODULE_PATH
    )

    for name, value in DEFAULTS.items():
        settings.setdefault(name, _copy(value))

    # Imported when a site calls configure(), not when it imports this module: the desk's package is
    # the interfaces' layer, which a settings module should only reach once it asks for the desk.
    from .desk.config import UNFOLD  # the desk's look and sidebar; free of model imports

    settings["UNFOLD"] = {**UNFOLD, **settings.get("UNFOLD", {})}
    _redis(settings)


def new_field_keys() -> str:
    """A fresh field-encryption key ring, as the JSON that CRM_FIELD_KEYS takes: one AES-256 key, active,
    and the key of the blind indexes. Make it once per site and keep it secret: data sealed under it is
    unreadable without it."""

    def key() -> str:
        return base64.b64encode(secrets.token_bytes(32)).decode()

    return json.dumps({"active": "k1", "keys": {"k1": key()}, "index_key": key()})


def _redis(settings: MutableMapping) -> None:
    """The default cache and the job queues on REDIS_URL, unless the host has set its own."""
    url = settings.get("REDIS_URL")
    if "CACHES" not in settings:
        if not url:
            raise ImproperlyConfigured("securities_crm: set REDIS_URL (redis://host:6379/0), or CACHES and RQ_QUEUES.")
        settings["CACHES"] = {
            "default": {"BACKEND": REDIS_CACHE, "LOCATION": url, "KEY_PREFIX": settings["CRM_CACHE_PREFIX"]}
        }
    if settings["CACHES"].get("default", {}).get("BACKEND") != REDIS_CACHE:
        raise ImproperlyConfigured(
            f"securities_crm: the default cache must be {REDIS_CACHE}: API keys and "
            "rate limits live there, shared by every process."
        )
    queues = dict(settings.get("RQ_QUEUES", {}))
    for name, timeout in QUEUE_TIMEOUTS.items():
        if name not in queues:
            if not url:
                raise ImproperlyConfigured(f"securities_crm: set REDIS_URL, or RQ_QUEUES[{name!r}].")
            queues[name] = {"URL": url, "DEFAULT_TIMEOUT": timeout}
    settings["RQ_QUEUES"] = queues


def _templates(host: list | None) -> list:
    """The host's template engines, the first Django one given the context processors it lacks."""
    if host is None:
        return _copy(TEMPLATES)
    engines = _copy(host)
    for engine in engines:
        if engine.get("BACKEND") == TEMPLATES[0]["BACKEND"]:
            options = engine.setdefault("OPTIONS", {})
            options["context_processors"] = _fill_in(options.get("context_processors", []), CONTEXT_PROCESSORS)
            return engines
    return engines + _copy(TEMPLATES)


def _fill_in(
    current, needed: list[str], key=lambda entry: entry, first: str | None = None, last: str | None = None
) -> list:
    """`current` (kept in its order) with the entries of `needed` it lacks, each just after the previous
    entry of `needed` present, else just before the next one, else at the end; `first` and `last` at the ends."""
    result = list(current)
    for i, entry in enumerate(needed):
        present = [key(e) for e in result]
        if key(entry) in present:
            continue
        before = {key(e) for e in needed[:i]}
        after = {key(e) for e in needed[i + 1 :]}
        previous = [n for n, k in enumerate(present) if k in before]
        following = [n for n, k in enumerate(present) if k in after]
        if entry == first:
            at = 0
        elif entry == last:
            at = len(result)
        elif previous:
            at = max(previous) + 1
        elif following:
            at = min(following)
        else:
            at = len(result)
        result.insert(at, entry)
    return result


def _app_package(entry: str) -> str:
    """An INSTALLED_APPS entry's package: "rules.apps.AutodiscoverRulesConfig" and "rules" are one app."""
    return entry.split(".apps.", 1)[0]


def _check_order(apps: list[str], order: list[str]) -> None:
    """The host may list our apps itself, but not in an order that breaks them."""
    packages = [_app_package(a) for a in apps]
    positions = [packages.index(p) for p in order]
    if positions != sorted(positions):
        raise ImproperlyConfigured("INSTALLED_APPS must list " + " before ".join(f"{p!r}" for p in order) + ".")


def _copy(value):
    """A fresh copy of a default, so no host ever shares (and mutates) the app's own lists and dicts."""
    return copy.deepcopy(value)
