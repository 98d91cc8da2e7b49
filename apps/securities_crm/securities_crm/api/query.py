"""Frappe's list parameters (fields, filters, or_filters, order_by, paging, group_by) as ORM queries.

Nothing here builds SQL: every name is checked against the DocType's fields and every value
goes through the field's own parser, so a bad field, operator or value is a 417 that names it.
The work a request can ask for is bounded: at most MAX_CONDITIONS conditions, MAX_IN_VALUES values
in an `in` list (MAX_VALUES in all), and `like` patterns of at most LIKE_MAX_LENGTH characters with
at most LIKE_MAX_WILDCARDS wildcards, matched by the database's own LIKE (api/lookups.py).

    filters=[["status", "=", "Open"], ["Risk Alert", "severity", "in", "High,Critical"]]
    filters={"status": "Open", "creation": [">", "2026-01-01"]}

A DocType that leads to a client (its spec's client_path) also takes the pseudo-field `segment`: the
records of the clients now in a segment (`segment_condition`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Avg, Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..core import registry
from ..doctype.segment.model import Segment
from ..doctype.segment_membership.model import SegmentMembership
from . import (
    lookups,  # noqa: F401  (registers the frappe_like lookup)
    serialize,
)
from .endpoint import check_text
from .errors import ValidationError
from .meta import Meta
from .response import loads

MAX_CONDITIONS = 100  # filters and or_filters together (SQLite refuses expression trees deeper than 1000)
MAX_IN_VALUES = 1000  # values of one `in` / `not in`
MAX_VALUES = 10_000  # values of every `in` list of a request (SQLite binds at most 32,766 parameters)
LIKE_MAX_LENGTH = 140
LIKE_MAX_WILDCARDS = 8

OPERATORS = ("=", "!=", ">", "<", ">=", "<=", "like", "not like", "in", "not in", "is", "between", "not between")
_COMPARE = {">": "gt", "<": "lt", ">=": "gte", "<=": "lte"}
_AGGREGATE = re.compile(r"^(count|sum|avg|min|max)\(\s*(\*|[\w`.]+)\s*\)(?:\s+as\s+(\w+))?$", re.I)
_AGGREGATES = {"count": Count, "sum": Sum, "avg": Avg, "min": Min, "max": Max}
DEFAULT_PAGE_LENGTH = 20


@dataclass
class ListQuery:
    fields: list[str] = field(default_factory=lambda: ["name"])
    aggregates: dict = field(default_factory=dict)  # alias -> ORM aggregate
    q: Q = field(default_factory=Q)
    order_by: list[str] = field(default_factory=list)
    group_by: list[str] = field(default_factory=list)
    start: int = 0
    length: int = DEFAULT_PAGE_LENGTH
    as_dict: bool = True
    # Fields the query filters, sorts, groups or aggregates by (not those it only shows): whoever may see
    # a field only masked may not use it in any of these ways (api/documents.check_guarded).
    used: set = field(default_factory=set)


def _json(value, what: str):
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in ("[", "{", '"'):
            try:
                value = loads(text)
            except ValueError:
                raise ValidationError(_("%(param)s is not valid JSON.") % {"param": what}) from None
            check_text(value)  # the request's text was checked before it was parsed; its strings now are
    return value


def _clean_name(meta: Meta, name) -> str:
    """`tabRisk Alert`.`status`, Risk Alert.status and status all name the field status."""
    if not isinstance(name, str):
        raise ValidationError(_("Field names must be text, not %(value)s.") % {"value": name})
    text = name.strip().replace("`", "")
    if "." in text:
        table, _dot, text = text.rpartition(".")
        if table.removeprefix("tab") != meta.doctype:
            raise ValidationError(
                _("Field %(field)s is not in %(doctype)s.") % {"field": name, "doctype": meta.doctype}
            )
    return text


def field_name(meta: Meta, name, *, for_filter=False) -> str:
    text = _clean_name(meta, name)
    info = meta.fields.get(text)
    if info is None:
        raise ValidationError(
            _("Field %(field)s does not exist in %(doctype)s.") % {"field": text, "doctype": meta.doctype}
        )
    return text


# --- fields -----------------------------------------------------------------------------
@cache
def _model_names(model) -> frozenset:
    """Every name the ORM knows on the model (fields, their columns, reverse relations): an alias may not be one."""
    return frozenset(n for f in model._meta.get_fields() for n in (f.name, getattr(f, "attname", None)) if n)


def parse_fields(meta: Meta, raw, lq: ListQuery) -> None:
    value = _json(raw, "fields")
    if value in (None, "", []):
        lq.fields = ["name"]
        return
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list):
        raise ValidationError(_("fields must be a list of field names."))
    names, aggregates = [], {}
    for item in value:
        if not isinstance(item, str):
            raise ValidationError(_("Field names must be text, not %(value)s.") % {"value": item})
        text = item.strip()
        if text in ("*", "`*`") or text.endswith(".*"):
            names += [n for n in meta.fields if n not in names]
            continue
        m = _AGGREGATE.match(text)
        if m:
            fn, arg, alias = m.group(1).lower(), m.group(2), m.group(3)
            target = "pk" if arg == "*" else field_name(meta, arg)
            if target != "pk":
                lq.used.add(target)
            if target != "pk" and meta.fields[target].sensitive:
                raise ValidationError(_("Field %(field)s is encrypted and cannot be aggregated.") % {"field": target})
            if fn in ("sum", "avg") and (target == "pk" or meta.fields[target].kind not in ("int", "float", "decimal")):
                raise ValidationError(_("%(fn)s needs a number field, not %(field)s.") % {"fn": fn, "field": arg})
            if fn in ("min", "max") and target != "pk" and meta.fields[target].kind in ("bool", "json"):
                # PostgreSQL has no MIN or MAX of booleans or JSON
                raise ValidationError(
                    _("%(fn)s needs a field whose values can be ordered, not %(field)s.") % {"fn": fn, "field": arg}
                )
            alias = alias or f"{fn}({arg.replace('`', '')})"
            if alias in meta.fields or alias in _model_names(meta.model):
                raise ValidationError(
                    _("The alias %(alias)s is the name of a field of %(doctype)s; choose another.")
                    % {"alias": alias, "doctype": meta.doctype}
                )
            lookup = target if target == "pk" else meta.fields[target].lookup
            aggregates[alias] = _AGGREGATES[fn](lookup)
            names.append(alias)
            continue
        text = field_name(meta, text)
        if text not in names:
            names.append(text)
    lq.fields, lq.aggregates = names, aggregates


# --- filters ----------------------------------------------------------------------------
def _convert(meta: Meta, name: str, value):
    info = meta.fields[name]
    if info.user_link:  # filtered through the username (the lookup is <field>__username)
        return None if value in (None, "") else str(value)
    try:
        return serialize.to_python(info, value)
    except DjangoValidationError as exc:
        raise ValidationError(
            _("Invalid value %(value)s for %(label)s (%(field)s): %(reason)s")
            % {"value": value, "label": info.label, "field": name, "reason": " ".join(exc.messages)}
        ) from None


# --- like ---------------------------------------------------------------------------------
def _like_tokens(pattern: str) -> list[tuple[bool, str]]:
    """The pattern as (is_wildcard, character) pairs. % and _ are wildcards; a backslash makes the next
    character literal, as LIKE's escape character (a trailing one is itself); a run of % is one %."""
    tokens: list[tuple[bool, str]] = []
    chars = iter(pattern)
    for ch in chars:
        if ch == "\\":
            tokens.append((False, next(chars, "\\")))
        elif ch in "%_":
            if not (ch == "%" and tokens and tokens[-1] == (True, "%")):
                tokens.append((True, ch))
        else:
            tokens.append((False, ch))
    return tokens


