"""The client 360 page's tab of the client's risk assessments."""

from django.utils.translation import gettext_lazy as _

from ...desk.client360 import ClientTab, client_tab
from .model import RiskAssessment


@client_tab(order=40)
class RiskAssessmentTab(ClientTab):
    model = RiskAssessment
    verbose_name_plural = _("Risk Assessments")
    fields = ("name", "status", "score", "risk_level", "lowest_category", "valid_until", "channel", "confirmed_at")
    ordering = ("-creation",)
