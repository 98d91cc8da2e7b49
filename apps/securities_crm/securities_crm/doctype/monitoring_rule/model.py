"""Monitoring Rule (监控规则): one rule as data — a kind from the registry in monitoring/kinds.py, its
parameters, a window, a severity, a scope and whether it is enabled. The kind checks the parameters
and sets the category (securities_crm/hooks.py: monitoring.kinds.validate_rule)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ...permissions.roles import COMPLIANCE_OFFICER, SYSTEM_MANAGER


class Severity(models.TextChoices):
    LOW = "Low", _("Low")
    MEDIUM = "Medium", _("Medium")
    HIGH = "High", _("High")
    CRITICAL = "Critical", _("Critical")


class Category(models.TextChoices):
    AML = "AML", _("Anti-Money Laundering")
    MARKET = "Market", _("Market Abuse")
    ACCOUNT = "Account", _("Account Risk")


@doctype(
    "Monitoring Rule",
    module="Risk",
    naming="field:code",
    title_field="rule_name",
    search_fields=("code", "rule_name"),
    set_only_once=("code",),
    rights={"Compliance Officer": "rwc", "Risk Officer": "rwc"},
)
class MonitoringRule(Document):
    code = models.CharField(_("Code"), max_length=40, unique=True)
    rule_name = models.CharField(_("Rule Name"), max_length=140)
    kind = models.CharField(_("Kind"), max_length=40)  # one of the kinds monitoring/rules/ registers
    category = models.CharField(_("Category"), max_length=10, choices=Category.choices, editable=False)
    parameters = models.JSONField(
        _("Parameters"), default=dict, blank=True, help_text=_("Missing parameters take the kind's defaults.")
    )
    window_days = models.PositiveIntegerField(
        _("Window (days)"), default=1, help_text=_("Facts are grouped in windows of this many days.")
    )
    severity = models.CharField(_("Severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    client_type = models.CharField(
        _("Client Type"), max_length=20, blank=True, help_text=_("Only clients of this type; empty for all.")
    )
    branch = models.ForeignKey(
        "securities_crm.Branch",
        verbose_name=_("Branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    enabled = models.BooleanField(_("Enabled"), default=False)
    description = models.TextField(_("Description"), blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Monitoring Rule")
        verbose_name_plural = _("Monitoring Rules")
        ordering = ["code"]

    @staticmethod
    def restrict_scope(roles, action="read"):
        """Everyone with the right reads every rule; only Compliance changes, creates or deletes an AML rule."""
        if action == "read" or COMPLIANCE_OFFICER in roles or SYSTEM_MANAGER in roles:
            return None
        return ~Q(category=Category.AML)

    @property
    def label(self) -> str:
        """The name in the user's language: the default rules' names are in the catalogue (see
        scripts/fixture_msgids.py); a name someone typed has no entry and reads as typed."""
        return gettext(self.rule_name)

    def __str__(self):
        return f"{self.code}: {self.label}"
