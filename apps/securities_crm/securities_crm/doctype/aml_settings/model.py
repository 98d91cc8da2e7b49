"""AML Settings: the reporting institution (报告机构) that AML report exports name in their header.

A single record (its name is always "AML Settings"), kept by Compliance. The code is checked when saved
and again before every XML export, which refuses to file without one (aml_report/export.py)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import SingleDocument, doctype

SINGLE_NAME = "AML Settings"
# The institution code PBOC's monitoring centre assigns (报告机构编码, RICD): letters and digits, 6 to 20 of
# them. A unified social credit code (18) is the usual choice and fits.
CODE_PATTERN = re.compile(r"^[0-9A-Z]{6,20}$")


def code_problem(code: str) -> str | None:
    """Why `code` cannot go into a filing, in the user's language; None when it can."""
    if not (code or "").strip():
        return _t("The reporting institution code is not set: Compliance sets it in AML Settings.")
    if not CODE_PATTERN.match(code.strip().upper()):
        return _t("The reporting institution code %(code)s is not valid: 6 to 20 capital letters and digits.") % {
            "code": code
        }
    return None


@doctype(
    SINGLE_NAME,
    module="Risk",
    naming="prompt",
    title_field="institution_name",
    rights={"Compliance Officer": "rw", "Risk Officer": "r"},
)
class AMLSettings(SingleDocument):
    institution_name = models.CharField(_("Reporting Institution"), max_length=140, blank=True)
    institution_code = models.CharField(
        _("Reporting Institution Code"),
        max_length=20,
        blank=True,
        help_text=_(
            "The code the anti-money-laundering monitoring centre assigned (报告机构编码): 6 to 20 letters and digits."
        ),
    )

    class Meta(SingleDocument.Meta):
        verbose_name = _("AML Settings")
        verbose_name_plural = _("AML Settings")

    @classmethod
    def initial(cls) -> dict:
        """Before Compliance first saves it: the deployment's settings (CRM_INSTITUTION_*), if any."""
        return {
            "institution_name": getattr(settings, "CRM_INSTITUTION_NAME", "") or "",
            "institution_code": getattr(settings, "CRM_INSTITUTION_CODE", "") or "",
        }

    def validate(self):
        if self.institution_code:
            self.institution_code = self.institution_code.strip().upper()
            problem = code_problem(self.institution_code)
            if problem:
                raise ValidationError({"institution_code": problem})
