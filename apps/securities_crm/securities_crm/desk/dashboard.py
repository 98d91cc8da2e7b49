"""Home dashboards: each role sees the figures that matter to it, computed from the data.

Adding a figure
---------------
Put a ``figures.py`` next to your code: ``doctype/<name>/figures.py`` or ``<area>/figures.py``
(e.g. ``monitoring/figures.py``). The dashboard imports every such module, so nothing else
needs an edit. In it, decorate a function of the request:

    from django.utils.translation import gettext_lazy as _
    from securities_crm.desk.dashboard import Chart, Number, Table, figure
    from securities_crm.permissions import policy
    from securities_crm.permissions.roles import BRANCH_MANAGER, CLIENT_MANAGER

    @figure(_("My clients"), roles=[CLIENT_MANAGER, BRANCH_MANAGER], order=20, icon="groups",
            link="admin:securities_crm_client_changelist")
    def my_clients(request):
        clients = policy.filter_queryset(request.user, Client.objects.all())
        return clients.count() or None

What a figure returns:

- ``None``: there is no data yet. The card says so ("No data yet", or the figure's
  ``empty_text``, e.g. "No job is running"); never show a made-up value.
- an int, a Decimal or a short text: one big number.
- ``Number(value, hint)``: a number with a line of context under it.
- ``Chart(labels, series)``: a bar (or ``kind="line"``) chart; ``series`` maps a label to values.
- ``Table(headers, rows)``: a few rows, e.g. the latest five alerts.

``link`` is where "View all" goes: a URL name, a path, or a function of the request that
returns one, or None when this viewer may not open it.

Rules: compute over ``policy.filter_queryset(request.user, ...)`` so a figure never counts
records its viewer may not read; keep it to one or two queries; ``roles=None`` shows it to
every staff role. A figure that raises is logged and shown as unavailable, so one broken
figure never takes the whole home page down (tests assert that none does).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..permissions.policy import user_branch_id
from ..permissions.roles import LABELS as ROLE_LABELS
from ..permissions.roles import user_roles

log = logging.getLogger(__name__)

# Chart colours: the desk's primary red first, then calm neutrals that read well on white and dark.
PALETTE = ["#b91c1c", "#f59e0b", "#2563eb", "#059669", "#7c3aed", "#64748b"]


@dataclass
class Number:
    value: Any
    hint: str | Promise = ""

    @property
    def is_text(self) -> bool:
        return not isinstance(self.value, (int, float, Decimal))


@dataclass
class Chart:
    labels: list
    series: dict  # {label: [values]}
    kind: str = "bar"  # "bar" or "line"
    stacked: bool = False

    def data_json(self) -> str:
        datasets = [
            {
                "label": str(label),
                "data": list(values),
                "backgroundColor": PALETTE[i % len(PALETTE)],
                "borderColor": PALETTE[i % len(PALETTE)],
                "maxBarThickness": 36,
            }
            for i, (label, values) in enumerate(self.series.items())
        ]
        return json.dumps({"labels": [str(x) for x in self.labels], "datasets": datasets}, ensure_ascii=False)

    def options_json(self) -> str:
        options = {
            "plugins": {"legend": {"display": len(self.series) > 1, "position": "bottom", "align": "start"}},
            "scales": {
                "x": {"stacked": self.stacked},
                "y": {"stacked": self.stacked, "beginAtZero": True, "ticks": {"precision": 0}},
            },
        }
        return json.dumps(options)


@dataclass
class Table:
    headers: list
    rows: list = field(default_factory=list)


@dataclass
class Figure:
    key: str
    title: str | Promise
    roles: frozenset[str] | None  # None: every staff role
    compute: Callable
    link: str | Callable | None = None  # a URL name ("admin:..."), a path, or a function of the request
    order: int = 100
    icon: str = ""  # a Material Symbols name
    wide: bool = False  # span two columns (charts and tables are wide by default)
    empty_text: str | Promise = ""  # what "nothing to show" means here, when not "No data yet"


FIGURES: dict[str, Figure] = {}


def figure(title, *, roles=None, link=None, order=100, icon="", wide=False, empty_text=""):
    """Register a dashboard figure; see the module docstring."""

    def wrap(fn):
        key = f"{fn.__module__}.{fn.__name__}"
        FIGURES[key] = Figure(
            key=key,
            title=title,
            roles=frozenset(roles) if roles else None,
            compute=fn,
            link=link,
            order=order,
            icon=icon,
            wide=wide,
            empty_text=empty_text,
        )
        return fn

    return wrap


def _resolve(link, request) -> str | None:
    if callable(link):
        link = link(request)  # may answer None: no link for this viewer
    if not link:
        return None
    link = str(link)
    if ":" in link and not link.startswith("/"):
        try:
            return reverse(link)
        except NoReverseMatch:
            log.warning("dashboard figure links to unknown URL name %s", link)
            return None
    return link


def _shape(value) -> tuple[str, Any]:
    if value is None:
        return "empty", None
    if isinstance(value, Chart):
        return "chart", value
    if isinstance(value, Table):
        return ("table", value) if value.rows else ("empty", None)
    if isinstance(value, Number):
        return ("number", value) if value.value is not None else ("empty", None)
    if isinstance(value, (int, float, Decimal, str, Promise)):
        return "number", Number(value)
    raise TypeError(f"a figure returned {type(value).__name__}; return None, a number, Number, Chart or Table")


def visible_figures(user) -> list[Figure]:
    roles = user_roles(user)
    return [f for f in sorted(FIGURES.values(), key=lambda f: (f.order, f.key)) if f.roles is None or f.roles & roles]


def figures_for(request) -> list[dict]:
    """The figures the user's roles see, computed now, in display order."""
    shown = []
    for fig in visible_figures(request.user):
        try:
            kind, value = _shape(fig.compute(request))
        except Exception:  # noqa: BLE001  (one failing figure must not take the home page down)
            log.exception("dashboard figure %s failed", fig.key)
            kind, value = "error", None
        shown.append(
            {
                "key": fig.key.rsplit(".", 1)[-1],
                "id": fig.key,
                "title": fig.title,
                "kind": kind,
                "value": value,
                "link": _resolve(fig.link, request),
                "icon": fig.icon,
                "wide": fig.wide or kind in ("chart", "table"),
                "empty": kind == "empty",
                "error": kind == "error",
                "empty_text": fig.empty_text,
            }
        )
    return shown


def dashboard_callback(request, context):
    roles = sorted(user_roles(request.user), key=lambda r: list(ROLE_LABELS).index(r) if r in ROLE_LABELS else 99)
    branch = None
    if user_branch_id(request.user):
        branch = request.user.staff_profile.branch
    context.update(
        {
            "title": _("Dashboard"),
            "figures": figures_for(request),
            "role_labels": [ROLE_LABELS.get(r, r) for r in roles],
            "user_branch": branch,
            "no_data_text": _("No data yet"),
            "error_text": _("This figure could not be computed; the error is in the server log."),
        }
    )
    return context