_FAST = {(True, True): "icontains", (False, True): "istartswith", (True, False): "iendswith", (False, False): "iexact"}


def _like(meta: Meta, name: str, op: str, value) -> Q:
    """Frappe's like: % any run of characters, _ any one, case-insensitive, by the database's LIKE.

    A pattern whose only wildcards are a leading or trailing % goes through icontains, istartswith,
    iendswith or iexact; any other through the frappe_like lookup. A link is matched on the target's
    name (its primary key), a user link on the username.
    """
    info = meta.fields[name]
    if info.kind not in ("data", "text", "link"):
        raise ValidationError(
            _("Operator %(op)s only applies to text fields, not %(field)s.") % {"op": op, "field": name}
        )
    if info.user_link:
        target, lookup = get_user_model()._meta.get_field("username"), info.lookup
    elif info.kind == "link":
        target = info.field.target_field
        lookup = f"{name}__{target.name}"
    else:
        target, lookup = info.field, info.lookup
    if target.get_lookup("frappe_like") is None:
        raise ValidationError(
            _("Operator %(op)s only applies to text fields, not %(field)s.") % {"op": op, "field": name}
        )
    if value is None or isinstance(value, (list, dict)):
        raise ValidationError(
            _("Operator %(op)s on %(field)s needs a text pattern, not %(value)s.")
            % {"op": op, "field": name, "value": value}
        )
    pattern = str(value)
    if len(pattern) > LIKE_MAX_LENGTH:
        raise ValidationError(
            _("The pattern for %(op)s on %(field)s is longer than %(max)s characters.")
            % {"op": op, "field": name, "max": LIKE_MAX_LENGTH}
        )
    tokens = _like_tokens(pattern)
    if sum(1 for wild, _ch in tokens if wild) > LIKE_MAX_WILDCARDS:
        raise ValidationError(
            _("The pattern for %(op)s on %(field)s has more than %(max)s wildcards (%% and _).")
            % {"op": op, "field": name, "max": LIKE_MAX_WILDCARDS}
        )
    lead = tokens[:1] == [(True, "%")]
    trail = len(tokens) > int(lead) and tokens[-1] == (True, "%")
    middle = tokens[int(lead) : len(tokens) - int(trail)]
    if not any(wild for wild, _ch in middle):
        return Q(**{f"{lookup}__{_FAST[lead, trail]}": "".join(ch for _wild, ch in middle)})
    canonical = "".join(ch if wild else "\\" + ch if ch in "\\%_" else ch for wild, ch in tokens)
    return Q(**{f"{lookup}__frappe_like": canonical})


