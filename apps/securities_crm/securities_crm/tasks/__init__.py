"""Background jobs on RQ, like `frappe.enqueue`. Queues: short, default, long.

Every job must be idempotent: a worker may die half-way and the job run again.
"""
import django_rq

QUEUES = ("short", "default", "long")


def enqueue(func, *args, queue: str = "default", job_id: str | None = None, **kwargs):
    """Put `func(*args, **kwargs)` on a queue. A `job_id` makes a repeated enqueue a no-op while it waits."""
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}; use one of {QUEUES}")
    return django_rq.get_queue(queue).enqueue(func, *args, job_id=job_id, **kwargs)
