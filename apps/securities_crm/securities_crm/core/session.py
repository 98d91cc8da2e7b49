"""Who is acting right now, like `frappe.session.user`.

Documents stamp `owner` and `modified_by` from here. A request sets it from the logged-in
user; jobs and commands run as "Administrator" unless they say otherwise.
"""
import contextvars
from contextlib import contextmanager

SYSTEM_USER = "Administrator"
_current_user: contextvars.ContextVar[str] = contextvars.ContextVar("crm_current_user", default=SYSTEM_USER)


def get_user() -> str:
    return _current_user.get()


@contextmanager
def acting_as(username: str):
    token = _current_user.set(username or SYSTEM_USER)
    try:
        yield
    finally:
        _current_user.reset(token)


class CurrentUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        username = user.get_username() if user is not None and user.is_authenticated else "Guest"
        with acting_as(username):
            return self.get_response(request)
