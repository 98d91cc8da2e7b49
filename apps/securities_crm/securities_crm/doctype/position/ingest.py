"""How positions are ingested, beyond what the model says (see doctype/shared/ingest_spec.py).

A position is the depository's snapshot of one holding on one day: when the depository sends no id
of its own, the snapshot's id is its account, instrument and date ("A0001:600519.SH:2026-03-02"),
so the key (source, external id) is then the snapshot itself (the model's position_snapshot)."""

from ..shared.ingest_spec import IngestSpec
from .model import Position

SPEC = IngestSpec(
    Position,
    columns={"account_number": "account", "instrument_code": "instrument"},
    derive={"external_id": ("account", "instrument", "position_date")},
)
