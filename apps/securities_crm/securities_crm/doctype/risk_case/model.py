"""Risk Case (风险案件): alerts escalated for investigation; suspicious-transaction reports start here."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ..monitoring_rule.model import Category, Severity


class CaseStatus(models.TextChoices):
    OPEN = "Open", _("Open")
    INVESTIGATING = "Investigating", _("Investigating")
    REPORTED = "Reported", _("Reported")
    CLOSED = "Closed", _("Closed")


@doctype("Risk Case", module="Risk", naming="series:CASE-.YYYY.-.#####", title_field="title",
         search_fields=("name", "title", "client__client_name"),
         client_path="client", branch_path="client__branch", manager_path="client__client_manager")
class RiskCase(Document):
    title = models.CharField(_("Title"), max_length=200)
    client = models.ForeignKey("securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT,
                               related_name="+")
    category = models.CharField(_("Category"), max_length=10, choices=Category.choices, db_index=True)
    severity = models.CharField(_("Severity"), max_length=10, choices=Severity.choices, default=Severity.HIGH)
    status = models.CharField(_("Status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("Assigned To"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    narrative = models.TextField(_("Narrative"), blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Risk Case")
        verbose_name_plural = _("Risk Cases")

    restrict_scope = staticmethod(lambda roles: _confidential(roles))


def _confidential(roles) -> Q | None:
    from ...permissions.roles import COMPLIANCE_OFFICER, SYSTEM_MANAGER
    if COMPLIANCE_OFFICER in roles or SYSTEM_MANAGER in roles:
        return None
    return ~Q(category=Category.AML)
