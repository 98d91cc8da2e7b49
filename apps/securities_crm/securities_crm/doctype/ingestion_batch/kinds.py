"""The ingested DocTypes, in the order the API, `manage.py ingest` and an Ingestion Batch's kind list
them: each one's ingest spec (doctype/<name>/ingest.py), and its public kind name, derived from the
DocType's name (doctype/shared/ingest_spec.kind_name: "Fund Transfer" -> "fund_transfers").

A list rather than a discovery: these names are public (API methods, command arguments, stream subjects,
stored batch kinds), so adding one is a decision made here, and this model layer needs them when the
Ingestion Batch model is defined, before any AppConfig.ready discovery runs.
"""

from ..fund_transfer import ingest as fund_transfer
from ..instrument import ingest as instrument
from ..login_event import ingest as login_event
from ..order import ingest as order
from ..position import ingest as position
from ..trade import ingest as trade

SPECS = (trade.SPEC, order.SPEC, fund_transfer.SPEC, position.SPEC, login_event.SPEC, instrument.SPEC)
BY_KIND = {spec.kind: spec for spec in SPECS}
# An Ingestion Batch's kind: the public name, labelled with the DocType's plural.
CHOICES = [(spec.kind, spec.model._meta.verbose_name_plural) for spec in SPECS]


def doctype_of(kind: str) -> str | None:
    """The DocType of a public kind name (None for an unknown one)."""
    spec = BY_KIND.get(kind)
    return spec.doctype if spec else None
