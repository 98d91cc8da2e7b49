"""Dashboard figures for compliance: full-value reads and open privacy requests."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...desk.dashboard import Number, figure
from ...permissions import policy
from ...permissions.roles import COMPLIANCE_OFFICER, SYSTEM_MANAGER
from ..audit_log import audit
from ..data_subject_request.model import DataSubjectRequest, RequestStatus
from .model import AuditLog


@figure(
    _("Full-value reads, last 7 days"),
    roles=[COMPLIANCE_OFFICER, SYSTEM_MANAGER],
    order=60,
    icon="visibility",
    link="admin:securities_crm_auditlog_changelist",
)
def full_value_reads(request):
    since = timezone.now() - dt.timedelta(days=7)
    rows = policy.filter_queryset(request.user, AuditLog.objects.filter(action=audit.READ, creation__gte=since))
    total = rows.count()
    if not total:
        return None
    return Number(total, _("by %(n)d users") % {"n": rows.values("user").distinct().count()})


@figure(
    _("Open privacy requests"),
    roles=[COMPLIANCE_OFFICER, SYSTEM_MANAGER],
    order=61,
    icon="privacy_tip",
    link="admin:securities_crm_datasubjectrequest_changelist",
)
def open_privacy_requests(request):
    rows = policy.filter_queryset(
        request.user, DataSubjectRequest.objects.exclude(status__in=[RequestStatus.COMPLETED, RequestStatus.REJECTED])
    )
    total = rows.count()
    if not total:
        return None
    overdue = rows.filter(due_date__lt=timezone.localdate()).count()
    return Number(total, _("%(n)d overdue") % {"n": overdue})
