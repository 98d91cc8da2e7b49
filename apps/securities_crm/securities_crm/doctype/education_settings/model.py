"""Education Settings: the risk disclaimer appended to market analyses and product content, in Chinese
and English. A single record (named "Education Settings"), kept by Compliance; until it is saved the
defaults below apply."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import SingleDocument, doctype

SINGLE_NAME = "Education Settings"
DEFAULT_DISCLAIMER_ZH = (
    "风险提示：本材料仅供投资者教育参考，不构成任何投资建议或收益承诺。市场有风险，投资需谨慎。"
    "过往业绩不代表未来表现，请根据自身风险承受能力审慎决策。"
)
DEFAULT_DISCLAIMER_EN = (
    "Risk disclosure: this material is for investor education only and is neither investment advice nor a "
    "promise of returns. Markets carry risk; invest with care. Past performance does not indicate future "
    "results; decide according to your own risk tolerance."
)


@doctype(
    SINGLE_NAME,
    module="Education",
    naming="prompt",
    title_field="disclaimer_zh",
    rights={"Compliance Officer": "rw", "Marketing": "r"},
)
class EducationSettings(SingleDocument):
    disclaimer_zh = models.TextField(_("Risk Disclaimer (Chinese)"), default=DEFAULT_DISCLAIMER_ZH)
    disclaimer_en = models.TextField(_("Risk Disclaimer (English)"), default=DEFAULT_DISCLAIMER_EN)

    class Meta(SingleDocument.Meta):
        verbose_name = _("Education Settings")
        verbose_name_plural = _("Education Settings")

    def disclaimer(self, language: str) -> str:
        return self.disclaimer_en if language == "en" else self.disclaimer_zh

    def validate(self):
        for field in ("disclaimer_zh", "disclaimer_en"):
            if not (getattr(self, field) or "").strip():
                raise ValidationError({field: _t("The risk disclaimer cannot be empty.")})
