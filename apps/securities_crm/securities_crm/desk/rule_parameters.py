"""A Monitoring Rule's parameters as a typed form, generated from what its kind declares (monitoring/kinds.py:
each Param's type, bounds, default and label), instead of raw JSON. Each parameter is its own input and is
checked on its own, so an error names the parameter and the reason, in the user's language.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import pgettext_lazy
from unfold.widgets import UnfoldAdminDecimalFieldWidget, UnfoldAdminIntegerFieldWidget, UnfoldAdminTextInputWidget

from ..monitoring import kinds

PREFIX = "param_"

# What each parameter name means, for the form's labels; the code stays in the help text. A name not here
# shows its kind's own label, or the code.
LABELS = {
    "amount": pgettext_lazy("rule parameter", "Amount (CNY)"),
    "asset_share": pgettext_lazy("rule parameter", "Share of assets"),
    "call_line": pgettext_lazy("rule parameter", "Margin call line"),
    "dormant_days": pgettext_lazy("rule parameter", "Days without activity"),
    "entity_cny": pgettext_lazy("rule parameter", "Institution transfers threshold (CNY)"),
    "hkd_cny": pgettext_lazy("rule parameter", "HKD to CNY rate"),
    "individual_cross_border_cny": pgettext_lazy("rule parameter", "Individual cross-border threshold (CNY)"),
    "individual_domestic_cny": pgettext_lazy("rule parameter", "Individual domestic threshold (CNY)"),
    "margin": pgettext_lazy("rule parameter", "Margin below the threshold"),
    "max_trades": pgettext_lazy("rule parameter", "Most trades"),
    "min_count": pgettext_lazy("rule parameter", "Fewest occurrences"),
    "min_history": pgettext_lazy("rule parameter", "Fewest earlier sign-ins"),
    "min_orders": pgettext_lazy("rule parameter", "Fewest orders"),
    "min_total": pgettext_lazy("rule parameter", "Smallest total (CNY)"),
    "min_trades": pgettext_lazy("rule parameter", "Fewest trades"),
    "min_value": pgettext_lazy("rule parameter", "Smallest value (CNY)"),
    "per_day": pgettext_lazy("rule parameter", "Orders and cancellations per day"),
    "per_second": pgettext_lazy("rule parameter", "Orders and cancellations per second"),
    "ratio": pgettext_lazy("rule parameter", "Ratio"),
    "require_closing": pgettext_lazy("rule parameter", "Require the account closed (1 yes, 0 no)"),
    "share": pgettext_lazy("rule parameter", "Share"),
    "share_min_amount": pgettext_lazy("rule parameter", "Smallest amount for the share (CNY)"),
    "small_amount": pgettext_lazy("rule parameter", "Small amount (CNY)"),
    "threshold": pgettext_lazy("rule parameter", "Threshold"),
    "threshold_cny": pgettext_lazy("rule parameter", "Threshold (CNY)"),
    "threshold_usd": pgettext_lazy("rule parameter", "Threshold (USD)"),
    "topup_line": pgettext_lazy("rule parameter", "Top-up line"),
    "usd_cny": pgettext_lazy("rule parameter", "USD to CNY rate"),
    "withdraw_line": pgettext_lazy("rule parameter", "Withdrawal line"),
}


def field_name(param: str) -> str:
    return f"{PREFIX}{param}"


def kind_from(request, obj=None) -> str:
    """The kind the form is for: the one being chosen (a POST or ?kind=), else the rule's, else the first."""
    wanted = request.POST.get("kind") or request.GET.get("kind") or (obj.kind if obj is not None else "")
    if kinds.get(wanted) is not None:
        return wanted
    first = kinds.choices()
    return first[0][0] if first else ""


def fields_for(kind: str, values: dict | None = None) -> dict[str, forms.Field]:
    """{form field name: field} for each parameter the kind declares, its initial value the rule's own or
    the kind's default."""
    spec = kinds.get(kind)
    if spec is None:
        return {}
    values = values or {}
    out: dict[str, forms.Field] = {}
    for name, p in spec.params.items():
        label = LABELS.get(name) or p.label or name
        initial = values.get(name, p.default)
        help_text = _t("Parameter %(name)s; default %(default)s.") % {"name": name, "default": p.default}
        field: forms.Field
        if p.kind is str:
            field = forms.CharField(label=label, initial=initial, widget=UnfoldAdminTextInputWidget)
        elif p.kind is int:
            field = forms.IntegerField(
                label=label,
                initial=initial,
                min_value=_int_or_none(p.minimum),
                max_value=_int_or_none(p.maximum),
                widget=UnfoldAdminIntegerFieldWidget,
            )
        else:
            field = forms.FloatField(
                label=label,
                initial=initial,
                min_value=p.minimum,
                max_value=p.maximum,
                widget=UnfoldAdminDecimalFieldWidget(attrs={"step": "any"}),
            )
        field.help_text = help_text
        field.required = False  # left empty: the kind's default
        out[field_name(name)] = field
    return out


def _int_or_none(value):
    return None if value is None else int(value)


def collect(kind: str, cleaned: dict) -> dict:
    """The parameters from a validated form, as the rule stores them."""
    spec = kinds.get(kind)
    if spec is None:
        return {}
    return {name: cleaned[field_name(name)] for name in spec.params if cleaned.get(field_name(name)) is not None}