# --- in and between -------------------------------------------------------------------------
def _list_value(value) -> list:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


_BARE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _bound(meta: Meta, name: str, value, end: bool):
    """One bound of `between`. On a datetime, a bare date covers the whole day, as in Frappe."""
    converted = None if value is None or (isinstance(value, str) and not value.strip()) else _convert(meta, name, value)
    if converted is None:
        raise ValidationError(_("Operator between needs two values (field %(field)s).") % {"field": name})
    info = meta.fields[name]
    if info.kind == "datetime" and isinstance(value, str) and _BARE_DATE.fullmatch(value.strip()):
        # The value converted, so it is a real date with a year from 2 to 9998: a day's ends cannot overflow.
        moment = dt.datetime.combine(dt.date.fromisoformat(value.strip()), dt.time.max if end else dt.time.min)
        converted = timezone.make_aware(moment)
    return converted


# --- segment: the clients now in a segment, on any DocType that leads to a client -------------------
SEGMENT = "segment"
_SEGMENT_OPS = ("=", "!=", "in", "not in")


def segment_condition(meta: Meta, op, value) -> Q:
    """`["segment", "=", "High Net Worth"]`: the records whose client is now in the segment (an open
    Segment Membership), through the DocType's client_path. The record rules still apply on top."""
    spec = registry.for_model(meta.model)
    path = spec.client_path if spec is not None else None
    if path is None:
        raise ValidationError(
            _("%(doctype)s records have no client, so they cannot be filtered by segment.") % {"doctype": meta.doctype}
        )
    op = op.strip().lower() if isinstance(op, str) else op
    if op not in _SEGMENT_OPS:
        raise ValidationError(
            _("Operator %(op)s is not supported (field %(field)s). Use one of: %(ops)s")
            % {"op": op, "field": SEGMENT, "ops": ", ".join(_SEGMENT_OPS)}
        )
    names = [str(v) for v in _list_value(value)] if op in ("in", "not in") else [str(value or "")]
    if len(names) > MAX_IN_VALUES:
        raise ValidationError(
            _("Operator %(op)s on %(field)s takes at most %(max)s values.")
            % {"op": op, "field": SEGMENT, "max": MAX_IN_VALUES}
        )
    known = set(Segment.objects.filter(pk__in=names).values_list("pk", flat=True))
    missing = [n for n in names if n not in known]
    if missing:
        raise ValidationError(_("Segment %(name)s not found") % {"name": ", ".join(missing)})
    members = SegmentMembership.objects.filter(segment__in=names, left_on__isnull=True).values("client_id")
    q = Q(**{f"{path}__in" if path else "pk__in": members})
    return ~q if op in ("!=", "not in") else q


