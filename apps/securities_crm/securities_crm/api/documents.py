"""Document operations for any DocType, shared by /api/resource and frappe.client.*.

Each one asks permissions.policy: the role's right on the DocType, then the record rule. A
record the caller may not see is "not found" (404), so its existence never leaks; a record
they may see but not change is 403. Writes run in one transaction: a failure writes nothing,
and a write that would move a record out of the caller's scope is refused and rolled back.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..core import registry
from ..core.document import DocStatus
from ..doctype.audit_log import audit
from ..permissions import policy
from ..security import masking
from . import query, serialize
from .errors import DoesNotExist, NotPermitted, ValidationError, to_api_error
from .meta import meta as meta_for


def spec_for(doctype) -> registry.DocTypeSpec:
    spec = registry.get(doctype) if isinstance(doctype, str) else None
    if spec is None:
        raise DoesNotExist(_("DocType %(doctype)s not found") % {"doctype": doctype})
    return spec


def _label(spec) -> str:
    return str(spec.model._meta.verbose_name)


ACTIONS = {
    "read": gettext_lazy("read"),
    "write": gettext_lazy("change"),
    "create": gettext_lazy("create"),
    "delete": gettext_lazy("delete"),
    "submit": gettext_lazy("submit"),
    "export": gettext_lazy("export"),
}


def require_right(user, spec, action: str, *, generic: bool = True) -> None:
    """The role's right to `action` the DocType. The generic routes (generic=True) never write a
    system-only DocType; a method that writes one itself (suitability's confirm) asks generic=False."""
    if generic and spec.system_only and action in ("create", "write", "delete"):
        raise NotPermitted(_("%(doctype)s records are written by the system only.") % {"doctype": _label(spec)})
    if not policy.has_right(user, action, spec.model):
        raise NotPermitted(
            _("You are not permitted to %(action)s %(doctype)s.")
            % {"action": ACTIONS.get(action, action), "doctype": _label(spec)}
        )


@contextmanager
def model_errors(model):
    """Django's validation errors, re-raised with the model's field labels."""
    try:
        yield
    except DjangoValidationError as exc:
        raise to_api_error(exc, model) from None


def visible(user, spec, action: str = "read"):
    """The queryset of records `user` may `action` (403 if the role has no such right)."""
    require_right(user, spec, action)
    return policy.filter_queryset(user, spec.model._default_manager.all(), action)


def pk_of(spec, name):
    """The primary key value a URL's name stands for; a name that cannot be one is not found."""
    try:
        value = spec.model._meta.pk.to_python(name)
    except (DjangoValidationError, ValueError, TypeError, OverflowError):
        value = None
    if value is None or (isinstance(value, int) and not -(2**63) < value < 2**63):
        raise DoesNotExist(_("%(doctype)s %(name)s not found") % {"doctype": _label(spec), "name": name})
    return value


def _fetch(user, spec, name, action: str, lock: bool = False):
    if spec.system_only and action in ("write", "delete"):
        require_right(user, spec, action)  # refused for everyone
    qs = visible(user, spec, "read")
    obj = next(iter(qs.filter(pk=pk_of(spec, name)).order_by()[:1]), None)
    if obj is not None and lock:
        # Lock by primary key alone: FOR UPDATE over the record rule's joins is not portable.
        obj = spec.model._default_manager.select_for_update().filter(pk=obj.pk).first()
    if obj is None:
        raise DoesNotExist(_("%(doctype)s %(name)s not found") % {"doctype": _label(spec), "name": name})
    if action != "read" and not policy.can(user, action, obj):
        raise NotPermitted(
            _("You are not permitted to %(action)s %(doctype)s %(name)s.")
            % {"action": ACTIONS.get(action, action), "doctype": _label(spec), "name": name}
        )
    return obj


# --- reading ----------------------------------------------------------------------------
def check_guarded(user, spec, m, used: set) -> None:
    """Filtering, sorting, grouping or aggregating by an encrypted field (or one that gives back a masked
    one, like a birth date) is for roles that see its values in full: for the others it would be a way
    to guess them, a candidate at a time. Each allowed search by an encrypted value is audited."""
    guarded = sorted(n for n in used if n in m.fields and (m.fields[n].sensitive or m.fields[n].masked_with))
    refused = [n for n in guarded if not masking.may_search(user, spec.model, n)]
    if refused:
        raise ValidationError(
            *[
                _(
                    "%(label)s (%(field)s): your role sees it only masked, so it cannot be "
                    "searched, sorted or grouped by."
                )
                % {"label": m.fields[n].label, "field": n}
                for n in refused
            ]
        )
    searched = [n for n in guarded if m.fields[n].sensitive]
    if searched:  # who looked a value up, and in which fields; never the value itself
        audit.log(audit.SEARCH, user=user, doctype=spec.name, field=",".join(searched), channel="api")


def get_list(user, spec, params) -> list:
    """A list query (sensitive fields presented as the user's role allows)."""
    m = meta_for(spec.model)
    lq = query.parse(m, params)
    check_guarded(user, spec, m, lq.used)
    return query.run(m, visible(user, spec, "read"), lq, user)


def get_count(user, spec, filters=None, or_filters=None) -> int:
    m = meta_for(spec.model)
    used: set = set()
    q = query.where(m, filters, or_filters, used)
    check_guarded(user, spec, m, used)
    return visible(user, spec, "read").filter(q).count()


def get_doc(user, spec, name) -> dict:
    qs = visible(user, spec, "read")
    doc = serialize.document(meta_for(spec.model), qs, pk_of(spec, name), user)
    if doc is None:
        raise DoesNotExist(_("%(doctype)s %(name)s not found") % {"doctype": _label(spec), "name": name})
    return doc


def _read_back(user, spec, name) -> dict:
    """The document as saved, with masking applied (the caller may no longer be able to read it)."""
    return serialize.document(meta_for(spec.model), spec.model._default_manager.all(), name, user) or {}


# --- writing ----------------------------------------------------------------------------
def check_links(user, m, obj, data: dict, stored: dict | None = None) -> None:
    """A link the caller sets must point at a record they may read. One they may not read gets the
    very answer a missing one gets, so a write never tells whether another's record exists."""
    errors = {}
    for name in data:
        info = m.fields.get(name)
        if info is None or info.kind != "link" or info.user_link:
            continue
        value = getattr(obj, info.field.attname)
        if value is None or (stored is not None and stored.get(name) == value):
            continue
        target = registry.for_model(info.field.related_model)
        if target is None:
            continue
        if not policy.filter_queryset(user, target.model._default_manager.filter(pk=value), "read").exists():
            field = info.field
            errors[name] = [
                field.error_messages["invalid"]
                % {
                    "model": field.related_model._meta.verbose_name,
                    "pk": value,
                    "field": field.remote_field.field_name,
                    "value": value,
                }
            ]
    if errors:
        raise DjangoValidationError(errors)


def _wants_docstatus(data) -> int | None:
    value = data.get("docstatus")
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("docstatus must be 0, 1 or 2.")) from None


