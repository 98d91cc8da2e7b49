"""Real-time monitoring, called on RQ's `short` queue after each ingestion batch commits.

Only the clients owning the touched accounts are evaluated (all their accounts, since AML counts a
client's accounts together), and only from the earliest time the batch brought less the longest
window, with the same engine as the scheduled scan; deduplication makes re-evaluation of unchanged
facts create nothing.
"""
import logging

from . import engine

log = logging.getLogger(__name__)


def evaluate_accounts(account_numbers, batch=None, since=None) -> dict:
    """Evaluate the enabled rules that read what the batch brought (all of them when the batch is not
    known) for the clients of these accounts; returns counts per rule. `since`
    (a local ISO time: the earliest row of the batch) limits the work to what rows from then on can
    change (engine.Frames); without it, the clients' whole history is evaluated."""
    from ..doctype.securities_account.model import SecuritiesAccount

    accounts = sorted(set(account_numbers or ()))
    clients = set(SecuritiesAccount.objects.filter(account_number__in=accounts).values_list("client_id", flat=True))
    result = engine.evaluate(client_ids=clients, since=since, rules=_rules_reading(batch)) if clients else {}
    created = sum(r["created"] for r in result.values())
    log.info("monitoring: batch %s touched %d accounts, %d alerts", batch, len(accounts), created)
    return {"batch": batch, "accounts": accounts, "evaluated": True, "created": created, "rules": result}


# Ingestion kinds and the monitoring source each feeds.
SOURCE_OF_KIND = {"trades": "trades", "fund_transfers": "transfers", "orders": "orders",
                  "login_events": "logins", "positions": "positions"}


def _rules_reading(batch):
    """The enabled rules that read what the batch brought: the others' results cannot change with it.
    None (every enabled rule) when the batch is unknown."""
    from ..doctype.ingestion_batch.model import IngestionBatch
    from . import kinds

    kind = IngestionBatch.objects.filter(name=batch).values_list("kind", flat=True).first() if batch else None
    source = SOURCE_OF_KIND.get(kind)
    if source is None:
        return None
    return [r for r in engine.enabled_rules() if source in kinds.get(r.kind).sources]

