"""How instruments are ingested, beyond what the model says (see doctype/shared/ingest_spec.py).

Instruments are keyed by their code (600519.SH), which is also their name (the DocType's naming)."""

from ..shared.ingest_spec import IngestSpec
from .model import Instrument

SPEC = IngestSpec(
    Instrument,
    key=("code",),
    columns={"name": "instrument_name", "type": "instrument_type"},
    upper=("code",),
)
