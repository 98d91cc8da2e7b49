"""The desk's back-test page: the alerts a Monitoring Rule would raise over a chosen date range, listed
(client, account, window, score against threshold, evidence links), not only counted.

It back-tests a saved rule (?rule=CODE) or the rule as typed in its form and not yet saved (the form's
"Back-test these parameters" button posts here), and its own form lets the user change the parameters and
the range and run it again. Nothing is written: the evaluation runs in a transaction rolled back.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminIntegerFieldWidget, UnfoldAdminSelectWidget, UnfoldAdminSingleDateWidget

from ..core import registry
from ..doctype.client.model import Client
from ..doctype.monitoring_rule.model import Category, MonitoringRule
from ..monitoring import engine, kinds
from ..permissions import policy
from ..permissions.roles import COMPLIANCE_OFFICER, SYSTEM_MANAGER, user_roles
from . import rule_parameters

DEFAULT_DAYS = 90  # the range offered first: the last quarter
LIMIT = 200  # alerts listed; the counts cover them all
EVIDENCE_SHOWN = 5


def may_backtest(user) -> bool:
    """Tuning rules is the rule owners' work, as on the API (api.monitoring.backtest)."""
    return policy.has_right(user, "write", MonitoringRule)


class RangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), widget=UnfoldAdminSelectWidget(attrs={"onchange": "this.form.submit()"}))
    window_days = forms.IntegerField(label=_("Window (days)"), min_value=1, widget=UnfoldAdminIntegerFieldWidget)
    start = forms.DateField(label=_("From"), widget=UnfoldAdminSingleDateWidget)
    end = forms.DateField(label=_("To"), widget=UnfoldAdminSingleDateWidget)

    def __init__(self, *args, kind: str, params: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["kind"].choices = kinds.choices()
        self.fields.update(rule_parameters.fields_for(kind, params))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end of the range is before its start."))
        return data

    def parameter_fields(self):
        return [self[name] for name in self.fields if name.startswith(rule_parameters.PREFIX)]


def backtest_view(request, model_admin):
    if not may_backtest(request.user):
        raise PermissionDenied
    saved = None
    code = request.POST.get("rule") or request.GET.get("rule")
    if code:
        saved = policy.filter_queryset(request.user, MonitoringRule.objects.all()).filter(pk=code).first()
        if saved is None:
            raise PermissionDenied
    kind = rule_parameters.kind_from(request, saved)
    today = timezone.localdate()
    initial = {
        "kind": kind,
        "window_days": saved.window_days if saved else (kinds.require(kind).default_window if kind else 1),
        "start": today - dt.timedelta(days=DEFAULT_DAYS),
        "end": today,
    }
    data = None
    if request.method == "POST":
        # From the rule's form (no range yet: the default one) or from this page's own form.
        data = request.POST.copy()
        for key in ("start", "end", "window_days"):
            if not data.get(key):
                data[key] = str(initial[key])
    elif saved is not None:
        data = {**initial, **{rule_parameters.field_name(k): v for k, v in kinds.params_of(saved).items()}}
    params = saved.parameters if saved is not None and saved.kind == kind else {}
    form = RangeForm(data, initial=initial, kind=kind, params=params)
    result = None
    if data is not None and form.is_valid():
        result = _run(request, form, saved)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Back-test"),
        "opts": MonitoringRule._meta,
        "form": form,
        "saved": saved,
        "result": result,
        "limit": LIMIT,
        "media": form.media,
    }
    return TemplateResponse(request, "securities_crm/monitoring/backtest.html", context)


def _run(request, form, saved) -> dict | None:
    data = form.cleaned_data
    candidate = MonitoringRule(
        code=saved.code if saved else "BACKTEST",
        rule_name=saved.rule_name if saved else "backtest",
        kind=form.kind,
        parameters=rule_parameters.collect(form.kind, data),
        window_days=data["window_days"],
        severity=saved.severity if saved else "Medium",
        client_type=saved.client_type if saved else str(request.POST.get("client_type") or ""),
        branch_id=saved.branch_id if saved else (request.POST.get("branch") or None),
        enabled=True,
    )
    try:
        candidate.clean()  # the rule's checks and its kind's, as on save
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    if candidate.category == Category.AML and not (
        user_roles(request.user) & {COMPLIANCE_OFFICER, SYSTEM_MANAGER} or request.user.is_superuser
    ):
        form.add_error(None, _("Only Compliance may back-test AML rules."))
        return None
    with transaction.atomic():  # a back-test leaves nothing behind, whatever a kind does
        found = engine.backtest(candidate, data["start"], data["end"], limit=LIMIT)
        transaction.set_rollback(True)
    found["rows"] = _presented(request.user, found.get("rows", []))
    return found


def _presented(user, rows: list[dict]) -> list[dict]:
    """The rows with client names and links, for the clients the user may see (others by id only)."""
    ids = {r["client"] for r in rows}
    visible = dict(policy.filter_queryset(user, Client.objects.filter(pk__in=ids)).values_list("pk", "client_name"))
    out = []
    for r in rows:
        client = r["client"]
        out.append(
            {
                **r,
                "client_name": visible.get(client, ""),
                "client_url": _change_url("Client", client) if client in visible else "",
                "window_start": timezone.localtime(r["window_start"]),
                "window_end": timezone.localtime(r["window_end"]),
                "evidence_links": [
                    {
                        "label": f"{registry.get(e['doctype']).model._meta.verbose_name} {e['name']}",
                        "url": _change_url(e["doctype"], e["name"]),
                    }
                    for e in r["evidence"][:EVIDENCE_SHOWN]
                    if registry.get(e["doctype"]) is not None
                ],
                "evidence_more": max(len(r["evidence"]) - EVIDENCE_SHOWN, 0),
            }
        )
    return out


def _change_url(doctype: str, name) -> str:
    spec = registry.get(doctype)
    if spec is None:
        return ""
    try:
        return reverse(f"admin:securities_crm_{spec.model._meta.model_name}_change", args=[name])
    except NoReverseMatch:
        return ""