def _write_children(user, spec, obj, children: dict[str, list]) -> None:
    """Replace each given child table with the rows sent (inside the caller's transaction).
    Rows are written under the parent's rights: its field levels apply to them."""
    m = meta_for(spec.model)
    levels = policy.writable_levels(user, spec.model)
    for fieldname, rows in children.items():
        child_doctype, fk = m.children[fieldname]
        child_spec = registry.get(child_doctype)
        child_meta = meta_for(child_spec.model)
        child_spec.model._default_manager.filter(**{fk: obj.pk}).delete()
        for idx, row in enumerate(rows, start=1):
            child = child_spec.model()
            data = {k: v for k, v in row.items() if k not in ("name", fk)}
            try:
                with model_errors(child_spec.model):
                    serialize.apply(child_meta, child, data, levels)
                    setattr(child, fk, obj)
                    child.idx = idx
                    child.save()
            except ValidationError as exc:
                raise ValidationError(
                    *[
                        _("Row %(idx)s of %(table)s: %(message)s") % {"idx": idx, "table": fieldname, "message": msg}
                        for msg in exc.messages
                    ]
                ) from None


def insert(user, spec, data: dict) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(_("A document must be a JSON object."))
    require_right(user, spec, "create")
    m = meta_for(spec.model)
    obj = spec.model()
    with transaction.atomic(), model_errors(spec.model):
        children = serialize.apply(m, obj, data, policy.writable_levels(user, spec.model))
        check_links(user, m, obj, data)
        if spec.naming == "prompt" and data.get("name"):
            obj.name = str(data["name"])
        if _wants_docstatus(data) == DocStatus.SUBMITTED:
            require_right(user, spec, "submit")
            if not spec.submittable:
                raise ValidationError(_("%(doctype)s is not submittable.") % {"doctype": _label(spec)})
            obj.docstatus = DocStatus.SUBMITTED  # save() runs the submission's work
        obj.validate_unique(exclude=["name"])
        obj.save()
        _write_children(user, spec, obj, children)
        if not policy.can(user, "create", obj):
            raise NotPermitted(
                _("You may not create this %(doctype)s: it would be outside your records.") % {"doctype": _label(spec)}
            )
    return _read_back(user, spec, obj.pk)


