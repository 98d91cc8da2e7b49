"""The site's error pages outside /api/ (400, 403, 404, 500, and a failed CSRF check).

Each is in the user's language and in the look of where they were: the desk's (django-unfold, with
its sidebar) for staff, the portal's for clients and visitors, and a link back home. They never show
what Django's debug pages do (settings, source, the URL list). Under /api/ the handlers in
api/errors.py answer Frappe's JSON instead and never reach this module.
"""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .api import errors as api_errors

log = logging.getLogger("securities_crm.errors")

DESK_URL = "/app/"
PORTAL_URL = "/portal/"

PAGES = {
    400: (_("Bad request"), _("The request could not be understood. Check the address, or go back and try again.")),
    403: (_("Access denied"), _("You do not have permission to open this page.")),
    404: (
        _("Page not found"),
        _("The page you asked for does not exist or has moved. Check the address, or go back home."),
    ),
    500: (
        _("Something went wrong"),
        _(
            "We could not complete your request because of an error on our side. It has been logged; "
            "please try again in a moment."
        ),
    ),
}
CSRF_PAGE = (
    _("Form expired"),
    _("This form has expired or was sent from another page. Go back, reload the page and try again."),
)


def for_staff(request) -> bool:
    """Whether the page belongs to the desk: staff users, or anyone on a desk URL while signed out.
    Reading the user may query the database, which is perhaps why we are answering a 500: then the
    path decides."""
    try:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return bool(user.is_staff)
    except Exception:  # noqa: BLE001
        pass
    return request.path.startswith(DESK_URL)


def error_page(request, status: int, page: tuple | None = None) -> HttpResponse:
    title, text = page or PAGES[status]
    desk = for_staff(request)
    context = {
        "status": status,
        "title": title,
        "text": text,
        "home": DESK_URL if desk else PORTAL_URL,
        "home_label": _("Back to the desk") if desk else _("Back to the portal home"),
    }
    try:
        if desk:
            from django.contrib import admin

            context = {**admin.site.each_context(request), **context}
        return render(request, "errors/desk.html" if desk else "errors/portal.html", context, status=status)
    except Exception:  # noqa: BLE001  (the styled page needs the database and the session; this one nothing)
        log.exception("error page %s could not be rendered; sending the plain one", status)
        return HttpResponse(render_to_string("errors/plain.html", context), status=status)


# The site's handlers (handler400/403/404/500): JSON in Frappe's error shape under /api/, our own styled
# pages elsewhere.
def _api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    return api_errors.bad_request_json(request) if _api(request) else error_page(request, 400)


def permission_denied(request, exception=None):
    return api_errors.permission_denied_json(request) if _api(request) else error_page(request, 403)


def page_not_found(request, exception=None):
    return api_errors.not_found(request) if _api(request) else error_page(request, 404)


def server_error(request):
    return api_errors.server_error_json(request) if _api(request) else error_page(request, 500)


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form posted without its token (expired, or from another site)."""
    return error_page(request, 403, CSRF_PAGE)
