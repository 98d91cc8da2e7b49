"""Scheduled monitoring jobs: the full scan (long queue, cut into partitions by client hash) and the
SLA escalation of overdue alerts."""

from ..core.jobs import enqueue, set_progress
from . import data, engine, workflow

PARTS = 8


def full_scan(parts: int = PARTS) -> int:
    """Queue one scan job per partition on the long queue (idempotent: alerts are deduplicated)."""
    for part in range(parts):
        enqueue(
            "securities_crm.monitoring.jobs.scan_partition",
            part,
            parts,
            queue="long",
            job_id=f"monitoring-scan-{part}-of-{parts}",
        )
    return parts


def scan_partition(part: int, parts: int) -> dict:
    clients = engine.partition(data.accounts(), part, parts)
    set_progress(0, 1, f"partition {part + 1}/{parts}")
    result = engine.evaluate(client_ids=clients) if clients else {}
    set_progress(1, 1)
    return result


def scan_all() -> dict:
    """The whole scan in this process (the demo and the back-end of `manage.py` use it)."""
    return engine.evaluate()


def escalate_overdue() -> int:
    return workflow.escalate_overdue()
