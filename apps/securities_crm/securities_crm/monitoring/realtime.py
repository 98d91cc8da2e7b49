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
    """Evaluate every enabled rule for the clients of these accounts; returns counts per rule. `since`
    (a local ISO time: the earliest row of the batch) limits the work to what rows from then on can
    change (engine.Frames); without it, the clients' whole history is evaluated."""
    from ..doctype.securities_account.model import SecuritiesAccount

    accounts = sorted(set(account_numbers or ()))
    clients = set(SecuritiesAccount.objects.filter(account_number__in=accounts).values_list("client_id", flat=True))
    result = engine.evaluate(client_ids=clients, since=since) if clients else {}
    created = sum(r["created"] for r in result.values())
    log.info("monitoring: batch %s touched %d accounts, %d alerts", batch, len(accounts), created)
    return {"batch": batch, "accounts": accounts, "evaluated": True, "created": created, "rules": result}
