from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core import session
from ...core.document import Document, doctype
from ..client.model import RiskLevel
from ..risk_questionnaire.model import RiskQuestionnaire
from ..securities_account.model import CHILD_PATHS
from ..shared.suitability import Channel, Horizon


class AssessmentStatus(models.TextChoices):
    DRAFT = "Draft", _("Draft")
    VALID = "Valid", _("Valid")
    EXPIRED = "Expired", _("Expired")
    CANCELLED = "Cancelled", _("Cancelled")


@doctype(
    "Risk Assessment",
    module="Suitability",
    naming="series:RA-.YYYY.-.######",
    submittable=True,
    search_fields=("name", "client__name", "client__client_name"),
    allow_on_submit=("status", "reminder_stage"),
    **CHILD_PATHS,
    # who confirmed, when and from where: the acting user and the request's address at submission
    server_set=("confirmed_at", "confirmed_ip", "confirmed_by"),
    set_only_once=("client",),
    rights={
        "Branch Manager": "r",
        "Client Manager": "rwcs",
        "Advisor": "r",
        "Compliance Officer": "r",
        "Risk Officer": "r",
        "Client": "rcs",
    },
)
class RiskAssessment(Document):
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="risk_assessments"
    )
    questionnaire = models.ForeignKey(
        "securities_crm.RiskQuestionnaire",
        verbose_name=_("Questionnaire Version"),
        on_delete=models.PROTECT,
        related_name="assessments",
        blank=True,
        help_text=_("Left empty, the active version."),
    )
    answers = models.JSONField(
        _("Answers"),
        default=dict,
        blank=True,
        help_text=_("Question code to option code (a list where several are allowed)."),
    )
    answer_details = models.JSONField(_("Answers as Shown"), default=list, blank=True, editable=False)
    score = models.IntegerField(_("Score"), null=True, blank=True, editable=False)
    risk_level = models.CharField(_("Risk Level"), max_length=2, choices=RiskLevel.choices, blank=True, editable=False)
    lowest_category = models.BooleanField(_("Lowest Risk Category"), default=False, editable=False)
    horizon = models.CharField(
        _("Investment Horizon"), max_length=10, choices=Horizon.choices, blank=True, editable=False
    )
    varieties = models.JSONField(_("Preferred Varieties"), default=list, blank=True, editable=False)
    valid_until = models.DateField(_("Valid Until"), null=True, blank=True, editable=False, db_index=True)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        editable=False,
        db_index=True,
    )
    channel = models.CharField(_("Channel"), max_length=10, choices=Channel.choices, default=Channel.DESK)
    confirmed_at = models.DateTimeField(_("Confirmed At"), null=True, blank=True)
    confirmed_ip = models.GenericIPAddressField(_("Confirmed From IP"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Confirmed By"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The staff member who took it, or the client's portal user."),
    )
    reminder_stage = models.CharField(_("Expiry Reminder Sent"), max_length=10, blank=True, editable=False)

    class Meta(Document.Meta):
        verbose_name = _("Risk Assessment")
        verbose_name_plural = _("Risk Assessments")
        indexes = [
            models.Index(fields=["client", "docstatus", "-valid_until"]),
            models.Index(fields=["status", "valid_until"]),
            # the client 360 page's tab and timeline, newest first
            models.Index(fields=["client", "creation"], name="assessment_client_creation"),
        ]

    def __str__(self):
        return f"{self.name}: {self.risk_level}" if self.risk_level else str(self.name)

    def validate(self):
        if self.questionnaire_id is None:
            active = RiskQuestionnaire.active()
            if active is None:
                raise ValidationError({"questionnaire": _t("There is no active risk questionnaire.")})
            self.questionnaire = active
        if self.answers in (None, ""):
            self.answers = {}
        if not isinstance(self.answers, dict):
            raise ValidationError({"answers": _t("Answers must be an object of question code to option code.")})

    def before_submit(self):
        """Who confirmed it. The scoring, and the client's classification after it, are suitability's work
        (securities_crm/hooks.py: suitability.assessments.score and .follow)."""
        self.validate()
        if not type(self.questionnaire).objects.filter(pk=self.questionnaire_id, is_active=True).exists():
            raise ValidationError(
                {
                    "questionnaire": _t("Questionnaire %(v)s is not the active version.")
                    % {"v": self.questionnaire.version}
                }
            )
        # Who confirmed, when and from where come from the request being served, never from the caller's data
        # (the fields are server-set); the desk and portal may have filled them from the same request.
        self.confirmed_at = self.confirmed_at or timezone.now()
        if self.confirmed_by_id is None:
            self.confirmed_by = session.current_user()
        self.confirmed_ip = self.confirmed_ip or session.get_ip()
        if self.confirmed_by_id is None and not self.confirmed_ip:
            raise ValidationError({"confirmed_by": _t("Record who confirmed the assessment: a user or an IP address.")})
        today = timezone.localdate(self.confirmed_at)
        self.valid_until = today + relativedelta(months=self.questionnaire.validity_months)
        self.status = AssessmentStatus.VALID if self.valid_until >= timezone.localdate() else AssessmentStatus.EXPIRED

    def cancel(self):
        self.status = AssessmentStatus.CANCELLED
        super().cancel()
