"""Functions callable through /api/method/<dotted.path>, as with `@frappe.whitelist()`."""

from collections.abc import Callable

WHITELISTED: dict[str, "Method"] = {}


class Method:
    def __init__(
        self, fn: Callable, path: str, allow_guest: bool, methods: tuple[str, ...] | None, atomic: bool = True
    ):
        self.fn, self.path, self.allow_guest, self.methods = fn, path, allow_guest, methods
        self.atomic = atomic


def whitelist(fn=None, *, allow_guest: bool = False, methods=None, path: str | None = None, atomic: bool = True):
    """Mark a function callable over the API under its dotted path (or `path`, for Frappe's names).

    A write runs in one transaction, rolled back when the function raises. `atomic=False` is for a
    function whose failure must still leave rows behind (login: the failed attempt and its audit row).
    """

    def wrap(f):
        name = path or f"{f.__module__}.{f.__name__}"
        WHITELISTED[name] = Method(f, name, allow_guest, tuple(methods) if methods else None, atomic)
        return f

    return wrap(fn) if fn is not None else wrap
