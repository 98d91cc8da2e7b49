"""Risk Alert (风险预警): one firing of a Monitoring Rule, with the rows that fired it as evidence.

`dedup_key` (rule code, account and window) is unique, so re-evaluating the same facts — a replayed
batch, the nightly scan after the real-time pass — never makes a second alert. The workflow is in
workflow.py: Open → Assigned → Investigating → Closed, or Escalated into a Risk Case. Alerts are
raised by the rules only (system_only): no route creates, edits or deletes one by hand.
AML alerts are confidential (see `restrict_scope`): only Compliance sees them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core import i18n
from ...core.document import Document, doctype
from ...permissions.roles import COMPLIANCE_OFFICER, SYSTEM_MANAGER
from ..monitoring_rule.model import Category, Severity
from ..risk_case.model import RiskCase
from .workflow import WORKFLOW


class AlertStatus(models.TextChoices):
    OPEN = "Open", _("Open")
    ASSIGNED = "Assigned", _("Assigned")
    INVESTIGATING = "Investigating", _("Investigating")
    CLOSED = "Closed", pgettext_lazy("alert status", "Closed")
    ESCALATED = "Escalated", _("Escalated")


class Resolution(models.TextChoices):
    FALSE_POSITIVE = "False Positive", _("False Positive")
    RESOLVED = "Resolved with Action", _("Resolved with Action")


@doctype(
    "Risk Alert",
    module="Risk",
    naming="series:ALT-.YYYY.-.######",
    title_field="summary",
    search_fields=("name", "client__client_name", "account__account_number"),
    client_path="client",
    branch_path="client__branch",
    manager_path="client__client_manager",
    system_only=True,
    workflow=WORKFLOW,
    rights={"Branch Manager": "r", "Client Manager": "r", "Compliance Officer": "rwe", "Risk Officer": "rwe"},
)
class RiskAlert(Document):
    rule = models.ForeignKey(
        "securities_crm.MonitoringRule", verbose_name=_("Rule"), on_delete=models.PROTECT, related_name="alerts"
    )
    kind = models.CharField(_("Kind"), max_length=40, editable=False)
    category = models.CharField(_("Category"), max_length=10, choices=Category.choices, db_index=True)
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="+"
    )
    account = models.ForeignKey(
        "securities_crm.SecuritiesAccount",
        verbose_name=_("Account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    severity = models.CharField(_("Severity"), max_length=10, choices=Severity.choices)
    score = models.DecimalField(
        _("Score"),
        max_digits=20,
        decimal_places=4,
        default=0,
        help_text=_("The measured value against the rule's threshold."),
    )
    threshold = models.DecimalField(_("Threshold"), max_digits=20, decimal_places=4, default=0)
    window_start = models.DateTimeField(_("Window Start"))
    window_end = models.DateTimeField(_("Window End"))
    summary = models.CharField(_("Summary"), max_length=255)  # in the site's language (search, filings)
    summary_data = models.JSONField(
        _("Summary Data"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("The summary's message and values, shown in the reader's language."),
    )
    evidence = models.JSONField(
        _("Evidence"), default=list, blank=True, help_text=_("The rows that fired the alert: [{doctype, name}].")
    )
    dedup_key = models.CharField(_("Deduplication Key"), max_length=200, unique=True, editable=False)
    status = models.CharField(
        _("Status"), max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Assigned To"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_at = models.DateTimeField(_("Due At"), null=True, blank=True, db_index=True)
    sla_breached = models.BooleanField(_("SLA Breached"), default=False)
    resolution = models.CharField(_("Resolution"), max_length=30, choices=Resolution.choices, blank=True)
    closed_at = models.DateTimeField(_("Closed At"), null=True, blank=True)
    risk_case = models.ForeignKey(
        "securities_crm.RiskCase",
        verbose_name=_("Risk Case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
    )
    transitions = models.JSONField(
        _("Transitions"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Every status change: who, when, from, to and why."),
    )

    class Meta(Document.Meta):
        verbose_name = _("Risk Alert")
        verbose_name_plural = _("Risk Alerts")
        ordering = ["-creation"]
        indexes = [models.Index(fields=["client", "creation"], name="risk_alert_client_creation")]

    @property
    def summary_text(self) -> str:
        """The summary in the reader's language (from summary_data; the stored text for older alerts)."""
        return i18n.render(self.summary_data, self.summary)

    @staticmethod
    def restrict_scope(roles, action="read") -> Q | None:
        """AML alerts are confidential (tipping-off protection): only Compliance may see them."""
        if COMPLIANCE_OFFICER in roles or SYSTEM_MANAGER in roles:
            return None
        return ~Q(category=Category.AML)

    # --- the workflow's moves (core/workflow.apply calls these) ---------------------------
    def before_transition(self, move, user, reason, values):
        if move.action == "assign":
            assignee = values.get("assign_to")
            if assignee is None:
                raise ValidationError({"assigned_to": _t("Choose whom to assign the alert to.")})
            self.assigned_to = assignee
        elif move.action == "close":
            if values.get("resolution") not in Resolution.values:
                raise ValidationError(
                    {"resolution": _t("Closing needs a resolution: false positive or resolved with action.")}
                )
            self.resolution = values["resolution"]
            self.closed_at = timezone.now()
        elif move.action == "escalate":
            self.risk_case = self._open_case(reason)

    def _open_case(self, reason: str):
        case = RiskCase(
            title=self.summary[:200],
            client_id=self.client_id,
            category=self.category,
            severity=self.severity,
            assigned_to=self.assigned_to,
            narrative=reason,
        )
        case.save()
        return case
