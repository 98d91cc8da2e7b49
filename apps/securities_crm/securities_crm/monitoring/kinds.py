"""The registry of rule kinds: each kind's category, parameters (defaults and bounds) and evaluator.

A kind is a function `evaluate(ctx) -> DataFrame of hits`, declared with @kind. Evaluators are
set-based: they work on whole pandas DataFrames of the rows in scope (group-bys, rolling and
window operations), never row by row in Python. Parameters are validated here, so a Monitoring
Rule with a bad parameter is refused with a message naming it. Thresholds are inclusive (≥).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _t

from . import data


@dataclass(frozen=True)
class Param:
    default: float | int | str
    minimum: float | None = 0
    maximum: float | None = None
    kind: type = float  # float, int or str
    label: str = ""


@dataclass
class KindSpec:
    key: str
    label: str
    category: str  # AML, Market or Account
    params: dict[str, Param]
    sources: tuple[str, ...]  # the DocTypes it reads (data.SOURCES): "Fund Transfer", "Trade", ...
    evaluate: Callable | None = None
    default_window: int = 1
    evaluable: bool = True
    notes: str = ""


KINDS: dict[str, KindSpec] = {}
KIND_LABELS: dict[str, str] = {}


def kind(key, label, category, sources, params, default_window=1, evaluable=True, notes=""):
    unknown = sorted(set(sources) - set(data.SOURCES))
    if unknown:
        raise ImproperlyConfigured(f"Rule kind {key} reads {unknown}, which are no sources (data.SOURCES)")

    def wrap(fn):
        KINDS[key] = KindSpec(key, label, category, params, tuple(sources), fn, default_window, evaluable, notes)
        KIND_LABELS[key] = label
        return fn

    return wrap


def get(key) -> KindSpec | None:
    """A registered kind (the rules/ package registers them; AppConfig.ready loads it)."""
    return KINDS.get(key)


def require(key: str) -> KindSpec:
    """A kind the caller knows is registered (a rule that passed validation names one)."""
    spec = KINDS.get(key)
    if spec is None:
        raise LookupError(f"no rule kind {key!r}")
    return spec


def choices() -> list[tuple[str, str]]:
    return list(KIND_LABELS.items())


def validate_rule(rule) -> None:
    """validate of a Monitoring Rule (hooks.py): a known kind, a window, and parameters the kind accepts;
    the category is the kind's."""
    spec = get(rule.kind)
    if spec is None:
        raise ValidationError({"kind": _t("Unknown rule kind %(kind)s.") % {"kind": rule.kind}})
    if not rule.window_days or rule.window_days < 1:
        raise ValidationError({"window_days": _t("The window is at least one day.")})
    rule.category = spec.category
    rule.parameters = validate_parameters(rule.kind, rule.parameters)


def params_of(rule) -> dict:
    """The rule's parameters, with the kind's defaults for those it does not set."""
    return with_defaults(rule.kind, rule.parameters)


def with_defaults(key: str, parameters: dict | None) -> dict:
    spec = require(key)
    values = {name: p.default for name, p in spec.params.items()}
    values.update(parameters or {})
    return values


def validate_parameters(key: str, parameters) -> dict:
    """The parameters, checked against the kind and converted; ValidationError naming the parameter."""
    spec = require(key)
    if parameters in (None, ""):
        parameters = {}
    if not isinstance(parameters, dict):
        raise ValidationError({"parameters": _t("Parameters must be an object of name: value.")})
    unknown = sorted(set(parameters) - set(spec.params))
    if unknown:
        raise ValidationError(
            {
                "parameters": _t("Unknown parameter %(name)s for kind %(kind)s (known: %(known)s).")
                % {"name": unknown[0], "kind": key, "known": ", ".join(spec.params)}
            }
        )
    clean = {}
    for name, value in parameters.items():
        p = spec.params[name]
        try:
            if p.kind is str:
                value = str(value)
            elif isinstance(value, bool):
                raise TypeError
            else:
                number = float(value)  # "nan", "inf" and 1e400 (a Decimal from the API's JSON) all parse
                if not math.isfinite(number):
                    raise ValidationError(
                        {"parameters": _t("Parameter %(name)s must be a finite number.") % {"name": name}}
                    )
                if p.kind is int:
                    if number != int(number):
                        raise ValueError
                    value = int(number)
                else:
                    value = number
        except (TypeError, ValueError, OverflowError):
            raise ValidationError({"parameters": _t("Parameter %(name)s must be a number.") % {"name": name}}) from None
        if p.kind is not str:
            if p.minimum is not None and value < p.minimum:
                raise ValidationError(
                    {
                        "parameters": _t("Parameter %(name)s must be at least %(min)s.")
                        % {"name": name, "min": p.minimum}
                    }
                )
            if p.maximum is not None and value > p.maximum:
                raise ValidationError(
                    {"parameters": _t("Parameter %(name)s must be at most %(max)s.") % {"name": name, "max": p.maximum}}
                )
        clean[name] = value
    return clean


@dataclass
class Context:
    """What an evaluator gets: its rule's parameters and window, and the rows in scope of the sources it
    asked for, each named by its DocType in snake case (data.table: "Fund Transfer" -> fund_transfer) —
    as Arrow tables for DuckDB (`ctx.sql("... FROM fund_transfer")`), or as pandas frames
    (`ctx.fund_transfer`, made on first use). On the real-time path, `since` is the earliest new row's
    time and `history(doctype, accounts)` tells what a source held before the loaded range
    (data.last_before); both None on a full scan."""

    params: dict
    window_days: int
    accounts: object  # DataFrame: account, client, client_type, branch, opened_on, financial_assets, ...
    tables: dict = field(default_factory=dict)
    history: object = None
    since: object = None
    _frames: dict = field(default_factory=dict)
    con: Any = None  # the DuckDB connection of the evaluation (engine.Frames.duck), shared by its rules

    def __getattr__(self, name):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            frames = self.__dict__["_frames"]
            if name not in frames:
                frames[name] = tables[name].to_pandas()
            return frames[name]
        raise AttributeError(name)

    def sql(self, query: str, extra: dict | None = None, **params):
        """Run DuckDB SQL over this context's tables (by name: trade, "order", ...) and `accounts` on the
        evaluation's connection; a pandas frame. DuckDB reads the Arrow tables in place and aggregates on
        every core; the kinds keep their evidence lists to the groups that hit."""
        for name, table in {**self.tables, "accounts": self.accounts, **(extra or {})}.items():
            self.con.register(name, table)  # views over the objects, replaced rule by rule
        return self.con.execute(query, params or None).df()


HIT_COLUMNS = ["account", "key", "window_start", "window_end", "score", "threshold", "summary", "evidence"]
