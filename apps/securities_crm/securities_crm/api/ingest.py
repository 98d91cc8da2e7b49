"""Bulk ingestion over the API: /api/method/securities_crm.api.ingest.<kind>.

    POST /api/method/securities_crm.api.ingest.trades      (one method per kind, named as ingest/schema.py
                                                             names it: trades, orders, fund_transfers,
                                                             positions, login_events, instruments)
    - an uploaded file (multipart field `file`; .csv, .json or .jsonl),
    - a CSV body (Content-Type text/csv) or JSON lines (application/x-ndjson),
    - or JSON: a bare list [{...}, ...], or {"data": [...]} (also as a form field data=<json list>);
    optional `source` (default "trading") and `format` (csv, json, jsonl).

The answer: {"message": {"batch", "received", "created", "duplicates", "rejected", "rejects": [...]}}.
Each call is an Ingestion Batch; `securities_crm.api.ingest.rejects?batch=...` pages its rejects.
Needs the create right on the kind's DocType (the Integration role has it; a Client Manager has not).
"""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext as _

from ..ingest import engine, schema
from . import documents
from .endpoint import params
from .errors import DoesNotExist, ValidationError
from .whitelist import whitelist

FORMATS = {"csv": "csv", "json": "json", "jsonl": "jsonl", "ndjson": "jsonl"}


def _input(request, given: dict) -> tuple[object, str, str]:
    """(data, format, filename) from whichever form the caller used."""
    fmt = str(given.get("format") or "").lower()
    upload = request.FILES.get("file") if request.method == "POST" else None
    if upload is not None:
        ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        return upload.read(), FORMATS.get(fmt or ext, "csv"), upload.name
    if "data" in given:
        data = given["data"]
        if isinstance(data, str):
            stripped = data.lstrip()
            return data, FORMATS.get(fmt, "json" if stripped[:1] in ("[", "") else "csv"), ""
        return data, "json", ""
    content_type = (request.content_type or "").lower()
    if content_type in ("text/csv", "application/csv", "text/plain") or fmt == "csv":
        return request.body, "csv", ""
    if content_type in ("application/x-ndjson", "application/jsonl", "application/x-jsonlines") or fmt == "jsonl":
        return request.body, "jsonl", ""
    raise ValidationError(_("Send the rows as a file, a CSV body or JSON data."))


def _run(request, kind: schema.Kind) -> dict:
    user = request.user
    documents.require_right(user, documents.spec_for(kind.doctype), "create")
    documents.require_right(user, documents.spec_for("Ingestion Batch"), "create", generic=False)
    given = params(request)
    data, fmt, filename = _input(request, given)
    try:
        return engine.ingest(
            kind.name, data, fmt, source=str(given.get("source") or ""), user=user, channel="api", filename=filename
        )
    except engine.IngestError as exc:
        raise ValidationError(str(exc)) from None


def _method(kind: schema.Kind):
    """The API method of a kind, named by the kind's public name (its DocType's, in the plural)."""

    def method(request, **kwargs):
        return _run(request, kind)

    method.__name__ = method.__qualname__ = kind.name
    method.__doc__ = f"Ingest {kind.doctype} rows (a CSV or JSON lines file, a CSV body, or JSON data)."
    return whitelist(method, methods=("POST",))


# securities_crm.api.ingest.trades, .orders, .fund_transfers, .positions, .login_events, .instruments
for _kind in schema.kinds().values():
    globals()[_kind.name] = _method(_kind)


@whitelist(methods=("GET", "POST"))
def rejects(request, batch, limit_start=0, limit_page_length=1000):
    """A batch's counts and a page of its rejected rows (limit_page_length=0: all of them)."""
    qs = documents.visible(request.user, documents.spec_for("Ingestion Batch"))
    found = qs.filter(name=batch).first()
    if found is None:
        raise DoesNotExist(_("Ingestion Batch %(name)s not found") % {"name": batch})
    try:
        start, length = int(limit_start), int(limit_page_length)
    except (TypeError, ValueError):
        raise ValidationError(_("limit_start and limit_page_length must be whole numbers.")) from None
    answer = engine.report(found, rejects=_page(found, max(start, 0), max(length, 0)))
    answer["limit_start"] = start
    return answer


def _page(batch, start, length):
    rows = batch.rejects.order_by("line", "name").values_list("line", "field", "value", "reason")
    rows = rows[start : start + length] if length else rows[start:]
    return pd.DataFrame(list(rows), columns=["line", "field", "value", "reason"])
