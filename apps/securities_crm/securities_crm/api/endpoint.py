"""The wrapper every API view runs in: authentication, rate limit, CSRF, the acting user,
request parameters, and any exception turned into Frappe's JSON error (never a traceback)."""

from __future__ import annotations

from functools import wraps

from django.http import QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ..core import session
from . import auth
from .errors import BadRequest, ValidationError, error_response
from .response import loads


def endpoint(view):
    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            auth.authenticate(request)
            auth.check_csrf(request)
            username = request.user.get_username() if request.user.is_authenticated else "Guest"
            check_text(kwargs)
            with session.acting_as(username):
                return view(request, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001  (every failure answers in Frappe's error shape)
            return error_response(exc)

    return wrapped


def params(request) -> dict:
    """Frappe's form_dict: the query string, then a form body or a JSON object body."""
    if hasattr(request, "_api_params"):
        return request._api_params
    out = request.GET.dict()
    content_type = request.content_type or ""
    form_types = ("application/x-www-form-urlencoded", "multipart/form-data")
    if request.method == "POST" and content_type in form_types:
        try:
            out.update(request.POST.dict())
        except MultiPartParserError:
            raise BadRequest() from None
    elif request.method not in ("GET", "HEAD"):
        body = request.body
        if content_type.startswith("application/json") or (
            body.strip()[:1] in (b"{", b"[") and content_type != form_types[1]
        ):
            if body.strip():
                try:
                    data = loads(body)
                except ValueError:
                    raise ValidationError(_("The request body is not valid JSON.")) from None
                if isinstance(data, list):
                    data = {"data": data}  # a bare list of rows (bulk ingestion) is the `data` parameter
                if not isinstance(data, dict):
                    raise ValidationError(_("The request body must be a JSON object or a list."))
                out.update(data)
        elif body and content_type in (form_types[0], ""):
            out.update(QueryDict(body, encoding=request.encoding).dict())
    check_text(out)
    request._api_params = out
    return out


MAX_DEPTH = 32  # lists and objects inside one another; Frappe's documents and filters need a handful


def check_text(value) -> None:
    """Refuse text no database can store (NUL characters, lone surrogates), and structures nested
    deeper than MAX_DEPTH. The walk keeps its own stack, so no input can exhaust Python's; the strings
    of each list or object are checked together, so a bulk upload of many rows costs one check a row."""
    if isinstance(value, str):
        _check_str(value)
        return
    if not isinstance(value, (dict, list)):
        return
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ValidationError(_("The request is nested more than %(max)s levels deep.") % {"max": MAX_DEPTH})
        texts = []
        if isinstance(item, dict):
            texts = [k for k in item if isinstance(k, str)]
            item = item.values()
        for v in item:
            if isinstance(v, str):
                texts.append(v)
            elif isinstance(v, (dict, list)):
                stack.append((v, depth + 1))
        if texts:
            _check_str("".join(texts))  # a NUL or lone surrogate in any string is one in the whole


def _check_str(text: str) -> None:
    if "\x00" in text:
        raise ValidationError(_("Text may not contain NUL characters."))
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError(_("Text must be valid Unicode.")) from None


def document_data(request) -> dict:
    """The document sent to insert or update: a `data` field (JSON) or the body itself."""
    p = params(request)
    data = p.get("data")
    if data is None:
        return {k: v for k, v in p.items() if k != "cmd"}
    if isinstance(data, str):
        try:
            data = loads(data)
        except ValueError:
            raise ValidationError(_("data is not valid JSON.")) from None
        check_text(data)
    if not isinstance(data, dict):
        raise ValidationError(_("A document must be a JSON object."))
    return data
