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
import re
import secrets
import uuid
from decimal import Decimal

from django.db.models.fields.files import FieldFile
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

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


def dumps(payload) -> str:
    text = json.dumps(payload, cls=FrappeEncoder, ensure_ascii=False, separators=(",", ":"))
    if _TAG in text:
        text = _MARKER.sub(r"\1", text)
    return text


def json_response(payload, status: int = 200) -> HttpResponse:
    return HttpResponse(dumps(payload), status=status, content_type="application/json; charset=utf-8")


def loads(text: str | bytes):
    """Parse a request body or parameter; decimals stay exact."""
    return json.loads(text, parse_float=Decimal)