def update(user, spec, name, data: dict) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(_("A document must be a JSON object."))
    if spec.immutable:
        raise NotPermitted(_("%(doctype)s records cannot be changed once written.") % {"doctype": _label(spec)})
    m = meta_for(spec.model)
    with transaction.atomic(), model_errors(spec.model):
        obj = _fetch(user, spec, name, "write", lock=True)
        stored = {f: getattr(obj, m.fields[f].field.attname) for f in data if f in m.fields}
        children = serialize.apply(m, obj, data, policy.writable_levels(user, spec.model))
        check_links(user, m, obj, data, stored)
        wanted = _wants_docstatus(data)
        if wanted is not None and wanted != obj.docstatus:
            require_right(user, spec, "submit")
            obj.docstatus = wanted  # save() runs the submission's (or cancellation's) work
        obj.validate_unique(exclude=["name"])
        obj.save()
        _write_children(user, spec, obj, children)
        if not policy.can(user, "write", obj):
            raise NotPermitted(
                _("This change would move %(doctype)s %(name)s outside your records.")
                % {"doctype": _label(spec), "name": name}
            )
    return _read_back(user, spec, obj.pk)


def delete(user, spec, name) -> None:
    if spec.immutable:
        raise NotPermitted(_("%(doctype)s records cannot be deleted.") % {"doctype": _label(spec)})
    with transaction.atomic():
        obj = _fetch(user, spec, name, "delete", lock=True)
        try:
            obj.delete()
        except (ProtectedError, RestrictedError):
            raise ValidationError(
                _("%(doctype)s %(name)s is linked with other documents and cannot be deleted.")
                % {"doctype": _label(spec), "name": name}
            ) from None


def set_status(user, spec, name, action: str) -> dict:
    """Submit or cancel (both need the submit right, as Frappe's cancel follows submit)."""
    with transaction.atomic(), model_errors(spec.model):
        obj = _fetch(user, spec, name, "submit", lock=True)
        if action == "submit":
            if obj.docstatus != DocStatus.DRAFT:
                raise ValidationError(_("Only a draft can be submitted."))
            obj.submit()
        else:
            if obj.docstatus != DocStatus.SUBMITTED:
                raise ValidationError(_("Only a submitted document can be cancelled."))
            obj.cancel()
    return _read_back(user, spec, obj.pk)


def rename(user, spec, old_name, new_name) -> str:
    """Give a document a new name, moving every link to it (only where names are chosen freely)."""
    if spec.immutable or spec.naming not in ("prompt", "hash", "autoincrement"):
        raise ValidationError(
            _("%(doctype)s documents cannot be renamed: their name comes from their data.") % {"doctype": _label(spec)}
        )
    new_name = str(new_name or "").strip()
    if not new_name or len(new_name) > spec.model._meta.pk.max_length:
        raise ValidationError(_("The new name must be 1 to %(n)s characters.") % {"n": spec.model._meta.pk.max_length})
    model = spec.model
    with transaction.atomic():
        obj = _fetch(user, spec, old_name, "write", lock=True)
        if new_name == obj.pk:
            return new_name
        if model._default_manager.filter(pk=new_name).exists():
            raise to_api_error(
                DjangoValidationError({"name": _("%(name)s already exists.") % {"name": new_name}}, code="unique"),
                model,
            )
        old_pk = obj.pk
        obj.pk = new_name
        obj._state.adding = True
        models.Model.save(obj, force_insert=True)  # Document.save would give it a fresh autoname
        for rel in model._meta.related_objects:
            if rel.one_to_many or rel.one_to_one:
                rel.related_model._base_manager.filter(**{rel.field.name: old_pk}).update(
                    **{rel.field.attname: new_name}
                )
        model._base_manager.filter(pk=old_pk).delete()
    return new_name
