"""Risk Case (风险案件): alerts escalated for investigation; suspicious-transaction reports start here.

Its workflow: Open → Investigating → Closed, or Reported, which files a suspicious-transaction
report (an AML Report) with the case's narrative and its alerts' evidence. Compliance only reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ...core.workflow import Transition, Workflow
from ...permissions.roles import COMPLIANCE_OFFICER, RISK_OFFICER, SYSTEM_MANAGER
from ..aml_report.model import DUE_WORKING_DAYS, AMLReport, ReportType
from ..holiday.model import Holiday
from ..monitoring_rule.model import Category, Severity


class CaseStatus(models.TextChoices):
    OPEN = "Open", _("Open")
    INVESTIGATING = "Investigating", _("Investigating")
    REPORTED = "Reported", _("Reported")
    CLOSED = "Closed", pgettext_lazy("case status", "Closed")


WORKFLOW = Workflow(
    log="transitions",
    assignee_roles=(RISK_OFFICER, COMPLIANCE_OFFICER),
    transitions=(
        Transition("investigate", ("Open",), "Investigating", _("Investigate")),
        Transition(
            "report",
            ("Open", "Investigating"),
            "Reported",
            _("Raise a suspicious-transaction report"),
            roles=(COMPLIANCE_OFFICER, SYSTEM_MANAGER),
        ),
        Transition("close", ("Open", "Investigating", "Reported"), "Closed", _("Close")),
    ),
)


@doctype(
    "Risk Case",
    module="Risk",
    naming="series:CASE-.YYYY.-.#####",
    title_field="title",
    search_fields=("name", "title", "client__client_name"),
    client_path="client",
    branch_path="client__branch",
    manager_path="client__client_manager",
    workflow=WORKFLOW,
    set_only_once=("client",),
    rights={"Compliance Officer": "rwce", "Risk Officer": "rwc"},
)
class RiskCase(Document):
    title = models.CharField(_("Title"), max_length=200)
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("Category"), max_length=10, choices=Category.choices, db_index=True)
    severity = models.CharField(_("Severity"), max_length=10, choices=Severity.choices, default=Severity.HIGH)
    status = models.CharField(_("Status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Assigned To"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    narrative = models.TextField(_("Narrative"), blank=True)
    transitions = models.JSONField(
        _("Transitions"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Every status change: who, when, from, to and why."),
    )

    class Meta(Document.Meta):
        verbose_name = _("Risk Case")
        verbose_name_plural = _("Risk Cases")

    @staticmethod
    def restrict_scope(roles, action="read") -> Q | None:
        """AML cases are confidential, as their alerts are: only Compliance sees them."""
        if COMPLIANCE_OFFICER in roles or SYSTEM_MANAGER in roles:
            return None
        return ~Q(category=Category.AML)

    def after_transition(self, move, user, reason, values):
        if move.action == "report":
            self.draft_suspicious_report(reason)

    def draft_suspicious_report(self, narrative: str = "") -> AMLReport:
        """The case's suspicious-transaction report, drafted from the case: its client, its alerts' evidence,
        and the narrative given (or the case's own). A draft the case already has is brought up to date
        rather than doubled, so the desk's "raise a report" and the workflow's "report" meet in one report."""
        evidence = [e for a in self.alerts.all() for e in (a.evidence or [])]
        report = AMLReport.objects.filter(risk_case=self, report_type=ReportType.SUSPICIOUS, docstatus=0).first()
        if report is None:
            report = AMLReport(
                report_type=ReportType.SUSPICIOUS,
                client_id=self.client_id,
                risk_case=self,
                due_date=Holiday.add_working_days(timezone.localdate(), DUE_WORKING_DAYS),
            )
        report.narrative = (narrative or "").strip() or report.narrative or self.narrative or self.title
        report.evidence = evidence or report.evidence
        report.save()
        return report
