"""What each kind of ingested record looks like: its columns, their types and rules, and its key,
derived once per process from its DocType's model and the ingest spec beside it
(doctype/<name>/ingest.py; the list is doctype/ingestion_batch/kinds.py).

Each editable field of the model is a column (the system's own fields, such as the client, copied
from the account, and the creation stamps, are not editable). What it is comes from the field:

    field                                       column
    ForeignKey to Securities Account            account      (a Securities Account's number)
    ForeignKey to Instrument                    instrument   (an Instrument's code)
    with choices                                choice       (the stored values, and the spec's aliases)
    DecimalField                                decimal      (max digits, decimal places, the validators' sign)
    DateTimeField / DateField                   datetime / date
    BooleanField                                bool
    GenericIPAddressField                       ip
    CharField                                   text         (max length)

A column is required unless the field may be blank, may be NULL, has a default (its default fills an
empty cell) or is made by the spec from others (`derive`). For example Trade.fee,
`DecimalField(max_digits=18, decimal_places=2, default=0, validators=[NON_NEGATIVE])`, is
Column("fee", "decimal", required=False, digits=(18, 2), sign="nonnegative", default="0").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from ..core import registry
from ..core.validators import sign
from ..doctype.ingestion_batch.kinds import SPECS
from ..doctype.instrument.model import Instrument
from ..doctype.securities_account.model import SecuritiesAccount
from ..doctype.shared.ingest_spec import IngestSpec

LINKS = {SecuritiesAccount: "account", Instrument: "instrument"}  # the links a row may name, and their column kinds


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = True
    max_length: int = 0
    digits: tuple[int, int] = (20, 4)  # decimals: max digits, decimal places
    sign: str = "any"  # decimals: "any", "nonnegative", "positive"
    choices: dict[str, str] = field(default_factory=dict)  # lower-case alias -> stored value
    default: str = ""  # the text an empty cell stands for
    column: str = ""  # the database column (account_id for the account link)


@dataclass(frozen=True)
class Kind:
    name: str  # the public name: "fund_transfers"
    doctype: str  # "Fund Transfer"
    model: type[models.Model]
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    aliases: Mapping[str, str]  # lower-case column name a source system uses -> the column's name
    derive: Mapping[str, tuple[str, ...]]
    upper: tuple[str, ...]
    not_before: tuple[tuple[str, str, str], ...]
    named_by: str = ""  # the column whose value is the record's name (Instrument: code); "" when numbered

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def has_account(self) -> bool:
        return any(c.kind == "account" for c in self.columns)

    @property
    def default_source(self) -> str:
        """The source a row gets when neither it nor the call names one: the model's (none for instruments)."""
        return next((c.default for c in self.columns if c.name == "source"), "")

    @property
    def key_columns(self) -> list[str]:
        """The key's database columns (for a record named by a field: its name, the primary key)."""
        return ["name" if k == self.named_by else self.column(k).column for k in self.key]

    @property
    def write_columns(self) -> list[str]:
        """The database columns a row writes (besides the client, for the kinds with an account)."""
        return [c.column for c in self.columns] + (["name"] if self.named_by else [])


def _text(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(getattr(value, "value", value))  # a TextChoices member: its stored value


def _where(model_field) -> str:
    model = getattr(model_field, "model", None)
    return f"{model.__name__}.{model_field.name}" if model else model_field.name


def _choices(model_field, aliases: Mapping) -> dict[str, str]:
    """Lower-case alias -> stored value: every choice of the model, and what the spec says sources send."""
    stored = [_text(value) for value, _label in model_field.flatchoices]
    unknown = sorted({_text(v) for v in aliases} - set(stored))
    if unknown:
        raise ImproperlyConfigured(
            f"{_where(model_field)}: the ingest spec names values the model does not have: {unknown}"
        )
    out = {}
    for value in stored:
        for alias in [value, *aliases.get(value, ())]:
            out[alias.lower()] = value
    return out


def column_of(model_field, spec: IngestSpec) -> Column:
    """The column of a model field (see the module's docstring)."""
    f = model_field
    name = f.name
    optional = f.blank or f.null or f.has_default() or name in spec.derive
    common = dict(
        name=name, required=not optional, column=f.column, default=_text(f.get_default()) if f.has_default() else ""
    )
    if f.is_relation:
        kind = LINKS.get(f.related_model)
        if kind is None:
            raise ImproperlyConfigured(f"{_where(f)}: ingestion names no {f.related_model.__name__}")
        return Column(kind=kind, **common)
    if f.choices:
        values = {_text(k): v for k, v in spec.values.get(name, {}).items()}
        return Column(kind="choice", choices=_choices(f, values), **common)
    if isinstance(f, models.DecimalField):
        return Column(kind="decimal", digits=(f.max_digits, f.decimal_places), sign=sign(f), **common)
    if isinstance(f, models.DateTimeField):  # before DateField, its base class
        return Column(kind="datetime", **common)
    if isinstance(f, models.DateField):
        return Column(kind="date", **common)
    if isinstance(f, models.BooleanField):
        return Column(kind="bool", **common)
    if isinstance(f, models.GenericIPAddressField):
        return Column(kind="ip", **common)
    if isinstance(f, models.CharField):
        return Column(kind="text", max_length=f.max_length or 0, **common)
    raise ImproperlyConfigured(f"{_where(f)}: no ingest column for a {type(f).__name__}")


def kind_of(spec: IngestSpec) -> Kind:
    """A kind from its model and spec."""
    model = spec.model
    fields = [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]
    columns = tuple(column_of(f, spec) for f in fields)
    names = {c.name for c in columns}
    declared = {
        *spec.key,
        *spec.values,
        *spec.columns.values(),
        *spec.derive,
        *spec.upper,
        *(p for parts in spec.derive.values() for p in parts),
        *(f for rule in spec.not_before for f in rule[:2]),
    }
    if declared - names:
        raise ImproperlyConfigured(
            f"The ingest spec of {spec.doctype} names what is no column: {sorted(declared - names)}"
        )
    naming = registry.require(spec.doctype).naming
    named_by = naming.removeprefix("field:") if naming.startswith("field:") else ""
    return Kind(
        name=spec.kind,
        doctype=spec.doctype,
        model=model,
        columns=columns,
        key=tuple(spec.key),
        aliases={alias.lower(): name for alias, name in spec.columns.items()},
        derive=dict(spec.derive),
        upper=tuple(spec.upper),
        not_before=tuple(spec.not_before),
        named_by=named_by,
    )


@cache
def kinds() -> dict[str, Kind]:
    """Every kind by its public name, in the order of doctype/ingestion_batch/kinds.py; derived once."""
    return {spec.kind: kind_of(spec) for spec in SPECS}


def get(name: str) -> Kind | None:
    return kinds().get(name)


def for_doctype(doctype: str) -> Kind | None:
    return next((k for k in kinds().values() if k.doctype == doctype), None)
