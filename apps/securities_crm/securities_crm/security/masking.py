"""Masked display of personal data, and the one gate that reveals a full value.

    present(user, obj, "id_number", "api")  ->  "110105********1238"  or the full value

The full value is returned only when one of the user's roles may see that kind of field
(REVEAL below) and, for a portal client, only on their own records. Each full read writes
an Audit Log row: who, when, which record and field, through which channel. The desk, the
REST API and the portal all call present(); lists and exports are always masked.
"""

from __future__ import annotations

from ..core import registry
from ..core.fields import BlindIndexField, sensitive_fields
from ..core.masks import MASKS, mask  # noqa: F401  (re-exported: callers import mask from here)
from ..doctype.audit_log import audit
from ..permissions.roles import (
    BRANCH_MANAGER,
    CLIENT,
    CLIENT_MANAGER,
    COMPLIANCE_OFFICER,
    RISK_OFFICER,
    SYSTEM_MANAGER,
    user_roles,
)

# Which roles may see each kind of sensitive field in full. Client Managers and Branch Managers
# keep client identity data (they open and maintain the record); a Service Agent, Marketing or
# Advisor never sees more than the mask. Bank accounts are for compliance and risk work.
REVEAL: dict[str, set[str]] = {
    "id_number": {SYSTEM_MANAGER, COMPLIANCE_OFFICER, BRANCH_MANAGER, CLIENT_MANAGER, CLIENT},
    "mobile": {SYSTEM_MANAGER, COMPLIANCE_OFFICER, BRANCH_MANAGER, CLIENT_MANAGER, CLIENT},
    "bank_account": {SYSTEM_MANAGER, COMPLIANCE_OFFICER, RISK_OFFICER, CLIENT},
}
DEFAULT_REVEAL = {SYSTEM_MANAGER, COMPLIANCE_OFFICER}

CHANNELS = ("desk", "api", "portal", "export", "system")


def _owned_by(user, obj) -> bool:
    spec = registry.for_model(obj)
    if spec is None or spec.client_path is None:
        return False
    target = obj
    for part in [p for p in spec.client_path.split("__") if p]:
        target = getattr(target, part, None)
        if target is None:
            return False
    return getattr(target, "user_id", None) == user.pk


def may_reveal(user, obj, field_name: str) -> bool:
    """May this user see `field_name` of `obj` in full?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    field = obj._meta.get_field(field_name)
    allowed = REVEAL.get(getattr(field, "kind", ""), DEFAULT_REVEAL)
    roles = user_roles(user) & allowed
    if not roles:
        return False
    if roles == {CLIENT}:
        return _owned_by(user, obj)
    return True


def may_search(user, model, field_name: str) -> bool:
    """May `user` look records up by the value of this sensitive field (or of one it would give back)?
    Only a role that sees the field in full: otherwise a search is a way to guess the hidden value."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    spec = registry.for_model(model)
    source = spec.masked_with.get(field_name, field_name) if spec else field_name
    kind = getattr(model._meta.get_field(source), "kind", "")
    return bool(user_roles(user) & REVEAL.get(kind, DEFAULT_REVEAL))


def _doctype_name(obj) -> str:
    spec = registry.for_model(obj)
    return spec.name if spec else obj._meta.verbose_name


def present(user, obj, field_name: str, channel: str = "api", request=None) -> str:
    """The value to show this user: full (and audited) when allowed, otherwise masked."""
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field.attname)
    if not getattr(field, "sensitive", False):
        return "" if value is None else str(value)
    if value in (None, ""):
        return ""
    if may_reveal(user, obj, field_name):
        audit.log(
            audit.READ,
            user=user,
            doctype=_doctype_name(obj),
            name=obj.pk,
            field=field_name,
            channel=channel,
            request=request,
        )
        return str(value)
    return mask(value, field.kind)


def present_all(user, obj, channel: str = "api", request=None) -> dict[str, str]:
    """{field name: shown value} for every sensitive field of obj, with one audit row per full value."""
    shown, revealed = {}, []
    for field in sensitive_fields(type(obj)):
        value = getattr(obj, field.attname)
        if value in (None, ""):
            shown[field.name] = ""
        elif may_reveal(user, obj, field.name):
            shown[field.name] = str(value)
            revealed.append(field.name)
        else:
            shown[field.name] = mask(value, field.kind)
    if revealed:
        audit.log_many(
            [
                dict(
                    action=audit.READ,
                    user=user,
                    doctype=_doctype_name(obj),
                    name=obj.pk,
                    field=f,
                    channel=channel,
                    request=request,
                )
                for f in revealed
            ]
        )
    return shown


def present_many(user, objs, field_names=None, channel: str = "api", request=None) -> list[dict[str, str]]:
    """present() for a page of records at once: [{field: shown value}, ...] in the order of `objs`,
    with the audit rows for every revealed value written in one INSERT."""
    shown_rows, revealed = [], []
    for obj in objs:
        fields = sensitive_fields(type(obj))
        if field_names is not None:
            fields = [f for f in fields if f.name in field_names]
        shown = {}
        for field in fields:
            value = getattr(obj, field.attname)
            if value in (None, ""):
                shown[field.name] = ""
            elif may_reveal(user, obj, field.name):
                shown[field.name] = str(value)
                revealed.append(
                    dict(
                        action=audit.READ,
                        user=user,
                        doctype=_doctype_name(obj),
                        name=obj.pk,
                        field=field.name,
                        channel=channel,
                        request=request,
                    )
                )
            else:
                shown[field.name] = mask(value, field.kind)
        shown_rows.append(shown)
    if revealed:
        audit.log_many(revealed)
    return shown_rows


def masked(obj, field_name: str) -> str:
    """The masked form, for lists and exports, whoever asks (no audit: nothing is revealed)."""
    field = obj._meta.get_field(field_name)
    return mask(getattr(obj, field.attname), getattr(field, "kind", "text"))


def mask_dataset(dataset, model):
    """Mask the sensitive columns of an export (a tablib Dataset), found by field name or label,
    and leave out the blind-index columns (keyed hashes, of no use outside the database)."""
    fields = sensitive_fields(model)
    spec = registry.for_model(model)
    derived = [model._meta.get_field(n) for n in (spec.masked_with if spec else {})]
    fields = fields + derived
    by_header = {f.name: f for f in fields} | {str(f.verbose_name): f for f in fields}
    index_fields = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
    dropped = {f.name for f in index_fields} | {str(f.verbose_name) for f in index_fields}
    headers = list(dataset.headers or [])
    columns = [(i, by_header[h]) for i, h in enumerate(headers) if h in by_header]
    keep = [i for i, h in enumerate(headers) if h not in dropped]
    if not columns and len(keep) == len(headers):
        return dataset
    import tablib

    out = tablib.Dataset(headers=[headers[i] for i in keep], title=dataset.title)
    for row in dataset:
        row = list(row)
        for i, field in columns:
            row[i] = (
                mask(row[i], field.kind)
                if getattr(field, "sensitive", False)
                else ("****" if row[i] not in (None, "") else row[i])
            )
        out.append([row[i] for i in keep])
    return out
