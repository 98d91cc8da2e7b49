"""Who is calling, and may they call now: API keys, sessions, Frappe's CSRF rule and a rate limit.

- `Authorization: token <api_key>:<api_secret>` or `Basic base64(api_key:api_secret)`.
- Otherwise the session cookie. A session opened by /api/method/login (or cmd=login) is an API
  session and needs no CSRF token, as in Frappe; a desk or portal session must send its token on
  writes in `X-Frappe-CSRF-Token` (settings.CSRF_HEADER_NAME).
- A fixed window (one minute; settings.CRM_API_RATE_WINDOW seconds) per API key and per client IP, counted in Redis; over the limit
  the answer is 429. Limits: settings.CRM_API_RATE_LIMIT (per key) and CRM_API_RATE_LIMIT_IP.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import time

from django.conf import settings
from django.contrib.auth import authenticate as django_authenticate
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.core.cache import cache
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _

from ..doctype.api_key.model import ApiKey, hash_secret
from . import auth_cache
from .errors import ApiError, AuthenticationError, LoginLockedOut, RateLimited
from .whitelist import whitelist

log = logging.getLogger("securities_crm.api")
API_SESSION = "crm_api_session"  # set on sessions opened through the API: they need no CSRF token
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class CSRFTokenError(ApiError):
    status, exc_type = 400, "CSRFTokenError"

    def default_message(self):
        return _("Invalid or missing CSRF token. Reload the page and try again.")


def _credentials(header: str) -> tuple[str, str]:
    scheme, _sep, value = header.strip().partition(" ")
    scheme, value = scheme.lower(), value.strip()
    if scheme == "basic":
        try:
            value = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise AuthenticationError(_("Invalid API key or secret.")) from None
    elif scheme != "token":
        raise AuthenticationError(
            _("Unsupported authorization scheme %(scheme)s; use token or Basic.") % {"scheme": scheme}
        )
    key, sep, secret = value.partition(":")
    if not sep or not key or not secret:
        raise AuthenticationError(_("Invalid API key or secret."))
    return key, secret


def _user_for_key(key: str, secret: str, cached: dict | None, version):
    """The key's user: from the auth cache when its entry is current, else from the database."""
    import hmac

    if cached is not None:
        if not hmac.compare_digest(cached["secret_hash"], hash_secret(secret)):
            raise AuthenticationError(_("Invalid API key or secret."))
        user = auth_cache.user_from(cached)
    else:
        api_key = ApiKey.objects.select_related("user").filter(api_key=key, enabled=True).first()
        if api_key is None or not api_key.check_secret(secret):
            raise AuthenticationError(_("Invalid API key or secret."))
        user = api_key.user
        if version is not None:
            auth_cache.store(key, auth_cache.build(api_key), version)
    if not user.is_active:
        raise AuthenticationError(_("Invalid API key or secret."))
    return user


def authenticate(request) -> None:
    """Set request.user from an Authorization header, and request.api_auth to how they came."""
    header = request.META.get("HTTP_AUTHORIZATION")
    if header:
        key, secret = _credentials(header)
        request.api_key = key
        # One Redis round trip: the rate counters (checked before the secret, so guessing is
        # throttled too), the key's cached auth entry and the current auth version.
        entry, version = rate_limit(request, fetch_entry=key)
        cached = entry if entry is not None and entry.get("v") == version else None
        request.user = _user_for_key(key, secret, cached, version)
        request.api_auth = "token"
        return
    request.api_key = None
    rate_limit(request)
    request.api_auth = "session" if request.user.is_authenticated else "guest"


def check_csrf(request) -> None:
    if request.method in SAFE_METHODS or request.api_auth != "session":
        return
    if request.session.get(API_SESSION):
        return
    # A desk or portal session: Django's CSRF check, with Frappe's header name (see settings).
    if CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None:
        raise CSRFTokenError()


# --- rate limit --------------------------------------------------------------------------
def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit(request, fetch_entry: str | None = None):
    """Count the request against its IP and key; with `fetch_entry`, also read that key's auth
    cache entry and the auth version in the same round trip. Returns (entry or None, version)."""
    per_key = getattr(settings, "CRM_API_RATE_LIMIT", 1200)
    per_ip = getattr(settings, "CRM_API_RATE_LIMIT_IP", 2400)
    length = getattr(settings, "CRM_API_RATE_WINDOW", 60)
    window = int(time.time() // length)
    counters = []
    if per_ip:
        counters.append((f"api-rate:ip:{_client_ip(request)}:{window}", per_ip))
    if per_key and getattr(request, "api_key", None):
        counters.append((f"api-rate:key:{request.api_key}:{window}", per_key))
    if not counters and fetch_entry is None:
        return None, None
    try:
        pipe = auth_cache.redis().pipeline(transaction=False)
        for key, _limit in counters:
            full = cache.make_key(key)
            pipe.incr(full)
            pipe.expire(full, 2 * length)
        if fetch_entry is not None:
            pipe.get(auth_cache.entry_key(fetch_entry))
            pipe.get(auth_cache.version_key())
        results = pipe.execute()
    except Exception:  # noqa: BLE001  (Redis down: serve rather than fail every request)
        log.warning("rate limit not checked: Redis unavailable", exc_info=True)
        return None, None
    for (_key, limit), count in zip(counters, results[: 2 * len(counters) : 2]):
        if count > limit:
            raise RateLimited()
    if fetch_entry is None:
        return None, None
    raw_entry, raw_version = results[-2:]
    entry = json.loads(raw_entry) if raw_entry else None
    version = int(raw_version) if raw_version else 0
    return entry, version


# --- session login and logout, as whitelisted methods ----------------------------------------
class TopLevel(dict):
    """A method result sent as the whole body rather than under "message" (Frappe's login does)."""


def full_name(user) -> str:
    profile = getattr(user, "staff_profile", None) if hasattr(user, "staff_profile") else None
    return getattr(profile, "full_name", "") or user.get_full_name() or user.get_username()


# Not atomic: a failed login answers with an error, and the failure django-axes counts toward the
# lockout (shared with the desk and portal sign-in forms) and its audit row must stay written.
@whitelist(allow_guest=True, path="login", methods=("POST",), atomic=False)
def login(request, usr: str = "", pwd: str = "", **kwargs):
    """Open a session with a username and password (Frappe's /api/method/login)."""
    # With the request, and the login under `username` (settings.AXES_USERNAME_FORM_FIELD), so that
    # django-axes' backend refuses a locked-out login and its signal handler counts a failure.
    user = django_authenticate(request, username=usr, password=pwd) if usr and pwd else None
    if getattr(request, "axes_locked_out", False):
        raise LoginLockedOut()
    if user is None or not user.is_active:
        raise AuthenticationError(_("Invalid login credentials"))
    django_login(request, user)
    request.session[API_SESSION] = True
    request.user = user
    return TopLevel(message="Logged In", home_page="/app", full_name=full_name(user))


@whitelist(allow_guest=True, path="logout")
def logout(request, **kwargs):
    """Close the session."""
    django_logout(request)
    return None


@whitelist(path="frappe.auth.get_logged_user")
def get_logged_user(request):
    """The username of the caller."""
    return request.user.get_username()
