"""Professional investor criteria (DESIGN.md, "Domain rules"; thresholds inclusive).

- first grant (Professional II), person: financial assets ≥ ¥5M or 3-year average income
  ≥ ¥500k/yr, and ≥ 2 years of investing (or of finance work);
- first grant, entity: net assets ≥ ¥20M and financial assets ≥ ¥10M and ≥ 2 years;
- conversion from ordinary (Professional III), person: financial assets ≥ ¥3M or income
  ≥ ¥300k/yr, and ≥ 1 year; entity: net ≥ ¥10M, financial ≥ ¥5M, ≥ 1 year.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

FIRST_GRANT = "Professional II"
CONVERSION = "Professional III"

# (financial assets, income per year, net assets, years)
PERSON = {
    FIRST_GRANT: (Decimal(5_000_000), Decimal(500_000), None, Decimal(2)),
    CONVERSION: (Decimal(3_000_000), Decimal(300_000), None, Decimal(1)),
}
ENTITY = {
    FIRST_GRANT: (Decimal(10_000_000), None, Decimal(20_000_000), Decimal(2)),
    CONVERSION: (Decimal(5_000_000), None, Decimal(10_000_000), Decimal(1)),
}


@dataclass
class Evidence:
    entity: bool
    financial_assets: Decimal | None = None
    average_income: Decimal | None = None  # 3-year average, per year (persons)
    net_assets: Decimal | None = None  # entities
    investment_years: Decimal | None = None


def _ok(value, threshold) -> bool:
    return value is not None and Decimal(value) >= threshold


def failures(target: str, e: Evidence) -> list[str]:
    """What the evidence lacks for `target` (Professional II or III); empty when it qualifies."""
    if target not in PERSON:
        return [_("Unknown professional investor type %(t)s.") % {"t": target}]
    missing = []
    if e.entity:
        financial, _income, net, years = ENTITY[target]
        if not _ok(e.net_assets, net):
            missing.append(_("Net assets must be at least ¥%(v)s.") % {"v": f"{net:,.0f}"})
        if not _ok(e.financial_assets, financial):
            missing.append(_("Financial assets must be at least ¥%(v)s.") % {"v": f"{financial:,.0f}"})
    else:
        financial, income, _net, years = PERSON[target]
        if not (_ok(e.financial_assets, financial) or _ok(e.average_income, income)):
            missing.append(
                _("Financial assets must be at least ¥%(f)s, or the average income at least ¥%(i)s a year.")
                % {"f": f"{financial:,.0f}", "i": f"{income:,.0f}"}
            )
    if not _ok(e.investment_years, years):
        missing.append(_("At least %(n)s years of investment experience are needed.") % {"n": f"{years:,.0f}"})
    return missing


def qualifies(target: str, e: Evidence) -> bool:
    return not failures(target, e)
