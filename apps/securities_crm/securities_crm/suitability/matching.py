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
from django.utils.translation import gettext_lazy

from ..doctype.shared.suitability import HORIZON_ORDER, AxisResult, Horizon, Outcome, Variety

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


# Each reason in two voices: the staff's (the record, the desk) speaks of "the client"; the client's (the
# portal, the special warning the client signs) speaks to "you". Parameters are stored as keys (Medium,
# Derivatives) and shown by their labels, in the reader's language, when the sentence is made.
STAFF_TEXT = {
    "professional_only": gettext_lazy(
        "The product is for professional investors only and the client is an ordinary investor."
    ),
    "lowest_category": gettext_lazy(
        "The client is in the lowest risk category and may only buy R1 products; this one is %(rating)s."
    ),
    "risk_above_level": gettext_lazy(
        "The product's risk rating %(rating)s is above the client's risk level %(level)s."
    ),
    "horizon_unknown": gettext_lazy("The client's investment horizon is not known."),
    "horizon_longer": gettext_lazy("The product's horizon (%(product)s) is longer than the client's (%(client)s)."),
    "variety_not_chosen": gettext_lazy(
        "The product's variety (%(variety)s) is not among the varieties the client invests in."
    ),
    "not_on_sale": gettext_lazy("The product is not on sale."),
    "no_assessment": gettext_lazy(
        "The client has no risk assessment: a valid assessment is needed before any suitability check."
    ),
    "assessment_expired": gettext_lazy(
        "The client's risk assessment expired on %(date)s: it must be redone before any suitability check."
    ),
}
CLIENT_TEXT = {
    "professional_only": gettext_lazy(
        "The product is for professional investors only and you are an ordinary investor."
    ),
    "lowest_category": gettext_lazy(
        "You are in the lowest risk category and may only buy R1 products; this one is %(rating)s."
    ),
    "risk_above_level": gettext_lazy("The product's risk rating %(rating)s is above your risk level %(level)s."),
    "horizon_unknown": gettext_lazy("Your investment horizon is not known."),
    "horizon_longer": gettext_lazy("The product's horizon (%(product)s) is longer than yours (%(client)s)."),
    "variety_not_chosen": gettext_lazy("The product's variety (%(variety)s) is not among the varieties you invest in."),
    "not_on_sale": gettext_lazy("The product is not on sale."),
    "no_assessment": gettext_lazy(
        "You have no risk assessment: a valid assessment is needed before any suitability check."
    ),
    "assessment_expired": gettext_lazy(
        "Your risk assessment expired on %(date)s: it must be redone before any suitability check."
    ),
}


def _labelled(params: dict) -> dict:
    """Stored keys by their labels: a horizon (Medium -> 中期（1 至 5 年）), a variety."""
    shown = dict(params)
    for key in ("product", "client"):
        if key in shown and shown[key] in Horizon.values:
            shown[key] = Horizon(shown[key]).label
    if shown.get("variety") in Variety.values:
        shown["variety"] = Variety(shown["variety"]).label
    return {k: str(v) for k, v in shown.items()}


def reason_text(reason: dict, for_client: bool = False) -> str:
    """One stored reason ({"code", "params", "message"}) as a sentence in the active language; a reason
    stored before reasons kept their parameters shows its stored message."""
    table = CLIENT_TEXT if for_client else STAFF_TEXT
    text = table.get(reason.get("code", ""))
    if text is None or ("%(" in str(text) and "params" not in reason):
        return str(reason.get("message", ""))
    try:
        return str(text) % _labelled(reason.get("params") or {})
    except (KeyError, TypeError, ValueError):
        return str(reason.get("message", ""))


@dataclass
class Reason:
    code: str
    axis: str  # "risk", "horizon", "variety" or "product"
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return reason_text(self.as_dict(with_message=False))

    @property
    def for_client(self) -> str:
        return reason_text(self.as_dict(with_message=False), for_client=True)

    def as_dict(self, with_message: bool = True) -> dict:
        out = {"code": self.code, "axis": self.axis, "params": self.params}
        if with_message:
            out["message"] = self.message
        return out


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
        return AxisResult.BLOCKED, [Reason("professional_only", "risk")]
    if client.professional:
        return AxisResult.MATCH, []
    if client.lowest_category and rating_rank(product.risk_rating) > 1:
        return AxisResult.BLOCKED, [Reason("lowest_category", "risk", {"rating": product.risk_rating})]
    if rating_rank(product.risk_rating) > level_rank(client.risk_level):
        return AxisResult.MISMATCH, [
            Reason("risk_above_level", "risk", {"rating": product.risk_rating, "level": client.risk_level})
        ]
    return AxisResult.MATCH, []


def horizon_axis(client: ClientFacts, product: ProductFacts) -> tuple[str, list[Reason]]:
    if not client.horizon:
        return AxisResult.MISMATCH, [Reason("horizon_unknown", "horizon")]
    if horizon_rank(product.horizon) > horizon_rank(client.horizon):
        return AxisResult.MISMATCH, [
            Reason("horizon_longer", "horizon", {"product": str(product.horizon), "client": str(client.horizon)})
        ]
    return AxisResult.MATCH, []


def variety_axis(client: ClientFacts, product: ProductFacts) -> tuple[str, list[Reason]]:
    if product.variety not in client.varieties:
        return AxisResult.MISMATCH, [Reason("variety_not_chosen", "variety", {"variety": str(product.variety)})]
    return AxisResult.MATCH, []


def check(client: ClientFacts, product: ProductFacts, today: dt.date | None = None) -> CheckResult:
    """Match one client against one product or service; see the module docstring for the rules."""
    today = today or dt.date.today()
    if not client.risk_level or client.valid_until is None:
        reason = Reason("no_assessment", "risk")
        return _blocked([reason])
    if client.valid_until < today:
        reason = Reason("assessment_expired", "risk", {"date": client.valid_until.isoformat()})
        return _blocked([reason])

    risk, reasons = risk_axis(client, product)
    horizon, horizon_reasons = horizon_axis(client, product)
    variety, variety_reasons = variety_axis(client, product)
    reasons += horizon_reasons + variety_reasons
    if not product.on_sale:
        reasons.append(Reason("not_on_sale", "product"))
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
    lines += [f"- {r.for_client}" for r in reasons]
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
