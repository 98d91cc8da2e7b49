"""The /api/method/ endpoint. Errors always answer in JSON."""
import importlib

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .whitelist import WHITELISTED

# Modules whose whitelisted functions are loaded at start-up.
METHOD_MODULES = ["securities_crm.api.health"]


def load_methods():
    for module in METHOD_MODULES:
        importlib.import_module(module)


def _error(status, exc_type, message):
    import json

    return JsonResponse(
        {"exc_type": exc_type, "_server_messages": json.dumps([json.dumps({"message": str(message)})])},
        status=status,
    )


@csrf_exempt
def method(request, path):
    load_methods()
    entry = WHITELISTED.get(path)
    if entry is None:
        return _error(404, "DoesNotExistError", f"Method {path} not found")
    if not entry.allow_guest and not request.user.is_authenticated:
        return _error(401, "AuthenticationError", "Not logged in")
    return JsonResponse({"message": entry.fn(request)})
