"""Background jobs on RQ, like `frappe.enqueue`. Queues: short, default, long.

Every job must be idempotent: a worker may die half-way and the job run again.
The periodic jobs are declared in schedule.py and run by `rqcron` (the Procfile's `cron`).
"""

import django_rq
from django.db import transaction
from rq import get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

QUEUES = ("short", "default", "long")
WAITING = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def _waiting_job(queue, job_id: str):
    try:
        job = Job.fetch(job_id, connection=queue.connection)
    except NoSuchJobError:
        return None
    return job if job.get_status(refresh=False) in WAITING else None


def enqueue(func, *args, queue: str = "default", job_id: str | None = None, **kwargs):
    """Put `func(*args, **kwargs)` (a function or its dotted path) on a queue; returns the RQ Job.

    Inside a database transaction the job goes on the queue only when the transaction
    commits, so the worker sees the rows the caller wrote and a rolled-back request leaves no
    job behind; the call then returns None. With a `job_id`, enqueueing again while that job
    still waits does nothing and returns the waiting job (best effort: two callers at the
    same instant may both enqueue, which idempotent jobs tolerate).
    """
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}; use one of {QUEUES}")
    rq_queue = django_rq.get_queue(queue, commit_mode="auto")  # we defer to the commit ourselves

    def put():
        if job_id and (waiting := _waiting_job(rq_queue, job_id)) is not None:
            return waiting
        return rq_queue.enqueue(func, *args, job_id=job_id, **kwargs)

    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(put)
        return None
    return put()


def set_progress(done: int, total: int, note: str = "") -> None:
    """Inside a job: record how far it has got. The desk shows it (dashboard "Running jobs",
    and the job's page under Background Jobs). Outside a worker, e.g. when a management command
    calls the same function, it does nothing."""
    job = get_current_job()
    if job is None:
        return
    job.meta["progress"] = {"done": int(done), "total": int(total), "note": str(note)}
    job.save_meta()


def progress_of(job) -> str:
    """A job's progress as the desk shows it: "45% (450 / 1,000)", or "" when it reports none."""
    progress = (job.meta or {}).get("progress")
    if not progress or not progress.get("total"):
        return ""
    done, total = progress["done"], progress["total"]
    text = f"{done * 100 // total}% ({done:,} / {total:,})"
    return f"{text} {progress['note']}".strip() if progress.get("note") else text
