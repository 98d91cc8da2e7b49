"""Real-time monitoring, on RQ's `short` queue after each ingestion batch commits.

Ingestion hands each committed batch over (`hand_over`): its accounts, earliest time and DocType go on a
Redis list, and one `evaluate_pending` job is queued unless one is already waiting. That job takes
every batch that arrived meanwhile and evaluates them together, so under a steady feed the worker
does one evaluation per round instead of one per batch, and falls behind no further than a round.

Only the clients owning the touched accounts are evaluated (all their accounts, since AML counts a
client's accounts together), and only from the earliest time the batches brought less twice the
longest window (engine.Frames), with the same engine as the scheduled scan; deduplication makes re-evaluation of unchanged
facts create nothing.
"""

import json
import logging

import django_rq
from django.db import transaction

from ..doctype.ingestion_batch import kinds as batch_kinds
from ..doctype.ingestion_batch.model import IngestionBatch
from ..doctype.securities_account.model import SecuritiesAccount
from . import engine, kinds

log = logging.getLogger(__name__)
PENDING = "crm:monitoring:pending"  # the batches handed over and not yet evaluated, as JSON
WAITING = "crm:monitoring:waiting"  # set while an evaluate_pending job waits to start
WAITING_TTL = 30  # seconds: a lost job (a queue emptied, a worker killed) is replaced after this; a
# second job meanwhile only finds less to do
FAILED = "crm:monitoring:failed"  # batches given up on after MAX_ATTEMPTS, for a person to look at
MAX_ATTEMPTS = 3


def _redis():
    return django_rq.get_connection("short")


def hand_over(accounts, batch: str, since: str | None, doctype: str | None) -> None:
    """Queue monitoring for a batch's accounts (rows of `doctype`) once the caller's transaction commits."""
    entry = json.dumps({"accounts": sorted(accounts), "batch": batch, "since": since, "doctype": doctype})

    def put():  # after the commit, so the job sees the rows
        redis = _redis()
        redis.rpush(PENDING, entry)
        if redis.set(WAITING, batch or "1", nx=True, ex=WAITING_TTL):
            queue = django_rq.get_queue("short", commit_mode="auto")
            queue.enqueue("securities_crm.monitoring.realtime.evaluate_pending")

    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(put)
    else:
        put()


def evaluate_pending() -> dict:
    """Evaluate every batch handed over and not yet evaluated, together: the union of their accounts,
    from the earliest of their times, with the rules reading any of their DocTypes.

    If that fails, each batch is tried on its own, so one bad batch cannot hold the others back; a batch
    that still fails goes back on the list for the next job, and after MAX_ATTEMPTS onto the FAILED list
    with an error in the log (the scheduled full scan still covers its rows). The job then fails too, so
    the failure shows among the queue's failed jobs."""
    redis = _redis()
    redis.delete(WAITING)  # from now on a new batch queues a new job
    with redis.pipeline(transaction=True) as pipe:
        pipe.lrange(PENDING, 0, -1)
        pipe.delete(PENDING)
        raw, _ = pipe.execute()
    if not raw:
        return {"batches": [], "created": 0}
    entries = [json.loads(r) for r in raw]
    try:
        result = _evaluate(entries)
    except Exception:
        if len(entries) == 1:
            _retry_or_give_up(redis, entries[0])
            raise
        log.exception("monitoring: %d batches failed together; trying each on its own", len(entries))
        result, failed = {"created": 0}, []
        for entry in entries:
            try:
                result["created"] += _evaluate([entry])["created"]
            except Exception:
                log.exception("monitoring: batch %s failed", entry["batch"])
                _retry_or_give_up(redis, entry)
                failed.append(entry["batch"])
        if failed:
            raise RuntimeError(f"monitoring failed for batches {', '.join(failed)}")
    result["batches"] = [e["batch"] for e in entries]
    return result


def _evaluate(entries) -> dict:
    accounts = sorted({a for e in entries for a in e["accounts"]})
    times = [e.get("since") for e in entries]
    since = None if any(t is None for t in times) else min(times)
    doctypes = {e.get("doctype") for e in entries}  # None (not known): every rule
    return evaluate_accounts(
        accounts,
        batch=",".join(e["batch"] for e in entries)[:200],
        since=since,
        sources=None if None in doctypes else doctypes,
    )


def _retry_or_give_up(redis, entry) -> None:
    entry = {**entry, "attempts": entry.get("attempts", 0) + 1}
    if entry["attempts"] >= MAX_ATTEMPTS:
        log.error(
            "monitoring: gave up on batch %s after %d attempts; it is on %s", entry["batch"], entry["attempts"], FAILED
        )
        redis.rpush(FAILED, json.dumps(entry))
    else:
        redis.rpush(PENDING, json.dumps(entry))


def evaluate_accounts(account_numbers, batch=None, since=None, sources=None) -> dict:
    """Evaluate the enabled rules that read what the batch brought (all of them when the batch is not
    known) for the clients of these accounts; returns counts per rule. `since`
    (a local ISO time: the earliest row of the batch) limits the work to what rows from then on can
    change (engine.Frames); without it, the clients' whole history is evaluated."""
    accounts = sorted(set(account_numbers or ()))
    clients = set(SecuritiesAccount.objects.filter(account_number__in=accounts).values_list("client_id", flat=True))
    rules = _rules_reading(sources if sources is not None else _sources_of(batch))
    result = engine.evaluate(client_ids=clients, since=since, rules=rules) if clients else {}
    created = sum(r["created"] for r in result.values())
    log.info("monitoring: batch %s touched %d accounts, %d alerts", batch, len(accounts), created)
    return {"batch": batch, "accounts": accounts, "evaluated": True, "created": created, "rules": result}


def _sources_of(batch):
    """The DocType an Ingestion Batch brought, by its name (None when not known)."""
    kind = IngestionBatch.objects.filter(name=batch).values_list("kind", flat=True).first() if batch else None
    doctype = batch_kinds.doctype_of(kind) if kind else None
    return {doctype} if doctype else None


def _rules_reading(sources):
    """The enabled rules that read any of `sources` (DocTypes): the others' results cannot change with the
    batch. None (every enabled rule) when the sources are not known."""
    if not sources or None in sources:
        return None
    return [r for r in engine.enabled_rules() if set(kinds.require(r.kind).sources) & set(sources)]
