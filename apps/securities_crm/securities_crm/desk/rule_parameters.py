"""A Monitoring Rule's parameters as a typed form, generated from what its kind declares (monitoring/kinds.py:
each Param's type, bounds, default and label), instead of raw JSON. Each parameter is its own input and is
checked on its own, so an error names the parameter and the reason, in the user's language.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _t
from unfold.widgets import UnfoldAdminDecimalFieldWidget, UnfoldAdminIntegerFieldWidget, UnfoldAdminTextInputWidget

from ..monitoring import kinds

PREFIX = "param_"


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
        label = p.label or name
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
