"""frappe.client.*: the methods Frappe's clients call, each through api/documents.py (so through
the same rights and record rules as /api/resource)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import documents, serialize
from .endpoint import check_text
from .errors import DoesNotExist, ValidationError, error_payload, to_api_error
from .response import loads
from .whitelist import whitelist

WRITE = ("POST", "PUT")


def _json(value, what: str):
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            value = loads(value)
        except ValueError:
            raise ValidationError(_("%(param)s is not valid JSON.") % {"param": what}) from None
        check_text(value)  # its escaped strings, as the request's own text was checked
    return value


def _doc_arg(doc) -> dict:
    doc = _json(doc, "doc")
    if not isinstance(doc, dict) or not doc.get("doctype"):
        raise ValidationError(_("doc must be a JSON object with a doctype."))
    return doc


@whitelist(path="frappe.client.get_list")
def get_list(
    request,
    doctype: str,
    fields=None,
    filters=None,
    order_by=None,
    limit_start=None,
    limit_page_length=None,
    as_dict=True,
    or_filters=None,
    group_by=None,
    limit=None,
    **kwargs,
):
    """A list of documents, with Frappe's list parameters."""
    spec = documents.spec_for(doctype)
    return documents.get_list(
        request.user,
        spec,
        {
            "fields": fields,
            "filters": filters,
            "or_filters": or_filters,
            "order_by": order_by,
            "limit_start": limit_start,
            "limit_page_length": limit_page_length,
            "limit": limit,
            "as_dict": as_dict,
            "group_by": group_by,
        },
    )


@whitelist(path="frappe.client.get_count")
def get_count(request, doctype: str, filters=None, or_filters=None, **kwargs) -> int:
    """How many documents match, counting only those the caller may read."""
    return documents.get_count(request.user, documents.spec_for(doctype), filters, or_filters)


@whitelist(path="frappe.client.get")
def get(request, doctype: str, name: str = "", filters=None, **kwargs) -> dict:
    """One whole document, by name or by the first match of filters."""
    spec = documents.spec_for(doctype)
    if not name:
        if not filters:
            raise ValidationError(_("Give a name or filters."))
        found = documents.get_list(request.user, spec, {"filters": filters, "limit_page_length": 1})
        if not found:
            raise DoesNotExist(_("%(doctype)s not found") % {"doctype": spec.name})
        name = found[0]["name"]
    return documents.get_doc(request.user, spec, name)


@whitelist(path="frappe.client.get_value")
def get_value(request, doctype: str, fieldname="name", filters=None, as_dict=True, **kwargs):
    """Some fields of the first matching document: {field: value}, or a bare value for one field
    when as_dict is false. `filters` may be a name, a dict or a list."""
    spec = documents.spec_for(doctype)
    fields = _json(fieldname, "fieldname")
    single = isinstance(fields, str)
    if single:
        fields = [f.strip() for f in fields.split(",") if f.strip()]
    if not isinstance(fields, list):
        raise ValidationError(_("fieldname must be a field name or a list of them."))
    fields = fields or ["name"]
    filters = _json(filters, "filters")
    if isinstance(filters, str):
        filters = {"name": filters} if filters else None
    rows = documents.get_list(
        request.user, spec, {"fields": fields, "filters": filters, "limit_page_length": 1, "order_by": None}
    )
    if not rows:
        return None if not serialize.to_bool(as_dict) else {}
    row = rows[0]
    if not serialize.to_bool(as_dict):
        return row[fields[0]] if single and len(fields) == 1 else [row[f] for f in fields]
    return row


@whitelist(path="frappe.client.set_value", methods=WRITE)
def set_value(request, doctype: str, name: str, fieldname, value=None, **kwargs) -> dict:
    """Change one field, or several given as a JSON object in `fieldname`; returns the document."""
    values = _json(fieldname, "fieldname")
    if not isinstance(values, dict):
        values = {str(values): value}
    return documents.update(request.user, documents.spec_for(doctype), name, values)


@whitelist(path="frappe.client.insert", methods=WRITE)
def insert(request, doc) -> dict:
    """Insert one document (with its doctype in `doc`)."""
    doc = _doc_arg(doc)
    return documents.insert(request.user, documents.spec_for(doc["doctype"]), doc)


@whitelist(path="frappe.client.insert_many", methods=WRITE)
def insert_many(request, docs) -> list[str]:
    """Insert several documents in one transaction; returns their names."""
    docs = _json(docs, "docs")
    if not isinstance(docs, list):
        raise ValidationError(_("docs must be a list of documents."))
    if len(docs) > 200:
        raise ValidationError(_("Insert at most 200 documents at a time."))
    return [
        documents.insert(request.user, documents.spec_for(d["doctype"]), d)["name"] for d in (_doc_arg(d) for d in docs)
    ]


@whitelist(path="frappe.client.save", methods=WRITE)
def save(request, doc) -> dict:
    """Update a document given whole (by its doctype and name)."""
    doc = _doc_arg(doc)
    if not doc.get("name"):
        raise ValidationError(_("doc must have a name."))
    return documents.update(request.user, documents.spec_for(doc["doctype"]), doc["name"], doc)


@whitelist(path="frappe.client.submit", methods=WRITE)
def submit(request, doc=None, doclist=None) -> dict:
    """Submit a draft (saving the values sent with it first)."""
    doc = _doc_arg(doc if doc is not None else doclist)
    spec = documents.spec_for(doc["doctype"])
    if not doc.get("name"):
        doc = documents.insert(request.user, spec, {**doc, "docstatus": 0})
    elif len(set(doc) - {"doctype", "name", "docstatus"}) > 0:
        documents.update(request.user, spec, doc["name"], {k: v for k, v in doc.items() if k != "docstatus"})
    return documents.set_status(request.user, spec, doc["name"], "submit")


@whitelist(path="frappe.client.cancel", methods=WRITE)
def cancel(request, doctype: str, name: str) -> dict:
    """Cancel a submitted document."""
    return documents.set_status(request.user, documents.spec_for(doctype), name, "cancel")


@whitelist(path="frappe.client.delete", methods=("POST", "DELETE"))
def delete(request, doctype: str, name: str) -> None:
    """Delete a document."""
    documents.delete(request.user, documents.spec_for(doctype), name)
    return None


@whitelist(path="frappe.client.rename_doc", methods=WRITE)
def rename_doc(request, doctype: str, old_name: str, new_name: str, merge=False) -> str:
    """Rename a document whose name is chosen freely; every link to it follows."""
    if serialize.to_bool(merge):
        raise ValidationError(_("Merging documents is not supported."))
    return documents.rename(request.user, documents.spec_for(doctype), old_name, new_name)


@whitelist(path="frappe.client.bulk_update", methods=WRITE)
def bulk_update(request, docs) -> dict:
    """Update several documents ({doctype, docname, field: value...}); failures are listed, not raised."""
    from django.db import transaction

    docs = _json(docs, "docs")
    if not isinstance(docs, list):
        raise ValidationError(_("docs must be a list of documents."))
    failed = []
    for d in docs:
        try:
            if not isinstance(d, dict):
                raise ValidationError(_("Each document must be a JSON object."))
            name = d.get("docname") or d.get("name")
            values = {k: v for k, v in d.items() if k not in ("doctype", "docname", "name")}
            with transaction.atomic():
                documents.update(request.user, documents.spec_for(d.get("doctype")), name, values)
        except Exception as exc:  # noqa: BLE001  (reported per document, as Frappe does)
            err = to_api_error(exc)
            failed.append({"doc": d, "exc": error_payload(err)["exception"]})
    return {"failed_docs": failed}
