"""Django loads models from here. Each DocType lives in its own folder under doctype/,
and every `doctype/<name>/model.py` is imported, so adding a DocType needs no edit here."""

import importlib

from .core.discovery import doctype_modules
from .core.naming import NamingSeries  # noqa: F401  (the series counters)

for _module in doctype_modules("model"):
    importlib.import_module(_module)
