"""Who is acting right now, and from where, like `frappe.session.user` and `frappe.local.request_ip`.

Documents stamp `owner` and `modified_by` from here, and records of who confirmed something take
the user and address from here, never from the request body. A request sets both from the
logged-in user and the client address; jobs and commands run as "Administrator" from nowhere.
"""

import contextvars
from contextlib import contextmanager

SYSTEM_USER = "Administrator"
_current_user: contextvars.ContextVar[str] = contextvars.ContextVar("crm_current_user", default=SYSTEM_USER)
_current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("crm_current_ip", default=None)


def get_user() -> str:
    return _current_user.get()


def current_user():
    """The acting User (None for the system or a guest): for records of who did something."""
    from django.contrib.auth import get_user_model

    return get_user_model()._default_manager.filter(username=get_user()).first()


def get_ip() -> str | None:
    """The address of the request being served (None in jobs and commands)."""
    return _current_ip.get()


@contextmanager
def acting_as(username: str, ip: str | None = None):
    token = _current_user.set(username or SYSTEM_USER)
    ip_token = _current_ip.set(ip) if ip is not None else None
    try:
        yield
    finally:
        _current_user.reset(token)
        if ip_token is not None:
            _current_ip.reset(ip_token)


def request_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class CurrentUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        username = user.get_username() if user is not None and user.is_authenticated else "Guest"
        with acting_as(username, request_ip(request)):
            return self.get_response(request)
