"""The SLA dashboard: first-response and resolution attainment by team, channel and category; breaches;
the backlog over time; overdue complaints for Compliance. Every count goes through the record rules."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...desk.dashboard import Chart, Number, Table, figure
from ...permissions import policy
from ...permissions.roles import BRANCH_MANAGER, COMPLIANCE_OFFICER, SERVICE_AGENT, SYSTEM_MANAGER
from ..complaint.model import Complaint
from ..shared.service import UNFINISHED
from .model import ServiceTicket

VIEWERS = [SERVICE_AGENT, BRANCH_MANAGER, COMPLIANCE_OFFICER, SYSTEM_MANAGER]
QUEUE = "admin:securities_crm_serviceticket_changelist"


def _tickets(request):
    return policy.filter_queryset(request.user, ServiceTicket.objects.all())


def _pct(met, total) -> str:
    return f"{met * 100 // total}% ({met}/{total})" if total else "-"


@figure(_("Open tickets"), roles=VIEWERS, order=40, icon="support_agent", link=QUEUE)
def open_tickets(request):
    now = timezone.now()
    counts = (
        _tickets(request)
        .filter(status__in=UNFINISHED)
        .aggregate(
            n=Count("name"),
            late=Count("name", filter=Q(next_due__lt=now)),
            mine=Count("name", filter=Q(assigned_to=request.user)),
        )
    )
    if not counts["n"]:
        return None
    return Number(counts["n"], _("%(late)d past due · %(mine)d mine") % counts)


@figure(_("SLA attainment by team, channel and category"), roles=VIEWERS, order=41, icon="timer", wide=True)
def attainment(request):
    rows = []
    for field, label in (("team", _("Team")), ("channel", _("Channel")), ("category", _("Category"))):
        stats = (
            _tickets(request)
            .values(field)
            .annotate(
                responded=Count("name", filter=Q(first_responded_at__isnull=False)),
                response_met=Count("name", filter=Q(first_responded_at__isnull=False, first_response_breached=False)),
                resolved=Count("name", filter=Q(resolved_at__isnull=False)),
                resolution_met=Count("name", filter=Q(resolved_at__isnull=False, resolution_breached=False)),
                breaches=Count("name", filter=Q(first_response_breached=True) | Q(resolution_breached=True)),
            )
            .order_by(field)
        )
        for s in stats:
            if s["responded"] or s["resolved"] or s["breaches"]:
                rows.append(
                    [
                        label,
                        s[field] or "-",
                        _pct(s["response_met"], s["responded"]),
                        _pct(s["resolution_met"], s["resolved"]),
                        s["breaches"],
                    ]
                )
    return Table([_("By"), _("Value"), _("First response on time"), _("Resolved on time"), _("Breaches")], rows)


@figure(_("Ticket backlog, last 14 days"), roles=VIEWERS, order=42, icon="stacked_line_chart")
def backlog(request):
    today = timezone.localdate()
    days = [today - dt.timedelta(days=13 - i) for i in range(14)]
    qs = _tickets(request)
    opened, still = [], []
    for day in days:
        end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
        created = qs.filter(creation__lt=end)
        open_then = created.exclude(resolved_at__lt=end).exclude(closed_at__lt=end)
        opened.append(created.filter(creation__gte=end - dt.timedelta(days=1)).count())
        still.append(open_then.count())
    if not any(still) and not any(opened):
        return None
    return Chart([d.strftime("%m-%d") for d in days], {_("Open at day end"): still, _("Opened"): opened}, kind="line")


@figure(
    _("Overdue complaints"),
    roles=[COMPLIANCE_OFFICER, SYSTEM_MANAGER, BRANCH_MANAGER],
    order=43,
    icon="report",
    link="admin:securities_crm_complaint_changelist",
    empty_text=_("No complaint is overdue"),
)
def overdue_complaints(request):
    today = timezone.localdate()
    rows = (
        policy.filter_queryset(request.user, Complaint.objects.filter(Complaint.overdue(today)))
        .select_related("client")
        .order_by("answer_due")[:10]
    )
    return Table(
        [_("Complaint"), _("Client"), _("Status"), _("Acknowledge By"), _("Answer By"), _("External Reference")],
        [
            [
                c.pk,
                c.client.client_name if c.client_id else "-",
                c.get_status_display(),
                c.acknowledge_due,
                c.answer_due,
                c.external_reference or "-",
            ]
            for c in rows
        ],
    )
