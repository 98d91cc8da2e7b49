from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import doctype
from ..client.model import RiskLevel
from ..risk_questionnaire.model import QuestionnaireRow, guard_rows_in_use


@doctype("Risk Questionnaire Band", module="Suitability", naming="hash", history=False)
class RiskQuestionnaireBand(QuestionnaireRow):
    questionnaire = models.ForeignKey(
        "securities_crm.RiskQuestionnaire",
        verbose_name=_("Questionnaire"),
        on_delete=models.CASCADE,
        related_name="band_rows",
    )
    min_score = models.SmallIntegerField(_("From Score"))
    max_score = models.SmallIntegerField(_("To Score"))
    risk_level = models.CharField(_("Risk Level"), max_length=2, choices=RiskLevel.choices)

    class Meta(QuestionnaireRow.Meta):
        verbose_name = _("Risk Questionnaire Band")
        verbose_name_plural = _("Risk Questionnaire Bands")

    def __str__(self):
        return f"{self.min_score}–{self.max_score}: {self.risk_level}"

    def validate(self):
        if self.min_score is not None and self.max_score is not None and self.max_score < self.min_score:
            raise ValidationError({"max_score": _t("The band must end at or after its start score.")})


pre_delete.connect(guard_rows_in_use, sender=RiskQuestionnaireBand, dispatch_uid="rq_band_guard")