def condition(meta: Meta, name, op, value, used: set | None = None) -> Q:
    if isinstance(name, str) and name.strip() == SEGMENT and SEGMENT not in meta.fields:
        return segment_condition(meta, op, value)
    name = field_name(meta, name)
    info = meta.fields[name]
    if used is not None:
        used.add(name)
    if not isinstance(op, str) or op.strip().lower() not in OPERATORS:
        raise ValidationError(
            _("Operator %(op)s is not supported (field %(field)s). Use one of: %(ops)s")
            % {"op": op, "field": name, "ops": ", ".join(OPERATORS)}
        )
    op = op.strip().lower()
    lookup = info.lookup
    if info.sensitive:
        if op != "=" or not (
            getattr(info.field, "index_field", None) or getattr(info.field, "blind_index_field", None)
        ):
            raise ValidationError(_("Field %(field)s is encrypted: it can only be searched with = .") % {"field": name})
        return Q(**{name: _convert(meta, name, value)})
    if op in ("=", "!="):
        converted = _convert(meta, name, value)
        q = Q(**{f"{lookup}__isnull": True}) if converted is None else Q(**{lookup: converted})
        return ~q if op == "!=" else q
    if op in _COMPARE:
        converted = _convert(meta, name, value)
        if converted is None:
            raise ValidationError(_("Operator %(op)s on %(field)s needs a value.") % {"op": op, "field": name})
        return Q(**{f"{lookup}__{_COMPARE[op]}": converted})
    if op in ("like", "not like"):
        q = _like(meta, name, op, value)
        return ~q if op == "not like" else q
    if op in ("in", "not in"):
        values = _list_value(value)
        if len(values) > MAX_IN_VALUES:
            raise ValidationError(
                _("Operator %(op)s on %(field)s takes at most %(max)s values.")
                % {"op": op, "field": name, "max": MAX_IN_VALUES}
            )
        values = [_convert(meta, name, v) for v in values]
        q = Q(**{f"{lookup}__in": [v for v in values if v is not None]})
        if None in values:
            q |= Q(**{f"{lookup}__isnull": True})
        return ~q if op == "not in" else q
    if op == "is":
        text = str(value).strip().lower()
        if text not in ("set", "not set"):
            raise ValidationError(_("Operator is takes 'set' or 'not set' (field %(field)s).") % {"field": name})
        empty = Q(**{f"{lookup}__isnull": True})
        if info.kind in ("data", "text", "link") and not info.user_link:
            empty |= Q(**{lookup: ""})
        return ~empty if text == "set" else empty
    # between / not between
    values = _list_value(value)
    if len(values) != 2:
        raise ValidationError(_("Operator between needs two values (field %(field)s).") % {"field": name})
    low, high = _bound(meta, name, values[0], False), _bound(meta, name, values[1], True)
    q = Q(**{f"{lookup}__gte": low, f"{lookup}__lte": high})
    return ~q if op == "not between" else q


def filter_items(meta: Meta, raw, what: str = "filters") -> list[list]:
    """The conditions of `filters` or `or_filters`, each as [field, operator, value] (not yet checked)."""
    value = _json(raw, what)
    if value in (None, "", [], {}):
        return []
    items: list[list] = []
    if isinstance(value, dict):
        for name, v in value.items():
            if isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and v[0].strip().lower() in OPERATORS:
                items.append([name, v[0], v[1]])
            else:
                items.append([name, "=", v])
    elif isinstance(value, list):
        if value and isinstance(value[0], str):  # one filter given bare: ["status", "=", "Open"]
            value = [value]
        for item in value:
            if not isinstance(item, list) or len(item) not in (2, 3, 4):
                raise ValidationError(_("Each filter must be [field, operator, value], not %(item)s.") % {"item": item})
            if len(item) == 4:
                if item[0] != meta.doctype:
                    raise ValidationError(_("Filter on %(doctype)s is not allowed here.") % {"doctype": item[0]})
                item = item[1:]
            if len(item) == 2:
                item = [item[0], "=", item[1]]
            items.append(list(item))
    else:
        raise ValidationError(_("%(param)s must be a list or a dict.") % {"param": what})
    return items


def where(meta: Meta, filters=None, or_filters=None, used: set | None = None) -> Q:
    """`filters` (all must hold) and `or_filters` (one must hold) as one Q, within the request's bounds."""
    and_items, or_items = filter_items(meta, filters), filter_items(meta, or_filters, "or_filters")
    if len(and_items) + len(or_items) > MAX_CONDITIONS:
        raise ValidationError(
            _("Too many filter conditions: at most %(max)s in filters and or_filters together.")
            % {"max": MAX_CONDITIONS}
        )
    listed = sum(
        len(_list_value(v))
        for _n, op, v in and_items + or_items
        if isinstance(op, str) and op.strip().lower() in ("in", "not in")
    )
    if listed > MAX_VALUES:
        raise ValidationError(
            _("Too many filter values: at most %(max)s in all the in lists of a request.") % {"max": MAX_VALUES}
        )
    q = Q()
    for item in and_items:
        q &= condition(meta, *item, used=used)
    any_of = Q()
    for item in or_items:
        any_of |= condition(meta, *item, used=used)
    return q & any_of


