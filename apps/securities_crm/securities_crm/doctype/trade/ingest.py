"""How trades are ingested, beyond what the model says (see doctype/shared/ingest_spec.py)."""

from ..shared.ingest_spec import CHANNEL_VALUES, SIDE_VALUES, IngestSpec
from .model import Trade

SPEC = IngestSpec(
    Trade,
    values={"side": SIDE_VALUES, "channel": CHANNEL_VALUES},
    columns={"account_number": "account", "instrument_code": "instrument"},
)
