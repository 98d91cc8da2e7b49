"""Exceptions to Frappe's error envelope and status codes.

Every error answer carries `exc_type`, `exception` ("frappe.exceptions.<exc_type>: <message>"),
`exc` (a JSON list with that one line: never a traceback, but its presence is what makes
FrappeClient raise) and `_server_messages`: a JSON string holding a list of JSON strings, each
{"message": ...}. Messages are translated into the request's language and name the field.
"""

from __future__ import annotations

import json
import logging

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _

from ..core.errors import DuplicateEntry
from .exceptions import (  # noqa: F401  (the error classes are imported from here by the rest of the API)
    ApiError,
    AuthenticationError,
    BadRequest,
    DoesNotExist,
    DuplicateEntryError,
    LoginLockedOut,
    MethodNotAllowed,
    NotPermitted,
    RateLimited,
    ValidationError,
)
from .response import json_response

log = logging.getLogger("securities_crm.api")


def _label(model, field_name: str) -> str:
    if model is None or field_name in (None, NON_FIELD_ERRORS):
        return ""
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:  # noqa: BLE001  (an error keyed by something that is not a field)
        return field_name


def validation_messages(exc: DjangoValidationError, model=None) -> list[str]:
    """Django's errors as "<field label>: <message>" lines in the active language."""
    if hasattr(exc, "error_dict"):
        lines = []
        for field, errors in exc.error_dict.items():
            label = _label(model, field)
            for error in errors:
                text = " ".join(str(m) for m in error.messages) if hasattr(error, "messages") else str(error)
                lines.append(f"{label}: {text}" if label else text)
        return lines
    return [str(m) for m in exc.messages]


def _is_duplicate(exc: DjangoValidationError) -> bool:
    if isinstance(exc, DuplicateEntry):
        return True
    errors = [e for errs in exc.error_dict.values() for e in errs] if hasattr(exc, "error_dict") else exc.error_list
    return bool(errors) and all(getattr(e, "code", None) in ("unique", "unique_together") for e in errors)


def to_api_error(exc: Exception, model=None) -> ApiError:
    """Map any exception to the ApiError the client sees."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, DjangoValidationError):
        cls = DuplicateEntryError if _is_duplicate(exc) else ValidationError
        return cls(*validation_messages(exc, model))
    if isinstance(exc, IntegrityError):
        # Unique and foreign-key checks run before saving; what the database still refuses is a
        # concurrent duplicate.
        return DuplicateEntryError(_("A document with these values already exists."))
    if isinstance(exc, (ObjectDoesNotExist, Http404)):
        return DoesNotExist()
    if isinstance(exc, PermissionDenied):
        return NotPermitted(*([str(exc)] if str(exc) else []))
    log.exception("API error")
    return ApiError()


def error_payload(err: ApiError) -> dict:
    line = f"frappe.exceptions.{err.exc_type}: {' '.join(err.messages)}"
    return {
        "exc_type": err.exc_type,
        "exception": line,
        "exc": json.dumps([line], ensure_ascii=False),
        "_server_messages": json.dumps(
            [
                json.dumps({"message": m, "indicator": "red", "raise_exception": 1}, ensure_ascii=False)
                for m in err.messages
            ],
            ensure_ascii=False,
        ),
    }


def error_response(exc: Exception, model=None):
    err = to_api_error(exc, model)
    response = json_response(error_payload(err), status=err.status)
    if err.status == 429:
        response["Retry-After"] = "60"
    return response


# --- site-wide handlers: anything under /api/ answers JSON --------------------------------
def not_found(request, *args, **kwargs):
    return error_response(DoesNotExist(_("No such endpoint: %(path)s") % {"path": request.path}))


# The site's handlers (error_pages.py) answer with these under /api/.
def server_error_json(request):
    return json_response(error_payload(ApiError()), status=500)


def permission_denied_json(request):
    return error_response(NotPermitted())


def bad_request_json(request):
    return error_response(BadRequest(_("Bad request")))  # BadRequest's own message is about the body
