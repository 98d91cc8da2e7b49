"""Who owns each field: a role through its rights, the server, or a workflow. Declared once on the model.

Every field of a DocType is one of:

    server     set by the system only: computed results, who-and-when stamps, links the system makes
               (declared in the spec's `server_set`, or `editable=False` on the field, or a standard field)
    workflow   the state field and the fields its moves write (core/workflow.py)
    user       written by whoever has the DocType's write right, and for a field with a permlevel above 0
               that level's right too (Frappe's permlevel); `set_only_once` fields only when creating

Every route asks `refusals()` before it writes: the REST API and frappe.client.* (api/serialize.py),
the desk's forms (read-only fields) and imports, and the portal's forms (`assign()`). A value equal
to the stored one is not a write, so a document read and sent back whole passes, as in Frappe.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from .masks import mask

STANDARD = ("name", "owner", "creation", "modified", "modified_by", "docstatus", "idx")
SERVER, WORKFLOW, USER = "server", "workflow", "user"


def owner(spec, fieldname: str) -> str:
    """server, workflow or user, for one field of the DocType."""
    if fieldname in STANDARD or fieldname in spec.server_set:
        return SERVER
    if spec.workflow is not None and fieldname in spec.workflow.owned:
        return WORKFLOW
    try:
        field = spec.model._meta.get_field(fieldname)
    except Exception:  # noqa: BLE001  (a name that is no field is reported by the caller)
        return USER
    return USER if field.editable else SERVER


def level(spec, fieldname: str) -> int:
    return spec.permlevels.get(fieldname, 0)


def refusal(spec, fieldname: str, *, creating: bool, levels: frozenset[int] | set[int]) -> str | None:
    """Why this caller may not write `fieldname` (a translated sentence), or None if they may."""
    kind = owner(spec, fieldname)
    if kind == SERVER:
        return _("It is set by the system and cannot be written.")
    if kind == WORKFLOW:
        return _("It changes only through the workflow's actions, which record who, when and why.")
    if level(spec, fieldname) not in levels:
        return _("Your role may not change it.")
    if not creating and fieldname in spec.set_only_once:
        return _("It cannot be changed once the record is created.")
    return None


def unchanged(obj, field: models.Field, value) -> bool:
    """Is `value` (already parsed for the field) what `obj` holds now? A masked value equal to the
    mask of the stored one counts as unchanged: it is what a reader who may not see the full value got."""
    current = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        current = current.name if current else ""
        value = value.name if hasattr(value, "name") else (value or "")
    if current == value or (current in (None, "") and value in (None, "")):
        return True
    if getattr(field, "sensitive", False) and isinstance(value, str) and current:
        return value == mask(current, getattr(field, "kind", "text"))
    return False


def refusals(spec, obj, values: dict, *, levels, creating: bool | None = None) -> dict[str, list[str]]:
    """{field: [reason]} for every value in `values` (parsed) that this caller may not write to `obj`.
    `levels` are the permlevels the caller may write (permissions.policy.writable_levels)."""
    creating = obj._state.adding if creating is None else creating
    out: dict[str, list[str]] = {}
    for name, value in values.items():
        why = refusal(spec, name, creating=creating, levels=levels)
        if why is None:
            continue
        field = spec.model._meta.get_field(name)
        if not unchanged(obj, field, value):
            out[name] = [why]
    return out


def writable(spec, *, creating: bool, levels) -> list[str]:
    """The concrete fields this caller may write (for forms and imports)."""
    return [
        f.name
        for f in spec.model._meta.concrete_fields
        if refusal(spec, f.name, creating=creating, levels=levels) is None
    ]


def assign(spec, obj, values: dict, *, levels) -> None:
    """Set `values` on `obj` as a caller with write `levels` may, or raise ValidationError naming the
    fields it may not write. For server code that writes on a caller's behalf (the portal's forms)."""
    from django.core.exceptions import ValidationError

    refused = refusals(spec, obj, values, levels=levels)
    if refused:
        raise ValidationError(refused)
    for name, value in values.items():
        setattr(obj, spec.model._meta.get_field(name).attname, value)
