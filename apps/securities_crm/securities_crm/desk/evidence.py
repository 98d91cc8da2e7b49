"""Evidence as reviewers read it: the rows an alert or AML report rests on, as a table per kind of row
(time, account, amount, ...) with each row linked to its record.

Alerts, and the AML reports drafted from them, keep their evidence as [{"doctype", "name"}, ...];
monitoring/evidence.py reads those rows through the record rules, and this renders them the same way
on every form that shows them. Long evidence (a day of high-frequency orders) shows its first rows
and says how many more there are; the REST method api.monitoring.evidence returns them all.
"""

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from ..core import registry
from ..monitoring import evidence
from .base import current_request

LIMIT = 50


def _url(spec, name) -> str:
    try:
        return reverse(f"admin:securities_crm_{spec.model._meta.model_name}_change", args=[name])
    except NoReverseMatch:
        return ""


def _shown(model, field_name, value):
    """A choice's label (买入, not Buy); other values as stored, for the template to format."""
    choices = model._meta.get_field(field_name).flatchoices
    return dict(choices).get(value, value) if choices else value


def evidence_table(items, limit: int = LIMIT) -> str:
    """HTML for a desk form's read-only evidence field, read as the current request's user."""
    request = current_request()
    if request is None:
        return "-"
    rows, hidden = evidence.rows(request.user, items, limit)
    tables = {}
    for row in rows:
        spec = registry.get(row["doctype"])
        fields = evidence.EVIDENCE_FIELDS[row["doctype"]]
        table = tables.setdefault(
            row["doctype"],
            {
                "title": spec.model._meta.verbose_name_plural,
                "headers": [spec.model._meta.get_field(f).verbose_name for f in fields],
                "rows": [],
            },
        )
        table["rows"].append(
            {
                "url": _url(spec, row["name"]),
                "name": row["name"],
                "cells": [_shown(spec.model, f, row[f]) for f in fields],
            }
        )
    total = len(evidence.items_of(items))
    return render_to_string(
        "securities_crm/monitoring/evidence.html",
        {"tables": list(tables.values()), "hidden": hidden, "more": max(total - limit, 0), "total": total},
    )
