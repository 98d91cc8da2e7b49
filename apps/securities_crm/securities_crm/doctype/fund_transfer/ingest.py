"""How fund transfers are ingested, beyond what the model says (see doctype/shared/ingest_spec.py)."""

from ..shared.ingest_spec import CHANNEL_VALUES, IngestSpec
from .model import Currency, Direction, FundTransfer

SPEC = IngestSpec(
    FundTransfer,
    values={
        "direction": {Direction.IN: ["deposit", "入", "转入"], Direction.OUT: ["withdraw", "withdrawal", "出", "转出"]},
        "currency": {Currency.CNY: ["rmb"]},
        "channel": CHANNEL_VALUES,
    },
    columns={"account_number": "account"},
)
