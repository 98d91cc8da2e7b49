"""Nothing about an AML matter reaches the client (tipping-off, 反洗钱法): not in a ticket the client can
see, nor in any message to the client. Every text the client will read passes `check_client_text`:
it refuses words of the AML trade and the names of AML alerts, cases and reports."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..doctype.aml_report.model import AMLReport
from ..doctype.monitoring_rule.model import Category
from ..doctype.risk_alert.model import RiskAlert
from ..doctype.risk_case.model import RiskCase

TERMS = (
    "反洗钱",
    "洗钱",
    "可疑交易",
    "大额交易报告",
    "大额交易",
    "可疑报告",
    "anti-money",
    "money laundering",
    "suspicious transaction",
    "suspicious activity",
    "large-value report",
    "aml",
)
_TERM = re.compile("|".join(r"\b%s\b" % re.escape(t) if t.isascii() else re.escape(t) for t in TERMS), re.I)
_NAME = re.compile(r"\b(?:ALT|CASE|AML)-\d{4}-\d+\b", re.I)


def mentions_aml(text: str) -> bool:
    if not text:
        return False
    if _TERM.search(text):
        return True
    names = {m.upper() for m in _NAME.findall(text)}
    if not names:
        return False
    return (
        RiskAlert.objects.filter(name__in=names, category=Category.AML).exists()
        or RiskCase.objects.filter(name__in=names, category=Category.AML).exists()
        or AMLReport.objects.filter(name__in=names).exists()
    )


def check_client_text(text: str, field: str = "body") -> None:
    """Refuse a text the client would read that speaks of an AML matter (ValidationError on `field`)."""
    if mentions_aml(text):
        raise ValidationError(
            {
                field: _(
                    "This would tell the client about an anti-money-laundering matter. "
                    "Write it as an internal note, or leave it out."
                )
            }
        )
