"""Audit Log: written through security.audit, never changed or deleted, read by compliance only."""

import pytest
from client_fixtures import desk_for, english, world  # noqa: F401  (fixtures)

from securities_crm.core.errors import DocumentImmutable
from securities_crm.doctype.audit_log import audit
from securities_crm.doctype.audit_log.model import AuditLog
from securities_crm.permissions import policy

pytestmark = pytest.mark.django_db


def test_rows_are_immutable(world):
    users, _ = world
    row = audit.log(audit.EXPORT, user=users["cm_a"], doctype="Client", channel="desk", detail="3 rows")
    assert AuditLog.objects.get(pk=row.pk).user == "cm_a"
    row.detail = "0 rows"
    with pytest.raises(DocumentImmutable):
        row.save()
    with pytest.raises(DocumentImmutable):
        row.delete()


def test_only_compliance_and_system_managers_read_the_log(world):
    users, _ = world
    audit.log(audit.LOGIN, user="someone")
    for who, sees in (("compliance", True), ("admin", True), ("cm_a", False), ("risk", False), ("service", False)):
        assert policy.filter_queryset(users[who], AuditLog.objects.all()).exists() == sees, who
    desk = desk_for(users["compliance"])
    assert desk.get("/app/securities_crm/auditlog/").status_code == 200
    assert desk.get("/app/securities_crm/auditlog/add/").status_code == 403
    assert desk_for(users["cm_a"]).get("/app/securities_crm/auditlog/").status_code == 403
