"""Django loads models from here. Each DocType lives in its own folder under doctype/,
and every `doctype/<name>/model.py` is imported, so adding a DocType needs no edit here."""
import importlib
import pkgutil

from . import doctype
from .core.naming import NamingSeries  # noqa: F401  (the series counters)

for _module in sorted(m.name for m in pkgutil.iter_modules(doctype.__path__)):
    importlib.import_module(f"{doctype.__name__}.{_module}.model")
