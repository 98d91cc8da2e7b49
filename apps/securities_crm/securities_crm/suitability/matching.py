"""Client × product matching: pure functions, no database.

The rules (DESIGN.md, "Domain rules"):

- risk: a Cn client may buy R1…Rn; a professional investor R1–R5;
- horizon: the product's horizon must not be longer than the client's;
- variety: the product's variety must be one the client said they invest in;
- blocked, with no override: no valid assessment (missing or expired); the lowest category
  (风险承受能力最低类别) and anything above R1; a professional-only product and an ordinary
  investor; a product that is not on sale;
- any other mismatch may go ahead only after a special written warning that the client
  confirms (`mismatch_confirmable`). The firm never actively recommends it: `recommendable`
  is true only for a full match.

Professional investors are still asked for a valid assessment: horizon and variety come from
it, and the firm's policy is to hold one for every client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..doctype.shared.suitability import HORIZON_ORDER, AxisResult, Outcome

LEVELS = ["C1", "C2", "C3", "C4", "C5"]
RATINGS = ["R1", "R2", "R3", "R4", "R5"]
ORDINARY = "Ordinary"


@dataclass
class ClientFacts:
    investor_type: str = ORDINARY
    risk_level: str = ""  # C1–C5 from the newest valid assessment; "" when none
    lowest_category: bool = False
    valid_until: dt.date | None = None  # of that assessment; None when there is none
    horizon: str = ""
    varieties: list[str] = field(default_factory=list)
    assessment: str = ""  # the assessment's name, for the record

    @property
    def professional(self) -> bool:
        return self.investor_type != ORDINARY


@dataclass
class ProductFacts:
    risk_rating: str
    horizon: str
    variety: str
    professional_only: bool = False
    on_sale: bool = True
    label: str = ""  # "code name", for the warning text


@dataclass
class Reason:
    code: str
    axis: str  # "risk", "horizon", "variety" or "product"
    message: str

    def as_dict(self) -> dict:
        return {"code": self.code, "axis": self.axis, "message": self.message}


@dataclass
class CheckResult:
    risk: str
    horizon: str
    variety: str
    result: str
    reasons: list[Reason]
    warning_text: str

    @property
    def recommendable(self) -> bool:
        return self.result == Outcome.MATCH

    def as_dict(self) -> dict:
        return {
            "result": str(self.result),
            "risk": str(self.risk),
            "horizon": str(self.horizon),
            "variety": str(self.variety),
            "reasons": [r.as_dict() for r in self.reasons],
            "warning_text": self.warning_text,
            "recommendable": self.recommendable,
        }


def level_rank(level: str) -> int:
    return LEVELS.index(level) + 1


def rating_rank(rating: str) -> int:
    return RATINGS.index(rating) + 1


def horizon_rank(horizon: str) -> int:
    return HORIZON_ORDER.index(horizon) + 1


def risk_axis(client: ClientFacts, product: ProductFacts) -> tuple[str, list[Reason]]:
    if product.professional_only and not client.professional:
        return AxisResult.BLOCKED, [
            Reason(
                "professional_only",
                "risk",
                _("The product is for professional investors only and the client is an ordinary investor."),
            )
        ]
    if client.professional:
        return AxisResult.MATCH, []
    if client.lowest_category and rating_rank(product.risk_rating) > 1:
        return AxisResult.BLOCKED, [
            Reason(
                "lowest_category",
                "risk",
                _("The client is in the lowest risk category and may only buy R1 products; this one is %(rating)s.")
                % {"rating": product.risk_rating},
            )
        ]
    if rating_rank(product.risk_rating) > level_rank(client.risk_level):
        return AxisResult.MISMATCH, [
            Reason(
                "risk_above_level",
                "risk",
                _("The product's risk rating %(rating)s is above the client's risk level %(level)s.")
                % {"rating": product.risk_rating, "level": client.risk_level},
            )
        ]
    return AxisResult.MATCH, []


def horizon_axis(client: ClientFacts, product: ProductFacts) -> tuple[str, list[Reason]]:
    if not client.horizon:
        return AxisResult.MISMATCH, [
            Reason("horizon_unknown", "horizon", _("The client's investment horizon is not known."))
        ]
    if horizon_rank(product.horizon) > horizon_rank(client.horizon):
        return AxisResult.MISMATCH, [
            Reason(
                "horizon_longer",
                "horizon",
                _("The product's horizon (%(product)s) is longer than the client's (%(client)s).")
                % {"product": product.horizon, "client": client.horizon},
            )
        ]
    return AxisResult.MATCH, []


def variety_axis(client: ClientFacts, product: ProductFacts) -> tuple[str, list[Reason]]:
    if product.variety not in client.varieties:
        return AxisResult.MISMATCH, [
            Reason(
                "variety_not_chosen",
                "variety",
                _("The product's variety (%(variety)s) is not among the varieties the client invests in.")
                % {"variety": product.variety},
            )
        ]
    return AxisResult.MATCH, []


def check(client: ClientFacts, product: ProductFacts, today: dt.date | None = None) -> CheckResult:
    """Match one client against one product or service; see the module docstring for the rules."""
    today = today or dt.date.today()
    if not client.risk_level or client.valid_until is None:
        reason = Reason(
            "no_assessment",
            "risk",
            _("The client has no risk assessment: a valid assessment is needed before any suitability check."),
        )
        return _blocked([reason])
    if client.valid_until < today:
        reason = Reason(
            "assessment_expired",
            "risk",
            _("The client's risk assessment expired on %(date)s: it must be redone before any suitability check.")
            % {"date": client.valid_until.isoformat()},
        )
        return _blocked([reason])

    risk, reasons = risk_axis(client, product)
    horizon, horizon_reasons = horizon_axis(client, product)
    variety, variety_reasons = variety_axis(client, product)
    reasons += horizon_reasons + variety_reasons
    if not product.on_sale:
        reasons.append(Reason("not_on_sale", "product", _("The product is not on sale.")))
    axes = (risk, horizon, variety)
    if AxisResult.BLOCKED in axes or not product.on_sale:
        result = Outcome.BLOCKED
    elif AxisResult.MISMATCH in axes:
        result = Outcome.MISMATCH_CONFIRMABLE
    else:
        result = Outcome.MATCH
    warning = warning_text(client, product, reasons) if result == Outcome.MISMATCH_CONFIRMABLE else ""
    return CheckResult(risk, horizon, variety, result, reasons, warning)


def _blocked(reasons: list[Reason]) -> CheckResult:
    return CheckResult(AxisResult.BLOCKED, AxisResult.BLOCKED, AxisResult.BLOCKED, Outcome.BLOCKED, reasons, "")


def warning_text(client: ClientFacts, product: ProductFacts, reasons: list[Reason]) -> str:
    """The special written warning (特别风险警示) the client reads and confirms, in the active language."""
    lines = [
        _("SPECIAL RISK WARNING"),
        _(
            "The product or service %(product)s (risk rating %(rating)s) does not match your suitability "
            "assessment (risk level %(level)s):"
        )
        % {
            "product": product.label or "-",
            "rating": product.risk_rating,
            "level": client.risk_level if not client.professional else client.investor_type,
        },
    ]
    lines += [f"- {r.message}" for r in reasons]
    lines += [
        _(
            "The firm does not recommend this product or service to you. Buying it may expose you to losses "
            "beyond what your assessment shows you can bear, up to the loss of all the money invested."
        ),
        _(
            "By confirming you state that you have read this warning, that you buy on your own decision and "
            "bear the risk yourself. Your manager will contact you afterwards to follow up."
        ),
    ]
    return "\n".join(lines)
