"""The alert workflow: assignment (branch, severity, round robin), SLA due times, transitions that
record who, when and why, escalation into a Risk Case, overdue escalation, and the large-value AML
report drafted with its due date in working days (holidays are data: the Holiday DocType)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _t

# Per-severity SLA, in hours.
SLA_HOURS = {"Critical": 4, "High": 24, "Medium": 72, "Low": 168}
LARGE_VALUE_KINDS = {"large_cash", "large_transfer"}
REPORT_WORKING_DAYS = 5

OPEN, ASSIGNED, INVESTIGATING, CLOSED, ESCALATED = "Open", "Assigned", "Investigating", "Closed", "Escalated"
ALLOWED = {
    OPEN: {ASSIGNED, INVESTIGATING, CLOSED, ESCALATED},
    ASSIGNED: {ASSIGNED, INVESTIGATING, CLOSED, ESCALATED},
    INVESTIGATING: {CLOSED, ESCALATED},
    CLOSED: set(),
    ESCALATED: set(),
}


def _user_name(user) -> str:
    return getattr(user, "username", None) or str(user or "system")


def record(alert, to: str, user, reason: str):
    alert.transitions = list(alert.transitions or []) + [{
        "from": alert.status, "to": to, "by": _user_name(user), "at": timezone.now().isoformat(), "reason": reason}]
    alert.status = to


def assignees(category: str, branches, names, now) -> list:
    """Who takes each of a batch of new alerts of one category, in the order given (as if created one by
    one, named `names`, at `now`): Compliance takes AML alerts, Risk Officers the others (Compliance if
    there are none), those of the client's branch first, round robin after whoever took the latest
    alert among them. Set-based: one query for the candidates and one per candidate for the latest
    alert they took (a handful), instead of queries per alert. Returns user ids (None: nobody)."""
    from django.contrib.auth.models import User

    from ..doctype.risk_alert.model import RiskAlert
    from ..permissions.roles import COMPLIANCE_OFFICER, RISK_OFFICER

    roles = [COMPLIANCE_OFFICER] if category == "AML" else [RISK_OFFICER, COMPLIANCE_OFFICER]
    pool = []
    for role in roles:
        pool = list(User.objects.filter(is_active=True, groups__name=role).select_related("staff_profile")
                    .distinct().order_by("username"))
        if pool:
            break
    if not pool:
        return [None] * len(names)
    recency = {}
    for user in pool:
        latest = (RiskAlert.objects.filter(assigned_to=user).order_by("-creation", "-name")
                  .values_list("creation", "name").first())
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
    return {"from": OPEN, "to": ASSIGNED, "by": "system", "at": now.isoformat(),
            "reason": str(_t("Assigned by the assignment rules"))}


def draft_large_value_reports(alerts) -> list:
    """The large-value reports of a batch of new alerts, bulk-inserted with their history."""
    from ..core import naming, session
    from ..doctype.aml_report.model import AMLReport, ReportType

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
            due[detected] = add_working_days(detected, REPORT_WORKING_DAYS)
        reports.append(AMLReport(
            name=name, owner=user, modified_by=user, creation=now, modified=now,
            report_type=ReportType.LARGE_VALUE, client_id=alert.client_id, alert_id=alert.name,
            amount=Decimal(alert.score).quantize(Decimal("0.01")),
            transaction_date=timezone.localtime(alert.window_start).date(), due_date=due[detected],
            narrative=alert.summary, evidence=alert.evidence))
    AMLReport.objects.bulk_create(reports, batch_size=500)
    AMLReport.history.bulk_history_create(reports, batch_size=500, default_date=now)
    return reports


def transition(alert, to: str, user, reason: str, resolution: str = "", assign_to=None):
    """Move an alert along the workflow. `reason` is required; closing needs a resolution."""
    from ..doctype.risk_alert.model import Resolution

    if to not in ALLOWED:
        raise ValidationError({"status": _t("Unknown status %(s)s.") % {"s": to}})
    if to not in ALLOWED[alert.status]:
        raise ValidationError({"status": _t("An alert cannot go from %(a)s to %(b)s.") % {"a": alert.status, "b": to}})
    if not (reason or "").strip():
        raise ValidationError({"reason": _t("Say why the status changes.")})
    if to == CLOSED:
        if resolution not in Resolution.values:
            raise ValidationError({"resolution": _t("Closing needs a resolution: false positive or resolved with action.")})
        alert.resolution = resolution
        alert.closed_at = timezone.now()
    if to == ASSIGNED:
        if assign_to is None:
            raise ValidationError({"assigned_to": _t("Choose whom to assign the alert to.")})
        alert.assigned_to = assign_to
    with transaction.atomic():
        if to == ESCALATED:
            alert.risk_case = open_case(alert, user, reason)
        record(alert, to, user, reason)
        alert.save()
    return alert


def open_case(alert, user, reason: str):
    from ..doctype.risk_case.model import RiskCase

    case = RiskCase(title=alert.summary[:200], client_id=alert.client_id, category=alert.category,
                    severity=alert.severity, assigned_to=alert.assigned_to, narrative=reason)
    case.save()
    return case


def escalate_overdue(now=None) -> int:
    """Escalate every unfinished alert past its due time into a Risk Case (idempotent)."""
    from ..doctype.risk_alert.model import RiskAlert

    now = now or timezone.now()
    count = 0
    for alert in RiskAlert.objects.filter(status__in=[OPEN, ASSIGNED, INVESTIGATING], due_at__lt=now):
        alert.sla_breached = True
        transition(alert, ESCALATED, "system", _t("SLA breached: not closed by %(due)s")
                   % {"due": timezone.localtime(alert.due_at).strftime("%Y-%m-%d %H:%M")})
        count += 1
    return count


def add_working_days(start: dt.date, days: int) -> dt.date:
    """`days` working days after `start`: weekends and Holiday dates do not count."""
    from ..doctype.holiday.model import Holiday

    holidays = set(Holiday.objects.filter(holiday_date__gt=start, holiday_date__lte=start + dt.timedelta(days=days * 3 + 30))
                   .values_list("holiday_date", flat=True))
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            days -= 1
    return day


def raise_suspicious_report(case, narrative: str, user=None):
    """A suspicious-transaction report from a case, with the evidence of its alerts."""
    from ..doctype.aml_report.model import AMLReport, ReportType

    evidence = [e for a in case.alerts.all() for e in (a.evidence or [])]
    report = AMLReport(report_type=ReportType.SUSPICIOUS, client_id=case.client_id, risk_case=case,
                       narrative=narrative, evidence=evidence,
                       due_date=add_working_days(timezone.localdate(), REPORT_WORKING_DAYS))
    report.save()
    case.status = "Reported"
    case.save()
    return report
