"""What an ingested DocType says about ingestion beside its model: only what the model cannot say.

Bulk ingestion (securities_crm/ingest/schema.py) derives every column from the model's fields: the
type, max length, digits and decimal places, choices, whether a row must give it (a field that is
not blank, null or defaulted), its default, the lower bound its validators declare (core/validators.py),
and links (to a Securities Account or an Instrument, named by their number or code). An ingested
DocType's folder holds `ingest.py` with `SPEC = IngestSpec(Model, ...)` for the rest: the names
the source systems use for values and columns, the idempotency key, and the fix-ups. The list of
ingested DocTypes is doctype/ingestion_batch/kinds.py.

Each kind's public name, used by the API method securities_crm.api.ingest.<kind>,
`manage.py ingest <kind>`, the stream subjects crm.ingest.<kind> and an Ingestion Batch's kind,
is its DocType's name made plural: kind_name("Fund Transfer") == "fund_transfers".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import models

from .trading import Channel, Side


def kind_name(doctype: str) -> str:
    """The public name of a DocType's ingestion kind: snake case, plural ("Login Event" -> "login_events")."""
    return doctype.lower().replace(" ", "_") + "s"


@dataclass(frozen=True)
class IngestSpec:
    model: type[models.Model]
    # The idempotency key: a row whose key is stored already is a duplicate, and inside a batch the
    # first row with a key wins. Instruments are keyed by their code.
    key: tuple[str, ...] = ("source", "external_id")
    # {field: {stored value: [what the source systems send for it]}}; matched case-insensitively.
    # Every stored value must be one of the model's choices: the model is the truth.
    values: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)
    # {a column's other name: the field}, e.g. {"account_number": "account"}.
    columns: Mapping[str, str] = field(default_factory=dict)
    # {field: (fields, ...)}: made from the other fields, joined by ":", when a row leaves it blank (so a row
    # need not give it).
    derive: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Text fields compared and stored upper-case (codes; account numbers and instrument codes always are).
    upper: tuple[str, ...] = ()
    # (field, earlier field, reason): a row whose field is before its earlier field is rejected.
    not_before: tuple[tuple[str, str, str], ...] = ()

    @property
    def doctype(self) -> str:
        return self.model.doctype.name

    @property
    def kind(self) -> str:
        return kind_name(self.doctype)


# What the trading systems send for the shared choices (doctype/shared/trading.py).
SIDE_VALUES = {Side.BUY: ["b", "1", "买", "买入"], Side.SELL: ["s", "2", "卖", "卖出"]}
CHANNEL_VALUES = {
    Channel.ONLINE: ["web", "pc"],
    Channel.MOBILE: ["app"],
    Channel.COUNTER: ["branch"],
    Channel.PHONE: ["tel"],
    Channel.API: ["program", "algo"],
}
