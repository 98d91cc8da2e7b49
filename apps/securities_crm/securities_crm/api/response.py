"""JSON out, in Frappe's value formats.

- Datetimes are shown as Frappe shows them: naive local time (the site's TIME_ZONE,
  Asia/Shanghai) as "YYYY-MM-DD HH:MM:SS[.ffffff]"; dates "YYYY-MM-DD"; times "HH:MM:SS[.ffffff]".
- Decimals (money) are written as JSON *numbers* with their exact digits. They never pass
  through float: the encoder writes a unique marker string and the marker is replaced by the
  decimal's own text afterwards. Frappe's clients read numbers for currency fields, so numbers
  it is; a client that needs every digit can parse the body with a big-decimal reader.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import secrets
import uuid
from decimal import Decimal

from django.db.models.fields.files import FieldFile
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .exceptions import ValidationError

# A per-process random tag, so no client-supplied string can pass for a decimal marker.
_TAG = "dec" + secrets.token_hex(6)
_MARKER = re.compile(r'"' + _TAG + r':(-?[0-9]+(?:\.[0-9]+)?)"')


def format_datetime(value: dt.datetime) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    return value.isoformat(" ")


def format_value(value):
    """A Python value as it travels in JSON (decimals stay Decimal; the encoder writes them)."""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, FieldFile):  # an attachment travels as its stored path, as Frappe's file URL
        return value.name or None
    return value


class FrappeEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            if not o.is_finite():
                return None
            return f"{_TAG}:{o:f}"
        if isinstance(o, (dt.datetime, dt.date, dt.time)):
            return format_value(o)
        if isinstance(o, Promise):
            return str(o)
        if isinstance(o, (uuid.UUID, bytes)):
            return o.hex() if isinstance(o, bytes) else str(o)
        if isinstance(o, (set, frozenset, tuple)):
            return list(o)
        return super().default(o)


def _finite(value):
    """The payload with every NaN or infinite float as null (JSON has no such numbers)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def dumps(payload) -> str:
    """Strict JSON: NaN and infinities (a float column, a computed figure) go out as null, never as
    the bare NaN/Infinity that Python writes and no JSON parser has to accept."""
    try:
        text = json.dumps(payload, cls=FrappeEncoder, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:  # rare: walk the payload only when it holds such a number
        text = json.dumps(
            _finite(payload), cls=FrappeEncoder, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
    if _TAG in text:
        text = _MARKER.sub(r"\1", text)
    return text


def json_response(payload, status: int = 200) -> HttpResponse:
    text = dumps(payload)
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (echoed from a request, say) is written as its \u escape
        body = text.encode("utf-8", "backslashreplace")
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


# No column holds a number beyond 10**±1000, and turning one into an int costs time without bound:
# int(Decimal("1e1000000")) alone takes 20 s of CPU; PostgreSQL's numeric overflows past 10**131072.
MAX_EXPONENT = 1000


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _decimal(text: str) -> Decimal:
    value = Decimal(text)
    if abs(value.adjusted()) > MAX_EXPONENT:  # 0E-99999 too: PostgreSQL's numeric cannot hold its scale
        raise _invalid(_("“%(value)s” is out of range.") % {"value": text if len(text) <= 40 else text[:37] + "..."})
    return value


def _invalid(message):
    return ValidationError(message)


def loads(text: str | bytes):
    """Parse a request body or parameter; decimals stay exact. NaN and Infinity (which Python's parser
    accepts) are not JSON: ValueError, as for any invalid JSON. A number beyond 10**±MAX_EXPONENT, or
    nesting deep enough to exhaust the parser's recursion, is a 417."""
    try:
        return json.loads(text, parse_float=_decimal, parse_constant=_no_constant)
    except RecursionError:
        raise _invalid(_("The JSON is nested too deeply.")) from None
