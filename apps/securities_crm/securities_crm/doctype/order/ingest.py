"""How orders are ingested, beyond what the model says (see doctype/shared/ingest_spec.py)."""

from django.utils.translation import gettext_lazy as _

from ..shared.ingest_spec import CHANNEL_VALUES, SIDE_VALUES, IngestSpec
from .model import Order, OrderStatus

SPEC = IngestSpec(
    Order,
    values={
        "side": SIDE_VALUES,
        "channel": CHANNEL_VALUES,
        "status": {OrderStatus.PARTIAL: ["partial"], OrderStatus.CANCELLED: ["canceled"]},
    },
    columns={"account_number": "account", "instrument_code": "instrument"},
    not_before=(("cancelled_time", "placed_time", _("Cancelled before it was placed.")),),
)
