"""Dashboard figures for monitoring: alerts per rule, severity and day; SLA breaches; the false-positive
rate per rule (to tune thresholds). Every figure counts only the alerts its viewer may read, so AML
alerts never show in a Client Manager's numbers."""

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...desk.dashboard import Chart, Number, Table, figure
from ...permissions import policy
from ...permissions.roles import (
    BRANCH_MANAGER,
    CLIENT_MANAGER,
    COMPLIANCE_OFFICER,
    RISK_OFFICER,
    SYSTEM_MANAGER,
)
from ..monitoring_rule.model import Severity
from .model import RiskAlert

VIEWERS = [COMPLIANCE_OFFICER, RISK_OFFICER, SYSTEM_MANAGER, BRANCH_MANAGER, CLIENT_MANAGER]
OFFICERS = [COMPLIANCE_OFFICER, RISK_OFFICER, SYSTEM_MANAGER]
QUEUE = "admin:securities_crm_riskalert_changelist"


def _alerts(request):
    return policy.filter_queryset(request.user, RiskAlert.objects.all())


@figure(_("Open alerts"), roles=VIEWERS, order=30, icon="notification_important", link=QUEUE)
def open_alerts(request):
    qs = _alerts(request).exclude(status__in=["Closed", "Escalated"])
    counts = qs.aggregate(n=Count("name"), late=Count("name", filter=Q(due_at__lt=timezone.now())))
    if not counts["n"]:
        return None
    return Number(counts["n"], _("%(late)d past their SLA") % {"late": counts["late"]})


@figure(_("Alerts by severity"), roles=VIEWERS, order=31, icon="priority_high")
def alerts_by_severity(request):
    counts = dict(_alerts(request).values_list("severity").annotate(n=Count("name")).values_list("severity", "n"))
    if not counts:
        return None
    return Chart([s.label for s in Severity], {_("Alerts"): [counts.get(s, 0) for s in Severity]})


@figure(_("Alerts per day, last 14 days"), roles=VIEWERS, order=32, icon="timeline")
def alerts_per_day(request):
    since = timezone.localdate() - dt.timedelta(days=13)
    rows = dict(
        _alerts(request)
        .filter(creation__date__gte=since)
        .annotate(day=TruncDate("creation"))
        .values_list("day")
        .annotate(n=Count("name"))
        .values_list("day", "n")
    )
    if not rows:
        return None
    days = [since + dt.timedelta(days=i) for i in range(14)]
    return Chart([d.strftime("%m-%d") for d in days], {_("Alerts"): [rows.get(d, 0) for d in days]}, kind="line")


@figure(
    _("Alerts per rule, with false-positive rate"),
    roles=OFFICERS,
    order=33,
    icon="rule",
    link="admin:securities_crm_monitoringrule_changelist",
)
def alerts_per_rule(request):
    rows = (
        _alerts(request)
        .values("rule", "rule__rule_name")
        .annotate(
            n=Count("name"),
            closed=Count("name", filter=Q(status="Closed")),
            fp=Count("name", filter=Q(resolution="False Positive")),
            breached=Count("name", filter=Q(sla_breached=True)),
        )
        .order_by("-n")[:10]
    )
    if not rows:
        return None
    return Table(
        [_("Rule"), _("Alerts"), _("False positives (of closed)"), _("SLA breaches")],
        [
            [
                gettext(r["rule__rule_name"]),
                r["n"],  # default names are in the catalogue
                f"{r['fp']}/{r['closed']} ({r['fp'] * 100 // r['closed']}%)" if r["closed"] else "-",
                r["breached"],
            ]
            for r in rows
        ],
    )
