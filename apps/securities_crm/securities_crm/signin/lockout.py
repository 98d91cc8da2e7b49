"""django-axes hooks: the lockout answer (JSON under /api/, a page elsewhere) and its audit row."""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..api.errors import LoginLockedOut, error_response


def is_api(request) -> bool:
    """/api/..., or `/` with cmd=login (the legacy API form: `/` itself only redirects to the desk)."""
    path = getattr(request, "path", "") or ""
    return path.startswith("/api/") or path == "/"


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the answer to a login refused because of the lockout."""
    if is_api(request):
        response = error_response(LoginLockedOut())  # Frappe's error shape, as every API error
        response["Retry-After"] = str(int(get_cool_off(request).total_seconds()))
        return response
    message = _("Too many failed sign-in attempts. Try again in 15 minutes, or reset your password.")
    return render(request, "portal/locked.html", {"message": message}, status=429)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' backend, minus its demand for a request: authenticate() called without one
    (test clients' login(), scripts) is not a sign-in from the web, so there is nothing to lock."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
