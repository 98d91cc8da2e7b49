"""Functions callable through /api/method/<dotted.path>, as with `@frappe.whitelist()`."""
from typing import Callable

WHITELISTED: dict[str, "Method"] = {}


class Method:
    def __init__(self, fn: Callable, path: str, allow_guest: bool, methods: tuple[str, ...] | None):
        self.fn, self.path, self.allow_guest, self.methods = fn, path, allow_guest, methods


def whitelist(fn=None, *, allow_guest: bool = False, methods=None, path: str | None = None):
    """Mark a function callable over the API under its dotted path (or `path`, for Frappe's names)."""

    def wrap(f):
        name = path or f"{f.__module__}.{f.__name__}"
        WHITELISTED[name] = Method(f, name, allow_guest, tuple(methods) if methods else None)
        return f

    return wrap(fn) if fn is not None else wrap
