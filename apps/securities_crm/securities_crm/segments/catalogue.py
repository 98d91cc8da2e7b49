"""The fields a segment rule may read, declared once: which ones, where each lives (the path from a
Client), and from the model field's own type which operators fit it.

Profile fields come from Client Profile (one row per client, computed each night); client fields from
the Client itself; `tags` is the client's Client Tags, tested with "has tag". A rule names a field by
its catalogue name; the desk's rule editor, the checker and the compiler all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import models

from ..core import registry
from ..core.ownership import STANDARD

TAGS = "tags"

# Operators by the kind of field: the one table the checker and the rule editor read.
OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "between", "in", "is set", "has tag")
ORDERED = ("=", "!=", "<", "<=", ">", ">=", "between", "in", "is set")
BY_KIND = {
    "number": ORDERED,
    "date": ORDERED,
    "text": ("=", "!=", "in", "is set"),
    "bool": ("=", "!=", "is set"),
    "tags": ("has tag",),
}

# Client Profile fields a rule may not read; it reads every other one the model declares (the model is
# the one list of the metrics, with their types: profiling/compute.py writes its METRIC_COLUMNS into
# it). Not the key, the date and the stamps, not the compliance flag, not the preferences (JSON), and
# not the suitability copies, which rules read from the client itself.
PROFILE_SKIP = ("client", "as_of", "computed_at", "compliance_only", "risk_level", "investor_type")
# Client fields a rule may read. The profile's copies of the suitability facts are read from the client.
CLIENT_FIELDS = (
    "status",
    "client_type",
    "investor_type",
    "risk_level",
    "risk_valid_until",
    "lowest_category",
    "branch",
    "client_manager",
    "source_channel",
    "onboarded_on",
    "occupation",
    "education",
    "annual_income",
    "gender",
    "financial_assets",
    "investment_years",
)


@dataclass(frozen=True)
class Entry:
    name: str  # what a rule says
    path: str  # the ORM path from Client
    kind: str  # number, date, text, bool or tags
    label: Any  # lazy: read in the user's language
    field: models.Field | None = None
    source: str = "client"  # client, profile or tags

    @property
    def operators(self) -> tuple[str, ...]:
        return BY_KIND[self.kind]

    @property
    def choices(self) -> list[str]:
        return [str(c[0]) for c in self.field.choices] if self.field is not None and self.field.choices else []


def _kind(field: models.Field) -> str:
    if isinstance(field, models.BooleanField):
        return "bool"
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return "number"
    if isinstance(field, models.DateField):  # DateTimeField too: compared by its date
        return "date"
    return "text"


def _profile():
    """The Client Profile model and the name Client uses to reach it, or (None, None) before it exists."""
    spec = registry.get("Client Profile")
    if spec is None:
        return None, None
    for field in spec.model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is registry.require("Client").model:
            return spec.model, field.related_query_name()
    return None, None


def profile_fields(profile) -> list[models.Field]:
    """The Client Profile fields a rule may read, in the model's order."""
    return [
        f
        for f in profile._meta.concrete_fields
        if f.name not in (*STANDARD, *PROFILE_SKIP) and not isinstance(f, models.JSONField)
    ]


@cache
def entries() -> dict[str, Entry]:
    """Every field a rule may name, by name."""
    client = registry.require("Client").model
    out: dict[str, Entry] = {}
    for name in CLIENT_FIELDS:
        field = client._meta.get_field(name)
        path = f"{name}__username" if name == "client_manager" else field.attname
        kind = "text" if isinstance(field, models.ForeignKey) else _kind(field)
        out[name] = Entry(name, path, kind, field.verbose_name, field, "client")
    profile, via = _profile()
    if profile is not None:
        for field in profile_fields(profile):
            out[field.name] = Entry(
                field.name, f"{via}__{field.attname}", _kind(field), field.verbose_name, field, "profile"
            )
    out[TAGS] = Entry(TAGS, TAGS, "tags", registry.require("Client Tag").model._meta.verbose_name_plural)
    return out


def get(name) -> Entry | None:
    return entries().get(name) if isinstance(name, str) else None


def profile_path(field: str) -> str | None:
    """The ORM path from Client to one profile field (None before Client Profile exists)."""
    entry = get(field)
    return entry.path if entry is not None and entry.source == "profile" else None


def describe() -> list[dict]:
    """The catalogue for the rule editor and the API: name, label, kind, operators, choices."""
    return [
        {"field": e.name, "label": str(e.label), "kind": e.kind, "operators": list(e.operators), "choices": e.choices}
        for e in entries().values()
    ]
