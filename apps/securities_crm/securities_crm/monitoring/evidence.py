"""The rows an alert or AML report rests on, read with the fields a reviewer needs, through the record
rules. Shared by the REST API (api.monitoring.evidence) and the desk's evidence tables."""

from ..core import registry
from ..permissions import policy

# The fields a reviewer needs of each kind of evidence row.
EVIDENCE_FIELDS = {
    "Fund Transfer": (
        "external_id",
        "account",
        "direction",
        "amount",
        "currency",
        "is_cash",
        "cross_border",
        "counterparty_bank",
        "transfer_time",
        "channel",
    ),
    "Trade": ("external_id", "account", "instrument", "side", "quantity", "price", "amount", "trade_time", "channel"),
    "Order": (
        "external_id",
        "account",
        "instrument",
        "side",
        "price",
        "quantity",
        "status",
        "placed_time",
        "cancelled_time",
        "channel",
    ),
    "Login Event": ("external_id", "account", "login_time", "ip_address", "device", "channel"),
    "Position": ("account", "instrument", "position_date", "quantity", "market_value"),
}


def items_of(evidence) -> list[tuple[str, str]]:
    """[{"doctype", "name"}, ...] as (doctype, name) pairs, skipping anything malformed."""
    return [
        (str(item.get("doctype") or ""), str(item.get("name"))) for item in evidence or [] if isinstance(item, dict)
    ]


def rows(user, evidence, limit: int | None = None) -> tuple[list[dict], int]:
    """(rows, hidden): the first `limit` evidence rows the user may read, in evidence order, as dicts of
    EVIDENCE_FIELDS plus doctype and name; `hidden` counts those the user's role may not read."""
    items = items_of(evidence)
    wanted = items if limit is None else items[:limit]
    shown = {}
    for doctype in {d for d, _n in wanted if d in EVIDENCE_FIELDS}:
        model = registry.require(doctype).model
        ids = [int(n) for d, n in wanted if d == doctype and n.isdigit()]
        visible = policy.filter_queryset(user, model.objects.filter(pk__in=ids))
        for row in visible.values("name", *EVIDENCE_FIELDS[doctype]):
            shown[(doctype, str(row["name"]))] = {"doctype": doctype, **row}
    found = [shown[key] for key in wanted if key in shown]
    return found, len(wanted) - len(found)
