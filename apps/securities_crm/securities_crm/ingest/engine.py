"""The ingestion engine behind the API (api/ingest.py), `manage.py ingest` and the desk's upload.

    report = ingest("trades", data, fmt="csv", source="trading", user=request.user)

One call, one transaction: read the input (parse.py), check every row (validate.py, slice by
slice as the writer takes them), write the valid rows skipping what exists (writers.py), record
an Ingestion Batch with every rejected row, and once committed hand the affected accounts to
monitoring. Valid rows are
kept even when others are rejected; if the call itself fails, nothing is written.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..core import hooks, session
from ..doctype.ingestion_batch.model import BatchStatus, IngestionBatch, IngestionReject
from ..monitoring import realtime
from ..monitoring.data import time_field
from . import parse, schema, validate, writers

REJECT_CHUNK = 5000


class IngestError(Exception):
    """The call as a whole is refused (unknown kind, unreadable input, missing column)."""


def _user_name(user) -> str:
    if user is None:
        return session.get_user()
    return user.get_username() if hasattr(user, "get_username") else str(user)


def ingest(
    kind_name: str,
    data,
    fmt: str = "csv",
    *,
    source: str = "",
    user=None,
    channel: str = "api",
    filename: str = "",
    progress: Callable[[str, int], None] | None = None,
) -> dict:
    """Ingest `data` (bytes/str, or a list for fmt="json") as records of `kind_name`; returns the report."""
    kind = schema.get(kind_name)
    if kind is None:
        raise IngestError(
            _("Unknown kind %(kind)s (one of %(kinds)s).") % {"kind": kind_name, "kinds": ", ".join(schema.kinds())}
        )
    source = (source or "").strip() or kind.default_source
    if len(source) > 40:
        raise IngestError(_("The source is longer than 40 characters."))
    started = time.perf_counter()
    step = progress or (lambda label, n: None)
    try:
        frame = parse.read(data, fmt, kind.aliases)
    except parse.InputError as exc:
        raise IngestError(str(exc)) from None
    missing = [c.name for c in kind.columns if c.required and c.name not in frame.columns]
    if missing and len(frame):
        raise IngestError(_("Missing column: %(columns)s") % {"columns": ", ".join(missing)})
    step("read", len(frame))
    # Validated slice by slice as the writer takes the rows (see validate.Stream).
    stream = validate.Stream(kind, frame, source)
    username = _user_name(user)
    now = timezone.now()
    standard = {"owner": username, "creation": now, "modified": now, "modified_by": username, "docstatus": 0, "idx": 0}
    with transaction.atomic():
        created, accounts = writers.write(kind, stream, standard)
        step("validated", len(frame))
        step("written", len(frame))
        rejects = stream.rejects()
        batch = _record(kind, stream, rejects, created, accounts, source, channel, filename, fmt, started)
        _hand_to_monitoring(kind, accounts, batch.name, _earliest(kind, stream) if accounts else None)
    step("recorded", len(frame))
    return report(batch, rejects)


def _record(kind, stream, rejects, created, accounts, source, channel, filename, fmt, started):
    rejected = int(rejects["line"].nunique()) if len(rejects) else 0
    valid = stream.valid()
    batch = IngestionBatch(
        kind=kind.name,
        source=source,
        channel=channel,
        filename=filename[:255],
        data_format=fmt,
        received=stream.received,
        created=created,
        duplicates=valid - created,
        rejected=rejected,
        accounts=len(accounts),
        status=BatchStatus.WITH_REJECTS if rejected else BatchStatus.COMPLETED,
    )
    batch.seconds = round(time.perf_counter() - started, 3)
    batch.save(validate=False)
    if rejected and connection.vendor == "postgresql":  # one binary COPY: a bad file may have a million
        frame = rejects[["line", "field", "value", "reason"]].assign(value=rejects["value"].fillna(""))
        writers.copy_into(
            IngestionReject,
            frame,
            {
                "batch_id": batch.name,
                "owner": batch.owner,
                "modified_by": batch.owner,
                "creation": batch.creation,
                "modified": batch.creation,
                "docstatus": 0,
                "idx": 0,
            },
        )
    elif rejected:
        rows = [
            IngestionReject(
                batch_id=batch.name,
                line=int(line),
                field=field,
                value=value or "",
                reason=reason,
                owner=batch.owner,
                modified_by=batch.owner,
                creation=batch.creation,
                modified=batch.creation,
            )
            for line, field, value, reason in rejects.itertuples(index=False, name=None)
        ]
        IngestionReject.objects.bulk_create(rows, batch_size=REJECT_CHUNK)
    return batch


def _earliest(kind, stream) -> str | None:
    """The earliest event time among the valid rows (local, ISO), so that monitoring re-reads only the
    range they can change; None when the kind has no event time (positions: monitoring reads all)."""
    col = time_field(kind.model)
    parts = [r.rows[col].min() for r in stream.finish() if col is not None and col in r.rows and len(r.rows)]
    parts = [p for p in parts if p is not None and p == p]
    if not parts:
        return None
    first = min(parts)
    if first is None or first != first:  # NaT
        return None
    return first.tz_convert(settings.TIME_ZONE).tz_localize(None).isoformat()


def _hand_to_monitoring(kind, accounts: set[str], batch_name: str, since: str | None = None) -> None:
    """Hand the accounts this batch touched to monitoring once the batch has committed, with the earliest
    time the batch brought and its DocType (monitoring.realtime.hand_over queues the job)."""
    if accounts:
        realtime.hand_over(accounts, batch_name, since, kind.doctype)
        hooks.fire("after_ingest", kind.doctype, sorted(accounts))  # profiling refreshes the clients' activity


def report(batch, rejects=None) -> dict:
    """The answer: the counts, and every rejected row (line, field, value, reason)."""
    if rejects is None:
        rows = batch.rejects.order_by("line", "name").values_list("line", "field", "value", "reason")
    else:
        rows = rejects.itertuples(index=False, name=None)
    return {
        "batch": batch.name,
        "kind": batch.kind,
        "source": batch.source,
        "status": batch.status,
        "received": batch.received,
        "created": batch.created,
        "duplicates": batch.duplicates,
        "rejected": batch.rejected,
        "rejects": [
            {"line": int(line), "field": field, "value": value, "reason": reason} for line, field, value, reason in rows
        ],
    }
