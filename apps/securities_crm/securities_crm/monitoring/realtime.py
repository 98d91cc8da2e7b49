"""Real-time monitoring entry point, called after each ingestion batch commits.

NOT YET IMPLEMENTED: this function evaluates no rule and raises no alert. It only records what
it was given (in the log and in the job's result), so that ingestion can already hand over the
affected accounts. The monitoring issue replaces its body with rule evaluation.
"""
import logging

log = logging.getLogger(__name__)


def evaluate_accounts(account_numbers, batch=None) -> dict:
    """Record the accounts an ingestion batch touched (for now nothing more; see the module docstring)."""
    accounts = sorted(set(account_numbers or ()))
    log.info("monitoring: batch %s touched %d accounts", batch, len(accounts))
    return {"batch": batch, "accounts": accounts, "evaluated": False}
