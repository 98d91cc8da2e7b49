"""The audit trail: write Audit Log rows for sensitive events.

    from securities_crm.doctype.audit_log import audit
    audit.log(audit.EXPORT, user=request.user, doctype="Client", channel="desk", detail="120 rows", request=request)

Logins, failed logins, logouts and role changes are recorded by the signal receivers in
receivers.py; full reads by masking.present(); desk exports by the desk base.
Rows are immutable. A row is written in the caller's transaction, so a rolled-back action
leaves no row behind, and a committed one always has its row.
"""

from __future__ import annotations

from ...core import session
from .model import AuditAction, AuditLog

READ = AuditAction.READ
LOGIN = AuditAction.LOGIN
LOGIN_FAILED = AuditAction.LOGIN_FAILED
LOGOUT = AuditAction.LOGOUT
EXPORT = AuditAction.EXPORT
IMPORT = AuditAction.IMPORT
ROLE_CHANGE = AuditAction.ROLE_CHANGE
KEY_ROTATION = AuditAction.KEY_ROTATION
PRIVACY_REQUEST = AuditAction.PRIVACY_REQUEST
SEARCH = AuditAction.SEARCH


def _username(user) -> str:
    if user is None:
        return session.get_user()
    if isinstance(user, str):
        return user
    return user.get_username() if getattr(user, "is_authenticated", False) else "Guest"


def _ip(request) -> str | None:
    if request is None:
        return None
    return (request.META.get("REMOTE_ADDR") or "")[:45] or None


def _row(action, *, user=None, doctype="", name="", field="", channel="system", detail="", request=None):
    return AuditLog(
        action=action,
        user=_username(user)[:150],
        reference_doctype=str(doctype)[:140],
        reference_name=str(name or "")[:140],
        field_name=str(field)[:140],
        channel=str(channel)[:20],
        detail=str(detail),
        ip_address=_ip(request),
    )


def log(action: str, *, user=None, doctype="", name="", field="", channel="system", detail="", request=None):
    """Write one audit row and return it."""
    row = _row(
        action, user=user, doctype=doctype, name=name, field=field, channel=channel, detail=detail, request=request
    )
    row.save(validate=False)
    return row


def log_many(rows: list[dict]) -> None:
    """Write several rows in one INSERT (a page of API results revealing values, say)."""
    AuditLog.insert_many([_row(**r) for r in rows])
