"""What the API knows about a DocType's fields, read once from the Django model.

Every concrete field is a field of the resource. A ForeignKey travels by the target's name
(its primary key), except links to users, which travel by username as Frappe's User does.
Child tables are declared on the parent's spec as `child_tables = {"questions": "Child DocType"}`;
the child model has a ForeignKey to the parent and an `idx` for the row order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db import models

from ..core import ownership, registry

STANDARD = ("name", "owner", "creation", "modified", "modified_by", "docstatus", "idx")

KINDS = [
    (models.BooleanField, "bool"),
    (models.DecimalField, "decimal"),
    (models.FloatField, "float"),
    (models.BigIntegerField, "int"),
    (models.IntegerField, "int"),
    (models.DurationField, "data"),
    (models.DateTimeField, "datetime"),
    (models.DateField, "date"),
    (models.TimeField, "time"),
    (models.JSONField, "json"),
    (models.ForeignKey, "link"),
    (models.TextField, "text"),
]


@dataclass
class FieldInfo:
    name: str
    field: models.Field
    kind: str
    lookup: str  # the ORM path for values() and filters
    label: str
    read_only: bool  # no caller writes it: the server or a workflow does (core/ownership.py)
    required: bool
    sensitive: bool
    link_doctype: str | None = None
    user_link: bool = False
    masked_with: str | None = None  # the sensitive field this one would give back (spec.masked_with)
    choices: list = field(default_factory=list)


@dataclass
class Meta:
    doctype: str
    model: type
    fields: dict[str, FieldInfo]
    children: dict[str, tuple[str, str]]  # fieldname -> (child doctype, FK name on the child)

    def get(self, name: str) -> FieldInfo | None:
        return self.fields.get(name)


def _kind(f) -> str:
    for cls, kind in KINDS:
        if isinstance(f, cls):
            return kind
    return "data"


def _field_info(f, spec) -> FieldInfo:
    kind = _kind(f)
    user_link = kind == "link" and f.related_model._meta.label == settings.AUTH_USER_MODEL
    lookup = f"{f.name}__username" if user_link else f.attname
    link_doctype = None
    if kind == "link":
        spec = registry.for_model(f.related_model)
        link_doctype = "User" if user_link else (spec.name if spec else f.related_model._meta.object_name)
    required = (
        f.editable
        and not f.primary_key
        and not f.blank
        and not f.null
        and not f.has_default()
        and f.name not in STANDARD
    )
    return FieldInfo(
        name=f.name,
        field=f,
        kind=kind,
        lookup=lookup,
        label=str(f.verbose_name),
        read_only=ownership.owner(spec, f.name) != ownership.USER if spec else not f.editable or f.name in STANDARD,
        required=required,
        sensitive=bool(getattr(f, "sensitive", False)),
        link_doctype=link_doctype,
        user_link=user_link,
        masked_with=spec.masked_with.get(f.name) if spec else None,
        choices=[c[0] for c in f.choices] if f.choices else [],
    )


def _is_blind_index(f) -> bool:
    """A blind index (security/fields.py) is a search key derived from personal data: never served."""
    return type(f).__name__ == "BlindIndexField" or (hasattr(f, "source") and hasattr(f, "compute"))


def _child_fk(child_model, parent_model) -> str:
    for f in child_model._meta.concrete_fields:
        if isinstance(f, models.ForeignKey) and f.related_model is parent_model:
            return f.name
    raise LookupError(f"{child_model.__name__} has no ForeignKey to {parent_model.__name__}")


@cache
def _build(model) -> Meta:
    spec = registry.for_model(model)
    hidden = set(getattr(model, "api_exclude", ()))
    fields = {
        f.name: _field_info(f, spec)
        for f in model._meta.concrete_fields
        if f.name not in hidden and not _is_blind_index(f)
    }
    children = {}
    for fieldname, child_doctype in (spec.child_tables if spec else {}).items():
        child = registry.get(child_doctype)
        if child is not None:
            children[fieldname] = (child_doctype, _child_fk(child.model, model))
    return Meta(doctype=spec.name if spec else model.__name__, model=model, fields=fields, children=children)


def meta(model) -> Meta:
    return _build(model)


def clear_cache():
    _build.cache_clear()
