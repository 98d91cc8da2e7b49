from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core import session
from ...core.document import Document, doctype
from ...core.errors import DocumentImmutable
from ...core.workflow import Transition, Workflow
from ...core.workflow import apply as apply_workflow
from ..client.model import InvestorType
from ..securities_account.model import CHILD_PATHS


class ApplicationType(models.TextChoices):
    FIRST_GRANT = "Professional II", _("Professional Investor II (first grant)")
    CONVERSION = "Professional III", _("Conversion from Ordinary to Professional III")
    REVERT = "Revert to Ordinary", _("Revert to Ordinary Investor")


class ApplicationStatus(models.TextChoices):
    PENDING = "Pending", _("Pending Review")
    APPROVED = "Approved", _("Approved")
    REFUSED = "Refused", _("Refused")


WORKFLOW = Workflow(
    log="transitions",
    reason_field="review_comment",
    owns=("reviewer", "reviewed_at", "review_comment"),
    transitions=(
        Transition(
            "approve",
            (ApplicationStatus.PENDING,),
            ApplicationStatus.APPROVED,
            _("Approve"),
            right="submit",
            needs_reason=False,
        ),
        Transition("refuse", (ApplicationStatus.PENDING,), ApplicationStatus.REFUSED, _("Refuse"), right="submit"),
    ),
)
MONEY = dict(max_digits=18, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)])


@doctype(
    "Professional Investor Application",
    module="Suitability",
    naming="series:PIA-.YYYY.-.#####",
    search_fields=("name", "client__name", "client__client_name"),
    **CHILD_PATHS,
    workflow=WORKFLOW,
    set_only_once=("client", "application_type"),
    rights={"Branch Manager": "r", "Client Manager": "rwc", "Compliance Officer": "rws"},
)
class ProfessionalInvestorApplication(Document):
    client = models.ForeignKey(
        "securities_crm.Client",
        verbose_name=_("Client"),
        on_delete=models.PROTECT,
        related_name="professional_applications",
    )
    application_type = models.CharField(_("Application Type"), max_length=20, choices=ApplicationType.choices)
    financial_assets = models.DecimalField(_("Financial Assets (CNY)"), **MONEY)
    average_income = models.DecimalField(_("3-Year Average Income (CNY/year)"), **MONEY, help_text=_("Persons only."))
    net_assets = models.DecimalField(_("Net Assets (CNY)"), **MONEY, help_text=_("Entities only."))
    investment_years = models.DecimalField(
        _("Years of Investment Experience"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Or years of work in finance, for persons."),
    )
    evidence = models.FileField(
        _("Evidence"),
        upload_to="professional_applications/%Y/",
        blank=True,
        help_text=_("Asset certificates, income proof, trading records, the signed application."),
    )
    statement = models.TextField(_("Applicant's Statement"), blank=True)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
        editable=False,
        db_index=True,
    )
    criteria_met = models.BooleanField(_("Criteria Met"), default=False, editable=False)
    criteria_report = models.TextField(_("Criteria Check"), blank=True, editable=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("Reviewed At"), null=True, blank=True, editable=False)
    review_comment = models.TextField(_("Review Comment"), blank=True)
    transitions = models.JSONField(
        _("Transitions"), default=list, blank=True, editable=False, help_text=_("Every decision: who, when and why.")
    )

    class Meta(Document.Meta):
        verbose_name = _("Professional Investor Application")
        verbose_name_plural = _("Professional Investor Applications")

    def validate(self):
        if not self.client_id:
            return
        ordinary = self.client.investor_type == InvestorType.ORDINARY
        if self.application_type == ApplicationType.REVERT:
            if ordinary:
                raise ValidationError({"application_type": _t("The client is already an ordinary investor.")})
            return
        if self.application_type == ApplicationType.CONVERSION and not ordinary:
            raise ValidationError(
                {"application_type": _t("Only an ordinary investor can convert to Professional III.")}
            )
        if self.client.investor_type == self.application_type:
            raise ValidationError(
                {"application_type": _t("The client is already a %(t)s investor.") % {"t": self.application_type}}
            )
        if self.application_type == ApplicationType.FIRST_GRANT and not self.evidence:
            raise ValidationError({"evidence": _t("Attach the evidence for the application.")})
        # Whether the evidence meets the thresholds is suitability's rule: its validate handler
        # (securities_crm/hooks.py: suitability.applications.check_criteria) fills in criteria_met.

    def save(self, *args, **kwargs):
        if not self.is_new:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored and stored != ApplicationStatus.PENDING:
                raise DocumentImmutable(_t("A decided application cannot be changed."))
        super().save(*args, **kwargs)

    # --- the workflow's moves (core/workflow.apply calls these) ---------------------------
    def before_transition(self, move, user, reason, values):
        if move.action == "approve":
            self.clean()  # the model's checks and the criteria, on the values as they stand
            if not self.criteria_met:
                raise ValidationError(
                    {"criteria_met": _t("The criteria are not met: %(why)s") % {"why": self.criteria_report}}
                )
        self.reviewer = user if getattr(user, "pk", None) is not None else None
        self.reviewed_at = timezone.now()
        self.review_comment = reason or self.review_comment

    def after_transition(self, move, user, reason, values):
        if move.action == "approve":
            client = self.client
            client.investor_type = (
                InvestorType.ORDINARY if self.application_type == ApplicationType.REVERT else self.application_type
            )
            client.save()

    def approve(self, reviewer=None, comment: str = ""):
        """Approve: the client's investor type changes. Refused when the criteria are not met."""
        return apply_workflow(self, "approve", reviewer or session.current_user(), comment)

    def refuse(self, reviewer=None, comment: str = ""):
        """Refuse (the firm may refuse any application); a reason is required."""
        return apply_workflow(self, "refuse", reviewer or session.current_user(), comment)
