from django.db import models
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _

from ...core.document import doctype
from ..risk_questionnaire.model import QuestionnaireRow, guard_rows_in_use, in_language


class Topic(models.TextChoices):
    AGE = "Age", _("Age")
    CAPACITY = "Civil Capacity", _("Civil Capacity")
    INCOME = "Income", _("Income")
    ASSETS = "Assets", _("Assets")
    DEBT = "Debt", _("Debt")
    EXPERIENCE = "Experience", _("Experience")
    KNOWLEDGE = "Knowledge", _("Knowledge")
    OBJECTIVE = "Objective", _("Objective")
    HORIZON = "Horizon", _("Horizon")
    LOSS_TOLERANCE = "Loss Tolerance", _("Loss Tolerance")
    VARIETY = "Variety", _("Preferred Varieties")
    OTHER = "Other", _("Other")


@doctype("Risk Questionnaire Question", module="Suitability", naming="hash", history=False)
class RiskQuestionnaireQuestion(QuestionnaireRow):
    questionnaire = models.ForeignKey(
        "securities_crm.RiskQuestionnaire",
        verbose_name=_("Questionnaire"),
        on_delete=models.CASCADE,
        related_name="question_rows",
    )
    code = models.CharField(_("Question Code"), max_length=20)
    topic = models.CharField(_("Topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    text_zh = models.TextField(_("Question (Chinese)"))
    text_en = models.TextField(_("Question (English)"), blank=True)
    mandatory = models.BooleanField(_("Mandatory"), default=True)
    multiple = models.BooleanField(_("Several Answers Allowed"), default=False)

    class Meta(QuestionnaireRow.Meta):
        verbose_name = _("Risk Questionnaire Question")
        verbose_name_plural = _("Risk Questionnaire Questions")
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="uniq_rq_question_code")]

    def __str__(self):
        return f"{self.code} {self.text}"

    @property
    def text(self) -> str:
        return in_language(self.text_zh, self.text_en)


pre_delete.connect(guard_rows_in_use, sender=RiskQuestionnaireQuestion, dispatch_uid="rq_question_guard")
