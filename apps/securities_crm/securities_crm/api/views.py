"""/api/method/<dotted.path>, and the legacy `cmd=<dotted.path>` form on `/`."""

from __future__ import annotations

import importlib
import inspect

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .auth import TopLevel
from .endpoint import endpoint, params
from .errors import AuthenticationError, DoesNotExist, MethodNotAllowed, ValidationError
from .response import json_response
from .whitelist import WHITELISTED

# Modules whose whitelisted functions are loaded at start-up.
METHOD_MODULES = [
    "securities_crm.api.health",
    "securities_crm.api.auth",
    "securities_crm.api.client_methods",
    "securities_crm.api.ingest",
    "securities_crm.api.suitability",
    "securities_crm.api.monitoring",
    "securities_crm.api.workflow",
    "securities_crm.api.service",
    "securities_crm.api.profiling",
    "securities_crm.api.events",
    "securities_crm.api.feedback",
    "securities_crm.api.education",
]
_loaded = False


def load_methods():
    global _loaded
    if not _loaded:
        for module in METHOD_MODULES:
            importlib.import_module(module)
        _loaded = True


def _arguments(fn, given: dict) -> dict:
    """The parameters the function accepts (Frappe drops the others unless it takes **kwargs)."""
    sig = inspect.signature(fn)
    accepted = list(sig.parameters.values())[1:]  # the first is the request
    if any(p.kind is p.VAR_KEYWORD for p in accepted):
        kwargs = {k: v for k, v in given.items() if k not in ("cmd",)}
    else:
        names = {p.name for p in accepted}
        kwargs = {k: v for k, v in given.items() if k in names}
    for p in accepted:
        if p.annotation in (str, "str") and p.name in kwargs and not isinstance(kwargs[p.name], str):
            raise ValidationError(_("%(name)s must be text.") % {"name": p.name})
    missing = [
        p.name
        for p in accepted
        if p.default is p.empty and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and p.name not in kwargs
    ]
    if missing:
        raise ValidationError(_("Missing argument: %(names)s") % {"names": ", ".join(missing)})
    return kwargs


def call(request, path: str):
    load_methods()
    entry = WHITELISTED.get(path)
    if entry is None:
        raise DoesNotExist(_("Method %(path)s not found") % {"path": path})
    if entry.methods and request.method not in entry.methods:
        raise MethodNotAllowed(
            _("%(path)s only answers %(methods)s.") % {"path": path, "methods": ", ".join(entry.methods)}
        )
    if not entry.allow_guest and not request.user.is_authenticated:
        raise AuthenticationError()
    kwargs = _arguments(entry.fn, params(request))
    if request.method in ("GET", "HEAD") or not entry.atomic:
        result = entry.fn(request, **kwargs)
    else:
        with transaction.atomic():
            result = entry.fn(request, **kwargs)
    if isinstance(result, TopLevel):
        return json_response(dict(result))
    if isinstance(result, HttpResponse):  # a file, as Frappe's "download" response type
        return result
    return json_response({"message": result})


@endpoint
def method(request, path):
    return call(request, path)


def _has_cmd(request) -> bool:
    try:
        return "cmd" in params(request)
    except ValidationError:
        return False


@endpoint
def _cmd(request):
    return call(request, params(request)["cmd"])


@csrf_exempt  # the legacy API checks CSRF itself, as /api/ does (see auth.check_csrf)
def root(request):
    """`/`: the legacy `cmd=` API when a cmd is given, otherwise the desk."""
    if "cmd" in request.GET or (request.method != "GET" and _has_cmd(request)):
        return _cmd(request)
    return redirect("/app/")
