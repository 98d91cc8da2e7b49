"""The client 360 page's tab of the client's suitability records."""

from django.utils.translation import gettext_lazy as _

from ...desk.client360 import ClientTab, client_tab
from .model import SuitabilityRecord


@client_tab(order=45)
class SuitabilityRecordTab(ClientTab):
    model = SuitabilityRecord
    verbose_name_plural = _("Suitability Records")
    fields = (
        "name",
        "product",
        "service_offering",
        "result",
        "risk_result",
        "horizon_result",
        "variety_result",
        "channel",
        "confirmed_at",
        "follow_up_due",
    )
    ordering = ("-confirmed_at",)
