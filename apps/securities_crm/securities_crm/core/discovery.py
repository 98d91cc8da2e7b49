"""Explicit discovery of plug-ins, as Django's admin finds admin.py: called from AppConfig.ready.

    autodiscover("figures")    # imports securities_crm.<package>.figures and doctype/<name>/figures.py

A plug-in module registers itself when imported (a decorator, a receiver). Nothing else imports it,
so the only way it is loaded is this call, made once, in one place (apps.py), in a fixed order.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil

ROOT = "securities_crm"


def _existing(names: list[str]) -> list[str]:
    return [m for m in names if importlib.util.find_spec(m) is not None]


def doctype_modules(name: str) -> list[str]:
    """Every doctype/<folder>/<name>.py, in folder order."""
    doctype = importlib.import_module(f"{ROOT}.doctype")
    folders = sorted(m.name for m in pkgutil.iter_modules(doctype.__path__) if m.ispkg)
    return _existing([f"{ROOT}.doctype.{folder}.{name}" for folder in folders])


def modules_named(name: str) -> list[str]:
    """Every `<package>.<name>` module of the app: top-level packages first, then DocType folders."""
    root = importlib.import_module(ROOT)
    packages = sorted(m.name for m in pkgutil.iter_modules(root.__path__) if m.ispkg and m.name != "doctype")
    return _existing([f"{ROOT}.{package}.{name}" for package in packages]) + doctype_modules(name)


def autodiscover(name: str) -> list[str]:
    """Import every plug-in module called `name`; returns their dotted paths."""
    found = modules_named(name)
    for module in found:
        importlib.import_module(module)
    return found
