"""Errors the DocType layer raises. The API maps each to Frappe's exc_type and status code."""

from django.core.exceptions import PermissionDenied, ValidationError


class DocumentImmutable(PermissionDenied):
    """Raised when a write would change a record that must not change (403)."""


class DuplicateEntry(ValidationError):
    """Raised when a document would repeat a unique value (409 DuplicateEntryError in the API)."""
