"""Dashboard figures for clients: how many the viewer may see, and their risk levels."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ...desk.dashboard import Chart, Number, figure
from ...permissions import policy
from ...permissions.roles import (
    BRANCH_MANAGER,
    CLIENT_MANAGER,
    COMPLIANCE_OFFICER,
    RISK_OFFICER,
    SYSTEM_MANAGER,
)
from .model import Client, ClientStatus, RiskLevel

VIEWERS = [CLIENT_MANAGER, BRANCH_MANAGER, COMPLIANCE_OFFICER, RISK_OFFICER, SYSTEM_MANAGER]


@figure(_("Clients"), roles=VIEWERS, order=20, icon="groups", link="admin:securities_crm_client_changelist")
def clients(request):
    counts = dict(
        policy.filter_queryset(request.user, Client.objects.all())
        .values_list("status")
        .annotate(n=Count("name"))
        .values_list("status", "n")
    )
    if not counts:
        return None
    # The number is every client the list behind the tile shows; the line under it splits that same
    # total by status, each count beside its own label, so the parts add up to the number.
    parts = [
        _("%(status)s %(count)d") % {"status": status.label, "count": counts[status]}
        for status in ClientStatus
        if counts.get(status)
    ]
    return Number(sum(counts.values()), " · ".join(parts))


@figure(_("Clients by risk level"), roles=VIEWERS, order=21, icon="balance")
def clients_by_risk_level(request):
    counts = dict(
        policy.filter_queryset(request.user, Client.objects.exclude(risk_level=""))
        .values_list("risk_level")
        .annotate(n=Count("name"))
        .values_list("risk_level", "n")
    )
    if not counts:
        return None
    return Chart([level.label for level in RiskLevel], {_("Clients"): [counts.get(level, 0) for level in RiskLevel]})
