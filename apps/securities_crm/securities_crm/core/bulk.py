"""One transaction for a bulk write the system makes (the nightly profiles, segment memberships and
automatic tags), tuned for its size on PostgreSQL.

- `synchronous_commit` off: the commit returns without waiting for its WAL to reach the disk. A crash
  in that instant loses at most the last moment's writes, never consistency, and every caller is an
  idempotent job that is simply run again; writing a million rows otherwise waits seconds at COMMIT.
- `work_mem` raised for the transaction: the joins and aggregates over a million clients are hashed in
  memory instead of spilling to temporary files in batches. One job runs such a transaction at a time
  per worker, so the memory is bounded by the workers, not by the requests.

SET LOCAL lasts until the transaction ends, so it is set only by the outermost block (a job's own
transaction): inside another, it would outlive this block and reach the caller's writes. Elsewhere, and
nested, a plain transaction (a savepoint)."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction

WORK_MEM = "256MB"


@contextmanager
def bulk_transaction():
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
                cursor.execute(f"SET LOCAL work_mem TO '{WORK_MEM}'")
        yield
