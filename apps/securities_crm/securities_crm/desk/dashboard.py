"""Home dashboards: each role sees the figures that matter to it, computed from the data.

A module adds a figure with the @figure decorator. The function gets the request and
returns a number (or text), or None when there is no data yet, which the desk says as such.
Figures respect record rules: compute them over policy-filtered querysets.
"""
from dataclasses import dataclass
from typing import Callable

from django.utils.translation import gettext_lazy as _

from ..permissions.roles import user_roles


@dataclass
class Figure:
    key: str
    title: str
    roles: frozenset[str] | None  # None: every staff role
    compute: Callable
    link: str | None = None
    order: int = 100


FIGURES: dict[str, Figure] = {}


def figure(title, *, roles=None, link=None, order=100):
    def wrap(fn):
        FIGURES[f"{fn.__module__}.{fn.__name__}"] = Figure(
            key=fn.__name__, title=title, roles=frozenset(roles) if roles else None, compute=fn, link=link, order=order
        )
        return fn

    return wrap


def figures_for(request) -> list[dict]:
    roles = user_roles(request.user)
    shown = []
    for fig in sorted(FIGURES.values(), key=lambda f: f.order):
        if fig.roles is not None and not (fig.roles & roles):
            continue
        value = fig.compute(request)
        shown.append({"key": fig.key, "title": fig.title, "value": value, "link": fig.link,
                      "empty": value is None})
    return shown


def dashboard_callback(request, context):
    from . import figures  # noqa: F401  (registers the foundation's figures)

    context.update({"figures": figures_for(request), "no_data_text": _("No data yet")})
    return context
