"""The API's errors, as Frappe's exception types: each knows its HTTP status and `exc_type`.
errors.py turns any exception into one of these and writes Frappe's error envelope."""

from __future__ import annotations

from django.utils.translation import gettext as _


class ApiError(Exception):
    status = 500
    exc_type = "Exception"

    def __init__(self, *messages, field: str | None = None):
        super().__init__(*messages)
        self.messages = [str(m) for m in messages] or [self.default_message()]
        self.field = field

    def default_message(self) -> str:
        return _("Server error")


class ValidationError(ApiError):
    status, exc_type = 417, "ValidationError"


class BadRequest(ApiError):
    """A request that cannot be read at all (a broken multipart body, say)."""

    status, exc_type = 400, "ValidationError"

    def default_message(self):
        return _("The request body cannot be read.")


class DoesNotExist(ApiError):
    status, exc_type = 404, "DoesNotExistError"

    def default_message(self):
        return _("Not found")


class NotPermitted(ApiError):
    status, exc_type = 403, "PermissionError"

    def default_message(self):
        return _("Not permitted")


class AuthenticationError(ApiError):
    status, exc_type = 401, "AuthenticationError"

    def default_message(self):
        return _("Not logged in")


class DuplicateEntryError(ApiError):
    status, exc_type = 409, "DuplicateEntryError"

    def default_message(self):
        return _("Duplicate entry")


class RateLimited(ApiError):
    status, exc_type = 429, "RateLimitExceededError"

    def default_message(self):
        return _("Too many requests. Please wait and try again.")


class LoginLockedOut(RateLimited):
    """A login refused by django-axes after repeated failures (signin/lockout.py), whatever the password.
    Frappe answers its own login throttling with TooManyRequestsError."""

    exc_type = "TooManyRequestsError"

    def default_message(self):
        return _("Too many failed sign-in attempts. Try again in 15 minutes, or reset your password.")


class MethodNotAllowed(ApiError):
    status, exc_type = 405, "PermissionError"

    def default_message(self):
        return _("Method not allowed")
