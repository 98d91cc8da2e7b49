"""AML Report (反洗钱报告), submittable: a large-value report (drafted automatically from a large-value
alert, due in 5 working days) or a suspicious-transaction report (raised from a Risk Case, with a
narrative and the evidence). Confidential: only Compliance sees them; the client never does."""

import json

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ...permissions.roles import COMPLIANCE_OFFICER, SYSTEM_MANAGER

DUE_WORKING_DAYS = 5  # a report is due within 5 working days of detection (the design's AML rule)


class ReportType(models.TextChoices):
    LARGE_VALUE = "Large Value", _("Large-Value Transaction Report")
    SUSPICIOUS = "Suspicious", _("Suspicious Transaction Report")


@doctype(
    "AML Report",
    module="Risk",
    naming="series:AML-.YYYY.-.######",
    submittable=True,
    title_field="report_type",
    search_fields=("name", "client__client_name"),
    client_path="client",
    branch_path="client__branch",
    manager_path="client__client_manager",
    # The report's contents are Compliance's alone (roles.json grants "AML Report@1" to no one else);
    # the alert and the due date come from the detection, and a filed report is changed by no one.
    server_set=("alert", "due_date"),
    set_only_once=("report_type", "client", "risk_case"),
    permlevels=dict.fromkeys(
        ("report_type", "client", "risk_case", "amount", "currency", "transaction_date", "narrative", "evidence"),
        1,
    ),
    rights={"Compliance Officer": "rwcse"},
    level_rights={1: {"Compliance Officer": "w"}},
)
class AMLReport(Document):
    report_type = models.CharField(_("Report Type"), max_length=20, choices=ReportType.choices)
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="+"
    )
    alert = models.OneToOneField(
        "securities_crm.RiskAlert",
        verbose_name=_("Risk Alert"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aml_report",
    )
    risk_case = models.ForeignKey(
        "securities_crm.RiskCase",
        verbose_name=_("Risk Case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aml_reports",
    )
    amount = models.DecimalField(
        _("Amount"), max_digits=20, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    # The amount's currency: a foreign-cash report (the US$10,000 line) is in US dollars, never read as yuan.
    currency = models.CharField(
        _("Currency"),
        max_length=3,
        default="CNY",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code, such as CNY or USD."))],
    )
    transaction_date = models.DateField(_("Transaction Date"), null=True, blank=True)
    due_date = models.DateField(_("Due Date"), null=True, blank=True)
    narrative = models.TextField(_("Narrative"), blank=True)
    evidence = models.JSONField(_("Evidence"), default=list, blank=True)

    class Meta(Document.Meta):
        verbose_name = _("AML Report")
        verbose_name_plural = _("AML Reports")

    @staticmethod
    def restrict_scope(roles, action="read"):
        """Every AML report is confidential: only Compliance sees them."""
        return None if (COMPLIANCE_OFFICER in roles or SYSTEM_MANAGER in roles) else Q(pk__in=[])

    def validate(self):
        if self.report_type == ReportType.SUSPICIOUS:
            if not self.risk_case_id:
                raise ValidationError({"risk_case": _("A suspicious-transaction report is raised from a Risk Case.")})
            if not (self.narrative or "").strip():
                raise ValidationError({"narrative": _("A suspicious-transaction report needs a narrative.")})

    def export(self) -> dict:
        """The report as a structured document (JSON), for filing."""
        client = self.client
        return {
            "report": self.name,
            "type": self.report_type,
            "status": ("Draft", "Submitted", "Cancelled")[self.docstatus],
            "docstatus": self.docstatus,
            "client": {"id": client.name, "name": client.client_name, "client_type": client.client_type},
            "amount": str(self.amount),
            "currency": self.currency,
            "transaction_date": str(self.transaction_date or ""),
            "due_date": str(self.due_date or ""),
            "narrative": self.narrative,
            "alert": self.alert_id,
            "risk_case": self.risk_case_id,
            "evidence": self.evidence,
        }

    def export_json(self) -> str:
        return json.dumps(self.export(), ensure_ascii=False, indent=2)
