"""The desk's suitability check: pick a client and a product, see the three axes and the special warning,
and capture the client's confirmation made in the branch (suitability/service.py does the check and the
record, and the 回访 care task for a confirmed mismatch; this page only asks and shows).

Reached from the Suitability Record list's add button, and from a client's or a product's page with that
side filled in. Whoever may create a Suitability Record may run it, on the clients they may read.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from unfold.decorators import action
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldBooleanWidget

from ..doctype.care_task.model import CareTask
from ..doctype.client.model import Client
from ..doctype.product.model import Product
from ..doctype.shared.suitability import AxisResult, Channel, Outcome
from ..doctype.suitability_record.model import SuitabilityRecord
from ..permissions import policy
from ..suitability import service

# Where a desk user takes the client's confirmation: in person at the counter, or on a recorded line.
DESK_CHANNELS = [Channel.BRANCH, Channel.DESK, Channel.PHONE]
AXES = (
    ("risk", pgettext_lazy("suitability axis", "Risk level")),
    ("horizon", pgettext_lazy("suitability axis", "Investment horizon")),
    ("variety", pgettext_lazy("suitability axis", "Investment variety")),
)


def may_check(user) -> bool:
    return policy.can(user, "create", SuitabilityRecord)


def url(client=None, product=None) -> str:
    base = reverse("admin:securities_crm_suitabilityrecord_check")
    query = urlencode({k: v for k, v in (("client", client), ("product", product)) if v})
    return f"{base}?{query}" if query else base


class CheckForm(forms.Form):
    client = forms.ModelChoiceField(queryset=Client.objects.none(), label=_("Client"))
    product = forms.ModelChoiceField(queryset=Product.objects.none(), label=_("Product"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        site = admin.site
        # The desk's autocomplete (admin/autocomplete/), which asks the Client and Product desks and so
        # answers only what the user may read.
        self.fields["client"].widget = AutocompleteSelect(SuitabilityRecord._meta.get_field("client"), site)
        self.fields["product"].widget = AutocompleteSelect(SuitabilityRecord._meta.get_field("product"), site)
        # After the widgets: setting a queryset hands the widget its choices.
        self.fields["client"].queryset = policy.filter_queryset(user, Client.objects.all())
        self.fields["product"].queryset = policy.filter_queryset(user, Product.objects.all())


class ConfirmForm(forms.Form):
    channel = forms.ChoiceField(
        label=pgettext_lazy("suitability", "Where the client confirmed"),
        choices=[(c.value, c.label) for c in DESK_CHANNELS],
        initial=Channel.BRANCH,
        widget=UnfoldAdminSelectWidget,
    )
    confirmed = forms.BooleanField(
        label=_("The client has read the result (and any warning above) and confirms it in writing."),
        required=True,
        widget=UnfoldBooleanWidget,
    )


def check_view(request, model_admin):
    if not may_check(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else (request.GET if request.GET else None)
    form = CheckForm(data, user=request.user)
    confirm_form = ConfirmForm(request.POST if request.method == "POST" else None)
    result = None
    client = product = None
    if data is not None and form.is_valid():
        client, product = form.cleaned_data["client"], form.cleaned_data["product"]
        result = service.check(client, product)
        if request.method == "POST" and result.result != Outcome.BLOCKED and confirm_form.is_valid():
            try:
                record = service.confirm(
                    request.user,
                    client,
                    product,
                    confirm_form.cleaned_data["channel"],
                    request.META.get("REMOTE_ADDR") or None,
                )
            except ValidationError as exc:
                confirm_form.add_error(None, exc.messages)
            else:
                return _after_confirm(request, record)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Suitability check"),
        "opts": SuitabilityRecord._meta,
        "form": form,
        "confirm_form": confirm_form,
        "media": form.media,
        "client": client,
        "product": product,
        "result": result,
        "axes": _axes(result) if result is not None else [],
        "outcome_label": dict(Outcome.choices).get(result.result, result.result) if result else "",
        "blocked": result is not None and result.result == Outcome.BLOCKED,
        "mismatch": result is not None and result.result == Outcome.MISMATCH_CONFIRMABLE,
    }
    return TemplateResponse(request, "securities_crm/suitability/check.html", context)


def _axes(result) -> list[dict]:
    labels = dict(AxisResult.choices)
    return [
        {
            "key": key,
            "label": label,
            "result": getattr(result, key),
            "result_label": labels.get(getattr(result, key), getattr(result, key)),
            "reasons": [r.message for r in result.reasons if r.axis == key],
        }
        for key, label in AXES
    ]


def _after_confirm(request, record):
    task = CareTask.objects.filter(source_doctype=SuitabilityRecord.doctype.name, source_name=record.pk).first()
    if task is not None:
        messages.success(
            request,
            _("Suitability Record %(record)s saved; return visit (回访) %(task)s is due %(date)s.")
            % {"record": record.pk, "task": task.pk, "date": task.due_on.isoformat()},
        )
    else:
        messages.success(request, _("Suitability Record %(record)s saved.") % {"record": record.pk})
    if policy.can(request.user, "read", record):
        return redirect(reverse("admin:securities_crm_suitabilityrecord_change", args=[record.pk]))
    return redirect(reverse("admin:securities_crm_client_change", args=[record.client_id]))


class CheckActionMixin:
    """The "Suitability check" button on a client's or a product's page: opens the check with this
    record as `check_side` ("client" or "product"); the other side is picked there by autocomplete."""

    check_side = "client"
    actions_detail = ["check_suitability"]

    def has_suitability_check_permission(self, request, object_id=None):
        return may_check(request.user)

    @action(
        description=_("Suitability check"),
        url_path="suitability-check",
        permissions=["suitability_check"],
        icon="fact_check",
    )
    def check_suitability(self, request, object_id):
        return redirect(url(**{self.check_side: object_id}))
