"""A segment's rule: a tree of all / any / not over conditions, checked and compiled to a Django Q.

    {"all": [
        {"field": "aum", "op": ">=", "value": {"param": "min_aum"}},
        {"not": {"field": "tags", "op": "has tag", "value": "黑名单"}},
        {"any": [{"field": "status", "op": "=", "value": "Active"}, {"field": "trade_days_3m", "op": ">", "value": 0}]}
    ]}

`check(rule, parameters)` reads the tree once: every field must be in the catalogue, every operator must
fit the field's type, every value must be one the field can hold, and every {"param": name} must name a
parameter of the segment. A failure is a ValidationError on `rule` naming the condition, the field and
the reason (the API answers 417, and nothing is saved). The checked tree compiles to one Q over Client
(`to_q`), so membership, preview, explain and the `segment` list filter all run the same query, on every
database, inside the caller's record rules when they add them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from ..doctype.client_tag.model import ClientTag
from . import catalogue
from .catalogue import Entry

MAX_CONDITIONS = 100
MAX_DEPTH = 8
MAX_IN_VALUES = 1000
GROUPS = ("all", "any", "not")


@dataclass(frozen=True)
class Condition:
    entry: Entry
    op: str
    value: Any  # converted for the field; for between a (low, high) pair, for in a tuple
    where: str  # where the condition sits in the tree ("all[2]"), for messages

    @property
    def field(self) -> str:
        return self.entry.name


@dataclass(frozen=True)
class Group:
    kind: str  # all, any or not
    children: tuple  # of Group | Condition (one for not)
    where: str


Node = Group | Condition


class RuleError(ValidationError):
    """A rule that does not fit the catalogue; its messages name the condition and the field."""


def _fail(message: str) -> NoReturn:
    raise RuleError({"rule": [message]})


# --- parameters ---------------------------------------------------------------------------
def _resolve(value, parameters: dict, where: str, field: str):
    """A condition's value with {"param": name} replaced by the segment's parameter."""
    if isinstance(value, dict):
        if set(value) != {"param"} or not isinstance(value["param"], str):
            _fail(
                _('Condition %(where)s (%(field)s): a value may be given as {"param": name} only.')
                % {"where": where, "field": field}
            )
        name = value["param"]
        if name not in parameters:
            _fail(
                _("Condition %(where)s (%(field)s) names the parameter %(param)s, which the segment does not have.")
                % {"where": where, "field": field, "param": name}
            )
        return parameters[name]
    if isinstance(value, list):
        return [_resolve(v, parameters, where, field) for v in value]
    return value


# --- values ---------------------------------------------------------------------------------
def _bad_value(entry: Entry, value, where: str, reason: str) -> NoReturn:
    _fail(
        _("Condition %(where)s: %(value)s is not a value for %(field)s (%(label)s): %(reason)s")
        % {"where": where, "value": value, "field": entry.name, "label": entry.label, "reason": reason}
    )


def _number(entry: Entry, value, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        _bad_value(entry, value, where, _("a number is needed."))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        _bad_value(entry, value, where, _("a number is needed."))
    if not number.is_finite():
        _bad_value(entry, value, where, _("a finite number is needed."))
    return number


def _date(entry: Entry, value, where: str) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    _bad_value(entry, value, where, _("a date YYYY-MM-DD is needed."))


def _bool(entry: Entry, value, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes"):
        return True
    if text in ("0", "false", "no"):
        return False
    _bad_value(entry, value, where, _("true or false is needed."))


def _text(entry: Entry, value, where: str) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        _bad_value(entry, value, where, _("text is needed."))
    text = str(value).strip()
    choices = entry.choices
    if choices and text not in choices:
        _bad_value(entry, value, where, _("use one of: %(choices)s.") % {"choices": ", ".join(choices)})
    return text


def convert(entry: Entry, value, where: str):
    """One value converted for the field, or a RuleError naming the field and why."""
    if entry.kind == "number":
        return _number(entry, value, where)
    if entry.kind == "date":
        return _date(entry, value, where)
    if entry.kind == "bool":
        return _bool(entry, value, where)
    return _text(entry, value, where)


# --- the tree -----------------------------------------------------------------------------
def _condition(node: dict, parameters: dict, where: str) -> Condition:
    field = node.get("field", catalogue.TAGS if node.get("op") == "has tag" else None)
    op = node.get("op")
    unknown = set(node) - {"field", "op", "value"}
    if unknown:
        _fail(
            _("Condition %(where)s has keys a condition does not take: %(keys)s.")
            % {"where": where, "keys": ", ".join(sorted(unknown))}
        )
    entry = catalogue.get(field)
    if entry is None:
        _fail(
            _("Condition %(where)s: %(field)s is not a field a segment rule can read.")
            % {"where": where, "field": field}
        )
    if op not in entry.operators:
        _fail(
            _("Condition %(where)s: the operator %(op)s does not fit %(field)s (%(label)s); use one of: %(ops)s.")
            % {"where": where, "op": op, "field": entry.name, "label": entry.label, "ops": ", ".join(entry.operators)}
        )
    raw = _resolve(node.get("value"), parameters, where, entry.name)
    if op == "has tag":
        if not isinstance(raw, str) or not raw.strip():
            _bad_value(entry, raw, where, _("a tag is needed."))
        return Condition(entry, op, raw.strip(), where)
    if op == "is set":
        return Condition(entry, op, True if raw is None else _bool(entry, raw, where), where)
    if op == "between":
        if not isinstance(raw, list) or len(raw) != 2:
            _bad_value(entry, raw, where, _("between needs a list of two values, the low and the high."))
        low, high = convert(entry, raw[0], where), convert(entry, raw[1], where)
        if low > high:
            _bad_value(entry, raw, where, _("the low value is above the high one."))
        return Condition(entry, op, (low, high), where)
    if op == "in":
        if not isinstance(raw, list) or not raw or len(raw) > MAX_IN_VALUES:
            _bad_value(entry, raw, where, _("in needs a list of 1 to %(max)s values.") % {"max": MAX_IN_VALUES})
        return Condition(entry, op, tuple(convert(entry, v, where) for v in raw), where)
    if raw is None and op in ("=", "!="):
        return Condition(entry, op, None, where)
    return Condition(entry, op, convert(entry, raw, where), where)


def _node(node, parameters: dict, where: str, depth: int, count: list[int]) -> Node:
    if depth > MAX_DEPTH:
        _fail(_("The rule is nested more than %(max)s levels deep.") % {"max": MAX_DEPTH})
    if not isinstance(node, dict):
        _fail(
            _("%(where)s must be a condition or a group (all, any, not), not %(value)s.")
            % {"where": where or _("The rule"), "value": node}
        )
    groups = [k for k in GROUPS if k in node]
    if not groups:
        count[0] += 1
        if count[0] > MAX_CONDITIONS:
            _fail(_("A rule has at most %(max)s conditions.") % {"max": MAX_CONDITIONS})
        return _condition(node, parameters, where or "1")
    if len(node) != 1:
        _fail(_("%(where)s: a group has exactly one key (all, any or not).") % {"where": where or _("The rule")})
    kind = groups[0]
    here = f"{where}.{kind}" if where else kind
    if kind == "not":
        return Group(kind, (_node(node[kind], parameters, here, depth + 1, count),), here)
    items = node[kind]
    if not isinstance(items, list) or not items:
        _fail(_("%(where)s needs a non-empty list of conditions.") % {"where": here})
    return Group(
        kind, tuple(_node(c, parameters, f"{here}[{i + 1}]", depth + 1, count) for i, c in enumerate(items)), here
    )


def check(rule, parameters=None, *, required: bool = True) -> Node | None:
    """The rule read and checked against the catalogue (a RuleError naming what does not fit).
    An empty rule is None: everyone, where that is allowed (a tier ladder ranks every client)."""
    parameters = parameters if parameters is not None else {}
    if not isinstance(parameters, dict):
        raise RuleError({"parameters": [_("Parameters must be an object of names and values.")]})
    if rule in (None, {}, ""):
        if required:
            _fail(_("A rule segment needs at least one condition."))
        return None
    return _node(rule, parameters, "", 1, [0])


# --- compiling ------------------------------------------------------------------------------
def _lookup(entry: Entry) -> str:
    field = entry.field
    return f"{entry.path}__date" if isinstance(field, models.DateTimeField) else entry.path


def condition_q(cond: Condition) -> Q:
    """One condition as a Q over Client."""
    if cond.op == "has tag":
        return Q(pk__in=ClientTag.objects.filter(tag=cond.value).values("client_id"))
    path = _lookup(cond.entry)
    if cond.op == "is set":
        empty = Q(**{f"{path}__isnull": True})
        if cond.entry.kind == "text":
            empty |= Q(**{path: ""})
        return ~empty if cond.value else empty
    if cond.op in ("=", "!="):
        q = Q(**{f"{path}__isnull": True}) if cond.value is None else Q(**{path: cond.value})
        return ~q if cond.op == "!=" else q
    if cond.op == "between":
        low, high = cond.value
        return Q(**{f"{path}__gte": low, f"{path}__lte": high})
    if cond.op == "in":
        return Q(**{f"{path}__in": list(cond.value)})
    lookup = {"<": "lt", "<=": "lte", ">": "gt", ">=": "gte"}[cond.op]
    return Q(**{f"{path}__{lookup}": cond.value})


def to_q(node: Node | None) -> Q:
    """The checked tree as one Q over Client (Q() for an empty rule: everyone)."""
    if node is None:
        return Q()
    if isinstance(node, Condition):
        return condition_q(node)
    parts = [to_q(c) for c in node.children]
    if node.kind == "not":
        return ~parts[0]
    combined = parts[0]
    for part in parts[1:]:
        combined = (combined & part) if node.kind == "all" else (combined | part)
    return combined


def conditions(node: Node | None) -> list[Condition]:
    """Every condition of the tree, in order."""
    if node is None:
        return []
    if isinstance(node, Condition):
        return [node]
    return [c for child in node.children for c in conditions(child)]


def fields_read(node: Node | None) -> list[Entry]:
    """The catalogue fields the rule reads (tags apart), once each, in order: what `why` records."""
    seen: dict[str, Entry] = {}
    for cond in conditions(node):
        if cond.entry.kind != "tags":
            seen.setdefault(cond.entry.name, cond.entry)
    return list(seen.values())


def tags_tested(node: Node | None) -> list[str]:
    return sorted({c.value for c in conditions(node) if c.op == "has tag"})
