"""One-time codes for the portal: activation, password reset and a new mobile number.

    code = otp.issue("activate", client.pk)      # 6 digits; only its hash is kept, in the cache
    otp.verify("activate", client.pk, "123456")  # True once; wrong tries are counted and limited

Codes live in the cache (Redis) for TTL seconds, stored as an HMAC under SECRET_KEY, and are
dropped after MAX_ATTEMPTS wrong tries or one right one. `deliver()` sends a code by the
configured channel: email through Django's email backend (the default), or SMS through the
class named by CRM_SMS_BACKEND, which has one method, send(mobile, text).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

TTL = 300
MAX_ATTEMPTS = 5
log = logging.getLogger(__name__)


def _key(purpose: str, subject: str) -> str:
    return f"portal:otp:{purpose}:{subject}"


def _digest(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


def issue(purpose: str, subject: str, payload: str = "") -> str:
    """A fresh code for (purpose, subject), replacing any earlier one. `payload` is kept beside it
    (the new mobile for a mobile change) and handed back by verify()."""
    code = f"{secrets.randbelow(10**6):06d}"
    cache.set(_key(purpose, subject), {"digest": _digest(code), "attempts": 0, "payload": payload}, TTL)
    return code


def verify(purpose: str, subject: str, code: str):
    """The payload ("" if none) when `code` is right, else None. A right code is used up."""
    key = _key(purpose, subject)
    entry = cache.get(key)
    if not entry:
        return None
    if hmac.compare_digest(entry["digest"], _digest((code or "").strip())):
        cache.delete(key)
        return entry["payload"]
    entry["attempts"] += 1
    if entry["attempts"] >= MAX_ATTEMPTS:
        cache.delete(key)
    else:
        cache.set(key, entry, TTL)
    return None


def allow(bucket: str, limit: int, seconds: int) -> bool:
    """A fixed-window rate limit in the cache: False once `limit` hits fell in this window."""
    key = f"portal:rate:{bucket}"
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return True


class LogSmsBackend:
    """The stand-in SMS gateway: writes the message to the log. Plug a real one in with CRM_SMS_BACKEND."""

    sent: list = []

    def send(self, mobile: str, text: str) -> None:
        self.sent.append((mobile, text))
        log.warning("SMS to %s: %s", mobile, text)


def deliver(code: str, *, email: str = "", mobile: str = "", channel: str | None = None) -> bool:
    """Send the code; False when the channel has no address to send to."""
    text = _("Your verification code is %(code)s. It is valid for 5 minutes. Never tell anyone this code.") % {
        "code": code
    }
    channel = channel or settings.CRM_OTP_CHANNEL
    if channel == "sms":
        if not mobile:
            return False
        import_string(settings.CRM_SMS_BACKEND)().send(mobile, text)
        return True
    if not email:
        return False
    send_mail(_("Your verification code"), text, None, [email])
    return True
