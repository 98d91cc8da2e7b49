"""How login events are ingested, beyond what the model says (see doctype/shared/ingest_spec.py)."""

from ..shared.ingest_spec import CHANNEL_VALUES, IngestSpec
from .model import LoginEvent

SPEC = IngestSpec(
    LoginEvent,
    values={"channel": CHANNEL_VALUES},
    columns={"account_number": "account", "ip": "ip_address"},
)
