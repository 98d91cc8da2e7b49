"""The suitability report (desk page /app/securities_crm/suitabilityrecord/report/) and home dashboard figures.

Every figure counts only what its viewer may read (permissions.policy), in one or two queries.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from ...core.document import DocStatus
from ...desk.dashboard import Chart, Number, Table, _shape
from ...permissions import policy
from ..client.model import Client
from ..risk_assessment.model import RiskAssessment
from ..suitability_record.model import RecordResult, SuitabilityRecord

LEVELS = ["C1", "C2", "C3", "C4", "C5"]


def _clients(request):
    return policy.filter_queryset(request.user, Client.objects.all())


def clients_by_level(request):
    rows = _clients(request).values("risk_level", "lowest_category").annotate(n=Count("pk")).order_by()
    counts = {}
    for row in rows:
        key = "C1*" if row["lowest_category"] else (row["risk_level"] or "-")
        counts[key] = counts.get(key, 0) + row["n"]
    total = sum(counts.values())
    if not total:
        return None
    labels = [_("C1 lowest category"), *LEVELS, _("Not assessed")]
    values = [counts.get("C1*", 0), *[counts.get(level, 0) for level in LEVELS], counts.get("-", 0)]
    return labels, values, total


def level_chart(request):
    data = clients_by_level(request)
    if data is None:
        return None
    labels, values, _total = data
    return Chart(labels, {_("Clients"): values})


def level_share(request):
    data = clients_by_level(request)
    if data is None:
        return None
    labels, values, total = data
    return Table(
        [_("Risk Level"), _("Clients"), pgettext("proportion", "Share")],
        [[str(label), f"{v:,}", f"{v * 100 / total:.1f}%"] for label, v in zip(labels, values)],
    )


def expiring(request, days: int = 30):
    today = timezone.localdate()
    qs = policy.filter_queryset(
        request.user,
        RiskAssessment.objects.filter(
            docstatus=DocStatus.SUBMITTED,
            status="Valid",
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=days),
        ),
    )
    rows = list(qs.select_related("client").order_by("valid_until")[:10])
    if not rows:
        return None
    return Table(
        [_("Client"), _("Risk Level"), _("Valid Until"), _("Assessment")],
        [[r.client.client_name, r.risk_level, r.valid_until.isoformat(), r.name] for r in rows],
    )


def expiring_count(request):
    today = timezone.localdate()
    n = policy.filter_queryset(
        request.user,
        RiskAssessment.objects.filter(
            docstatus=DocStatus.SUBMITTED,
            status="Valid",
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=30),
        ),
    ).count()
    return Number(n, _("valid assessments ending within 30 days"))


def needing_reassessment(request):
    n = _clients(request).filter(risk_valid_until__lt=timezone.localdate()).count()
    return Number(n, _("clients whose assessment has expired"))


def _mismatches(request):
    return policy.filter_queryset(
        request.user, SuitabilityRecord.objects.filter(result=RecordResult.MISMATCH_CONFIRMED)
    )


def mismatches_by_product(request):
    rows = list(
        _mismatches(request)
        .exclude(product=None)
        .values("product_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "product_id")[:12]
    )
    if not rows:
        return None
    return Chart([r["product_id"] for r in rows], {_("Confirmed mismatches"): [r["n"] for r in rows]})


def mismatches_by_branch(request):
    rows = list(
        _mismatches(request)
        .values("client__branch__branch_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "client__branch__branch_name")[:12]
    )
    if not rows:
        return None
    return Chart([r["client__branch__branch_name"] for r in rows], {_("Confirmed mismatches"): [r["n"] for r in rows]})


REPORT = [
    ("needing_reassessment", _("Clients needing re-assessment"), needing_reassessment, False),
    ("expiring_count", _("Assessments expiring soon"), expiring_count, False),
    ("level_chart", _("Clients by risk level"), level_chart, True),
    ("level_share", _("Share of clients by risk level"), level_share, True),
    ("mismatches_by_product", _("Confirmed mismatches per product"), mismatches_by_product, True),
    ("mismatches_by_branch", _("Confirmed mismatches per branch"), mismatches_by_branch, True),
    ("expiring", _("Assessments expiring within 30 days"), expiring, True),
]


def figures(request) -> list[dict]:
    shown = []
    for key, title, compute, wide in REPORT:
        kind, value = _shape(compute(request))
        shown.append(
            {
                "key": key,
                "id": key,
                "title": title,
                "kind": kind,
                "value": value,
                "link": None,
                "icon": "",
                "wide": wide or kind in ("chart", "table"),
                "empty": kind == "empty",
                "error": False,
                "empty_text": "",
            }
        )
    return shown
