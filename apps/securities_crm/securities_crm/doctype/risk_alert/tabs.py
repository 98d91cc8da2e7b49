"""The client 360 page's tab of the client's alerts, for the roles that may read alerts.

The tab reads through the record rules like every tab (ClientTab.get_queryset): AML alerts are
confidential to Compliance (policy.restrict_scope), so for any other role they are not in the rows,
nor in the tab's count or pages; the tab looks the same for a client with AML alerts as without."""

from django.utils.translation import gettext_lazy as _

from ...desk.client360 import ClientTab, client_tab
from .model import RiskAlert


@client_tab(order=50)
class AlertsTab(ClientTab):
    model = RiskAlert
    verbose_name_plural = _("Alerts")
    fields = ("name", "creation", "rule", "severity", "status", "summary", "assigned_to")
    ordering = ("-creation",)