# --- ordering, grouping and paging --------------------------------------------------------
def parse_order(meta: Meta, raw, allowed_extra=()) -> list[str]:
    if raw is None or not str(raw).strip():
        return ["-modified"] if "modified" in meta.fields else ["-pk"]
    out = []
    for part in str(raw).split(","):
        bits = part.split()
        if not bits or len(bits) > 2:
            raise ValidationError(_("order_by must be 'field asc' or 'field desc', not %(value)s.") % {"value": part})
        direction = bits[1].lower() if len(bits) == 2 else "asc"
        if direction not in ("asc", "desc"):
            raise ValidationError(_("Sort direction must be asc or desc, not %(value)s.") % {"value": bits[1]})
        name = _clean_name(meta, bits[0])
        if name in allowed_extra:
            lookup = name
        else:
            name = field_name(meta, name)
            if meta.fields[name].sensitive:
                raise ValidationError(_("Field %(field)s is encrypted and cannot be sorted.") % {"field": name})
            lookup = meta.fields[name].lookup
        out.append(("-" if direction == "desc" else "") + lookup)
    return out


def _int(raw, what: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise ValidationError(
            _("%(param)s must be a whole number, not %(value)s.") % {"param": what, "value": raw}
        ) from None
    if value < 0 or value > 2**31:
        raise ValidationError(_("%(param)s must be between 0 and 2147483648.") % {"param": what})
    return value


def parse(meta: Meta, params) -> ListQuery:
    """Read Frappe's list parameters from a dict-like."""
    lq = ListQuery()
    parse_fields(meta, params.get("fields"), lq)
    lq.q = where(meta, params.get("filters"), params.get("or_filters"), lq.used)
    group = params.get("group_by")
    if group not in (None, ""):
        lq.group_by = [field_name(meta, g) for g in str(group).split(",") if g.strip()]
        for name in lq.group_by:
            if meta.fields[name].sensitive:
                raise ValidationError(_("Field %(field)s is encrypted and cannot be grouped.") % {"field": name})
        for name in lq.fields:
            if name not in lq.group_by and name not in lq.aggregates:
                raise ValidationError(
                    _("Field %(field)s must be grouped or aggregated when grouping by %(group)s.")
                    % {"field": name, "group": ", ".join(lq.group_by)}
                )
    elif lq.aggregates and len(lq.aggregates) != len(lq.fields):
        raise ValidationError(_("Mix aggregates with plain fields only together with group_by."))
    order = params.get("order_by")
    if lq.group_by or lq.aggregates:
        lq.order_by = parse_order(meta, order, allowed_extra=tuple(lq.aggregates)) if order else []
        for o in lq.order_by:
            if o.lstrip("-") not in lq.group_by and o.lstrip("-") not in lq.aggregates:
                raise ValidationError(_("When grouping, sort by a grouped field or an aggregate."))
    else:
        lq.order_by = parse_order(meta, order)
    lq.used |= {o.lstrip("-") for o in lq.order_by} & set(meta.fields)
    lq.used |= set(lq.group_by)
    lq.start = _int(params.get("limit_start"), "limit_start", 0)
    length = params.get("limit_page_length")
    if length in (None, ""):
        length = params.get("limit")
    lq.length = _int(length, "limit_page_length", DEFAULT_PAGE_LENGTH)
    as_dict = params.get("as_dict")
    lq.as_dict = (
        True if as_dict in (None, "") else serialize.to_bool(as_dict) if not isinstance(as_dict, (list, dict)) else True
    )
    return lq


def page(qs, lq: ListQuery):
    if lq.order_by:
        qs = qs.order_by(*lq.order_by)
    if lq.length:
        return qs[lq.start : lq.start + lq.length]
    return qs[lq.start :] if lq.start else qs


def run(meta: Meta, qs, lq: ListQuery, user) -> list:
    """The rows of the list query, formatted (aggregates and groups included)."""
    qs = qs.filter(lq.q)
    if lq.aggregates or lq.group_by:
        group_lookups = [meta.fields[g].lookup for g in lq.group_by]
        if lq.group_by:
            qs = qs.order_by().values(*group_lookups).annotate(**lq.aggregates)
            result = list(page(qs, lq))
        else:
            result = [qs.aggregate(**lq.aggregates)]
        lookups = {n: (meta.fields[n].lookup if n in meta.fields else n) for n in lq.fields}
        out = []
        for r in result:
            values = [serialize.format_value(r[lookups[n]]) for n in lq.fields]
            out.append(dict(zip(lq.fields, values)) if lq.as_dict else values)
        return out
    return serialize.rows(meta, page(qs, lq), lq.fields, user, lq.as_dict)
