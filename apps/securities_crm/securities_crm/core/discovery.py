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


def modules_named(name: str) -> list[str]:
    """Every `<package>.<name>` module of the app, top-level packages first, then DocType folders."""
    root = importlib.import_module(ROOT)
    found = []
    for package in sorted(m.name for m in pkgutil.iter_modules(root.__path__) if m.ispkg):
        if package == "doctype":
            doctype = importlib.import_module(f"{ROOT}.doctype")
            for folder in sorted(m.name for m in pkgutil.iter_modules(doctype.__path__) if m.ispkg):
                found.append(f"{ROOT}.doctype.{folder}.{name}")
        else:
            found.append(f"{ROOT}.{package}.{name}")
    return [m for m in found if importlib.util.find_spec(m) is not None]


def autodiscover(name: str) -> list[str]:
    """Import every plug-in module called `name`; returns their dotted paths."""
    found = modules_named(name)
    for module in found:
        importlib.import_module(module)
    return found
