from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import doctype
from ..risk_questionnaire.model import QuestionnaireRow, guard_rows_in_use, in_language
from ..shared.suitability import Horizon, Variety


@doctype("Risk Questionnaire Option", module="Suitability", naming="hash", history=False)
class RiskQuestionnaireOption(QuestionnaireRow):
    questionnaire = models.ForeignKey(
        "securities_crm.RiskQuestionnaire",
        verbose_name=_("Questionnaire"),
        on_delete=models.CASCADE,
        related_name="option_rows",
    )
    question_code = models.CharField(_("Question Code"), max_length=20)
    code = models.CharField(_("Option Code"), max_length=10)
    text_zh = models.CharField(_("Answer (Chinese)"), max_length=255)
    text_en = models.CharField(_("Answer (English)"), max_length=255, blank=True)
    score = models.SmallIntegerField(_("Score"), default=0)
    forces_lowest = models.BooleanField(
        _("Forces the Lowest Category"),
        default=False,
        help_text=_("Choosing this answer puts the client in the lowest risk category."),
    )
    horizon = models.CharField(_("Horizon Expressed"), max_length=10, choices=Horizon.choices, blank=True)
    variety = models.CharField(_("Variety Expressed"), max_length=20, choices=Variety.choices, blank=True)

    class Meta(QuestionnaireRow.Meta):
        verbose_name = _("Risk Questionnaire Option")
        verbose_name_plural = _("Risk Questionnaire Options")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "question_code", "code"], name="uniq_rq_option_code")
        ]

    def __str__(self):
        return f"{self.question_code}.{self.code} {self.text}"

    @property
    def text(self) -> str:
        return in_language(self.text_zh, self.text_en)

    def validate(self):
        if self.questionnaire_id and not self.questionnaire.question_rows.filter(code=self.question_code).exists():
            raise ValidationError(
                {"question_code": _t("The questionnaire has no question %(code)s.") % {"code": self.question_code}}
            )


pre_delete.connect(guard_rows_in_use, sender=RiskQuestionnaireOption, dispatch_uid="rq_option_guard")
