"""Around the alert workflow (declared beside Risk Alert, doctype/risk_alert/workflow.py): assignment
(branch, severity, round robin), SLA due times, overdue escalation, and the large-value AML report
drafted with its due date in working days (holidays are data: the Holiday DocType)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_noop

from ..core import i18n, naming, session
from ..core import workflow as workflows
from ..core.i18n import Message
from ..doctype.aml_report.model import DUE_WORKING_DAYS, AMLReport, ReportType
from ..doctype.holiday.model import Holiday
from ..doctype.risk_alert.model import RiskAlert
from ..doctype.risk_alert.workflow import ASSIGNED, OPEN, UNFINISHED
from ..permissions.roles import COMPLIANCE_OFFICER, RISK_OFFICER

# Per-severity SLA, in hours.
SLA_HOURS = {"Critical": 4, "High": 24, "Medium": 72, "Low": 168}
LARGE_VALUE_KINDS = {"large_cash", "large_transfer"}


def assignees(category: str, branches, names, now) -> list:
    """Who takes each of a batch of new alerts of one category, in the order given (as if created one by
    one, named `names`, at `now`): Compliance takes AML alerts, Risk Officers the others (Compliance if
    there are none), those of the client's branch first, round robin after whoever took the latest
    alert among them. Set-based: one query for the candidates and one per candidate for the latest
    alert they took (a handful), instead of queries per alert. Returns user ids (None: nobody)."""
    roles = [COMPLIANCE_OFFICER] if category == "AML" else [RISK_OFFICER, COMPLIANCE_OFFICER]
    pool = []
    for role in roles:
        pool = list(
            User.objects.filter(is_active=True, groups__name=role)
            .select_related("staff_profile")
            .distinct()
            .order_by("username")
        )
        if pool:
            break
    if not pool:
        return [None] * len(names)
    recency = {}
    for user in pool:
        latest = (
            RiskAlert.objects.filter(assigned_to=user)
            .order_by("-creation", "-name")
            .values_list("creation", "name")
            .first()
        )
        if latest:
            recency[user.pk] = latest
    branch_of = {u.pk: getattr(getattr(u, "staff_profile", None), "branch_id", None) for u in pool}
    out = []
    for branch, name in zip(branches, names):
        local = [u for u in pool if branch_of[u.pk] == branch] or pool
        seen = [u for u in local if u.pk in recency]
        user = local[(local.index(max(seen, key=lambda u: recency[u.pk])) + 1) % len(local)] if seen else local[0]
        recency[user.pk] = (now, name)
        out.append(user.pk)
    return out


def assigned_transition(now) -> dict:
    """The transition the assignment rules record on a new alert."""
    (reason,), (reason_data,) = i18n.stored([Message(gettext_noop("Assigned by the assignment rules"), {})], limit=1000)
    return {
        "action": "assign",
        "from": OPEN,
        "to": ASSIGNED,
        "by": workflows.SYSTEM,
        "at": now.isoformat(),
        "reason": reason,
        "reason_data": reason_data,
    }


def currency_of(alert) -> str:
    """The currency of a large-value alert's score. The cash rule keeps its two lines apart by key
    (rules/aml.py: "CNY:" and "USD:", foreign cash summed in US dollars); every other line is in yuan."""
    parts = (alert.dedup_key or "").split(":")
    return "USD" if len(parts) > 1 and parts[1] == "USD" else "CNY"


def draft_large_value_reports(alerts) -> list:
    """The large-value reports of a batch of new alerts, bulk-inserted with their history."""
    alerts = [a for a in alerts if a.kind in LARGE_VALUE_KINDS]
    if not alerts:
        return []
    now, user = timezone.now(), session.get_user()
    # (alerts: RiskAlert instances, or rows with the same attributes and `name`)
    due = {}
    names = naming.make_names(AMLReport.doctype.naming.removeprefix("series:"), len(alerts), now=now)
    reports = []
    for name, alert in zip(names, alerts):
        detected = timezone.localdate(alert.creation)
        if detected not in due:
            due[detected] = add_working_days(detected, DUE_WORKING_DAYS)
        reports.append(
            AMLReport(
                name=name,
                owner=user,
                modified_by=user,
                creation=now,
                modified=now,
                report_type=ReportType.LARGE_VALUE,
                client_id=alert.client_id,
                alert_id=alert.name,
                amount=Decimal(alert.score).quantize(Decimal("0.01")),
                currency=currency_of(alert),
                transaction_date=timezone.localtime(alert.window_start).date(),
                due_date=due[detected],
                narrative=alert.summary,
                evidence=alert.evidence,
            )
        )
    AMLReport.objects.bulk_create(reports, batch_size=500)
    history = AMLReport.history  # type: ignore[attr-defined]  # simple_history adds it at registration
    history.bulk_history_create(reports, batch_size=500, default_date=now)
    return reports


def escalate_overdue(now=None) -> int:
    """Escalate every unfinished alert past its due time into a Risk Case (idempotent)."""
    now = now or timezone.now()
    count = 0
    for alert in RiskAlert.objects.filter(status__in=UNFINISHED, due_at__lt=now):
        alert.sla_breached = True
        workflows.apply(
            alert,
            "escalate",
            workflows.SYSTEM,
            Message(
                gettext_noop("SLA breached: not closed by %(due)s"),
                {"due": timezone.localtime(alert.due_at).strftime("%Y-%m-%d %H:%M")},
            ),
        )
        count += 1
    return count


def add_working_days(start: dt.date, days: int) -> dt.date:
    return Holiday.add_working_days(start, days)


def raise_suspicious_report(case, narrative: str, user=workflows.SYSTEM):
    """A suspicious-transaction report from a case (the case's "report" move), with its alerts' evidence."""
    workflows.apply(case, "report", user, narrative)
    return case.aml_reports.order_by("-creation").first()
