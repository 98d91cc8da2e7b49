"""Documents to JSON-ready dicts and back.

Reading goes through `values()` (no model instances) except for sensitive fields: those are
presented by `securities_crm.security.masking.present`, which needs the instance, masks the
value unless the user may see it, and audits every unmasked read.

Writing converts each incoming value with the model field's own parser, so the errors name
the field; Frappe's loose forms are accepted ("true"/"1" for booleans, naive local datetimes).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ..core import ownership, registry
from ..security import masking
from .meta import STANDARD, FieldInfo, Meta
from .meta import meta as meta_for
from .response import MAX_EXPONENT, format_value

FULL_MASK = "****"
IGNORED_KEYS = {"doctype", "parent", "parentfield", "parenttype"}


# --- reading ----------------------------------------------------------------------------
def _present(user, obj, name):
    return masking.present(user, obj, name, "api")


def _present_page(user, objs: list, names: list[str]) -> list[dict]:
    """present() for a page of records: their audit rows go in one INSERT."""
    return masking.present_many(user, objs, names, "api")


def rows(meta: Meta, qs, names: list[str], user, as_dict: bool = True) -> list:
    """The rows of `qs` with the fields `names`, formatted for JSON.

    Sensitive fields are presented: in full (and audited) where the user's role may see them,
    masked otherwise. Only then are the records loaded as instances; other lists stay on values().
    """
    infos = [meta.fields[n] for n in names]
    sensitive = [i for i in infos if i.sensitive]
    derived = [i for i in infos if i.masked_with]
    lookups = [i.lookup for i in infos]
    pk_lookup = meta.model._meta.pk.attname
    if (sensitive or derived) and pk_lookup not in lookups:
        lookups.append(pk_lookup)
    raw = list(qs.values(*lookups))
    if derived and raw:
        _mask_derived(user, meta, raw, pk_lookup, derived)
    if sensitive and raw:
        objects = meta.model._default_manager.in_bulk([r[pk_lookup] for r in raw])
        present = [r for r in raw if r[pk_lookup] in objects]
        shown = _present_page(user, [objects[r[pk_lookup]] for r in present], [i.name for i in sensitive])
        for r, values in zip(present, shown):
            for i in sensitive:
                if r[i.lookup] not in (None, ""):
                    r[i.lookup] = values.get(i.name, FULL_MASK)
        for r in raw:
            if r[pk_lookup] not in objects:  # deleted in between: never show what was read
                for i in sensitive:
                    r[i.lookup] = FULL_MASK if r[i.lookup] not in (None, "") else r[i.lookup]
    # Only dates and times need formatting; every other value goes out as the database gave it.
    timed = [(n, i.lookup) for n, i in zip(names, infos) if i.kind in ("datetime", "date", "time")]
    lookups = [i.lookup for i in infos]
    out = []
    for r in raw:
        for _n, lookup in timed:
            if r[lookup] is not None:
                r[lookup] = format_value(r[lookup])
        values = [r[lk] for lk in lookups]
        out.append(dict(zip(names, values)) if as_dict else values)
    return out


def _mask_derived(user, meta: Meta, raw: list[dict], pk_lookup: str, derived) -> None:
    """Hide values that would give back a masked field (a birth date, from an ID number's hidden digits)
    from readers who see that field only masked."""
    objects = meta.model._default_manager.in_bulk([r[pk_lookup] for r in raw])
    for r in raw:
        obj = objects.get(r[pk_lookup])
        for i in derived:
            if r[i.lookup] not in (None, "") and (obj is None or not masking.may_reveal(user, obj, i.masked_with)):
                r[i.lookup] = FULL_MASK


def document(meta: Meta, qs, name: str, user, names: list[str] | None = None) -> dict | None:
    """One document as Frappe returns it: every field, the doctype, and child rows nested.

    One query loads the instance (user links joined); sensitive fields are presented, so full
    values are shown only to roles that may see them, and audited.
    """
    names = names or list(meta.fields)
    user_links = [i.name for i in meta.fields.values() if i.user_link]
    found = list(qs.filter(pk=name).select_related(*user_links).order_by()[:1])  # no ORDER BY for one row
    if not found:
        return None
    obj = found[0]
    doc = {}
    for n in names:
        info = meta.fields[n]
        value = getattr(obj, info.field.attname)
        if info.user_link and value is not None:
            value = getattr(obj, info.name).get_username()
        elif info.sensitive and value not in (None, ""):
            value = _present(user, obj, n)
        elif info.masked_with and value not in (None, ""):
            value = value if masking.may_reveal(user, obj, info.masked_with) else FULL_MASK
        doc[n] = format_value(value)
    doc["doctype"] = meta.doctype
    for fieldname in meta.children:
        doc[fieldname] = child_rows(meta, fieldname, name, user)
    return doc


def child_rows(meta: Meta, fieldname: str, parent_name: str, user) -> list[dict]:
    child_doctype, fk = meta.children[fieldname]
    child_meta = meta_for(registry.get(child_doctype).model)
    names = [n for n in child_meta.fields if n != fk]
    qs = child_meta.model._default_manager.filter(**{fk: parent_name}).order_by("idx", "name")
    out = rows(child_meta, qs, names, user)
    for r in out:
        r.update(parent=parent_name, parentfield=fieldname, parenttype=meta.doctype, doctype=child_doctype)
    return out


# --- writing ----------------------------------------------------------------------------
def to_bool(value):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, Decimal)):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("1", "true", "t", "yes", "y", "on"):
        return True
    if text in ("0", "false", "f", "no", "n", "off", ""):
        return False
    raise ValidationError(_("“%(value)s” is not true or false.") % {"value": value}, code="invalid")


def _aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


INT_LIMIT = 2**63 - 1


def _out_of_range(value) -> bool:
    """A number no column holds, and whose conversion to int could take minutes (see response.MAX_EXPONENT)."""
    return isinstance(value, Decimal) and value.is_finite() and abs(value.adjusted()) > MAX_EXPONENT


def to_python(info: FieldInfo, value):
    """An incoming JSON value as the model field wants it. Raises ValidationError."""
    raw = value
    if _out_of_range(value):
        raise ValidationError(_("“%(value)s” is out of range.") % {"value": value}, code="invalid")
    try:
        value = _to_python(info, value)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        raise ValidationError(_("“%(value)s” is not a valid value.") % {"value": value}, code="invalid") from None
    if info.kind == "int" and isinstance(raw, (Decimal, float)) and raw == raw and raw != int(raw):
        raise ValidationError(_("“%(value)s” is not a whole number.") % {"value": raw}, code="invalid")
    if info.kind == "int" and value is not None and abs(value) > INT_LIMIT:
        raise ValidationError(_("“%(value)s” is out of range.") % {"value": value}, code="invalid")
    if _out_of_range(value):  # a decimal field's "1e400000"
        raise ValidationError(_("“%(value)s” is out of range.") % {"value": value}, code="invalid")
    if isinstance(value, float) and not math.isfinite(value):  # "nan", "inf", or 1e400 made a float
        raise ValidationError(_("“%(value)s” is not a finite number.") % {"value": value}, code="invalid")
    if isinstance(value, (dt.datetime, dt.date)) and not (1 < value.year < 9999):
        raise ValidationError(_("“%(value)s” is out of range.") % {"value": value}, code="invalid")
    return value


def _to_python(info: FieldInfo, value):
    f = info.field
    if value is None or (value == "" and info.kind not in ("data", "text")):
        if info.kind in ("data", "text") and not f.null:
            return ""
        return None
    if info.kind == "bool":
        return to_bool(value)
    if info.kind == "json":
        return _plain_json(value)
    if info.kind == "link":
        if info.user_link:
            user = get_user_model()._default_manager.filter(username=str(value)).first()
            if user is None:
                raise ValidationError(_("User %(value)s not found.") % {"value": value}, code="invalid")
            return user.pk
        return f.target_field.to_python(value if not isinstance(value, (dict, list)) else _reject(value))
    if isinstance(value, (dict, list)):
        _reject(value)
    if info.kind == "datetime" and isinstance(value, str):
        parsed = parse_datetime(value.strip().replace("T", " ", 1)) if value.strip() else None
        if parsed is None:
            parsed = f.to_python(value)
        return _aware(parsed)
    if info.kind == "float" and isinstance(value, Decimal):
        return float(value)
    if info.kind in ("data", "text") and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(f, models.GenericIPAddressField):  # PostgreSQL's inet refuses what is not an address
        value = f.to_python(value)
        if value:
            f.run_validators(value)
        return value
    return f.to_python(value)


def _reject(value):
    raise ValidationError(_("“%(value)s” is not a valid value.") % {"value": value}, code="invalid")


def _plain_json(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_json(v) for v in value]
    return value


def apply(meta: Meta, obj, data: dict, levels) -> dict[str, list]:
    """Set the fields of `obj` from `data` that the caller may write; returns the child tables given, unparsed.

    `levels` are the field permlevels the caller may write (permissions.policy.writable_levels).
    A field the caller may not write (set by the server, owned by a workflow, above their level;
    core/ownership.py) is refused with the reason, unless the value sent is the one stored: a
    document read and sent back whole is no forgery. Standard fields and Frappe's bookkeeping keys
    are ignored, as Frappe does. An unknown field is an error that names it. Nothing is set on `obj`
    unless every value is acceptable.
    """
    errors: dict[str, list] = {}
    children: dict[str, list] = {}
    spec = registry.for_model(meta.model)
    parsed: dict = {}
    for key, value in data.items():
        if key in IGNORED_KEYS or key.startswith("_") or key in STANDARD:
            continue
        if key in meta.children:
            if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
                errors[key] = [_("A child table must be a list of rows.")]
            else:
                children[key] = value
            continue
        info = meta.fields.get(key)
        if info is None:
            errors.setdefault("__all__", []).append(
                _("%(field)s is not a field of %(doctype)s.") % {"field": key, "doctype": meta.doctype}
            )
            continue
        try:
            parsed[key] = to_python(info, value)
        except ValidationError as exc:
            errors[key] = exc.messages
    refused = ownership.refusals(spec, obj, parsed, levels=levels)
    errors.update(refused)
    if errors:
        raise ValidationError(errors)
    for key, value in parsed.items():
        if ownership.refusal(spec, key, creating=obj._state.adding, levels=levels) is None:
            setattr(obj, meta.fields[key].field.attname, value)
    return children
