"""Monitoring Rules in the desk: parameters as a typed form generated from the kind (desk/rule_parameters.py),
and the back-test page, which lists the alerts a rule (saved, or as typed in the form and not yet saved)
would raise over a date range (desk/backtest.py)."""

from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action

from ...desk import backtest, rule_parameters
from ...desk.base import STANDARD_FIELDS, DocTypeAdmin
from ...monitoring import kinds
from .model import MonitoringRule

BASE_FIELDS = (
    "code",
    "rule_name",
    "kind",
    "window_days",
    "severity",
    "client_type",
    "branch",
    "enabled",
    "description",
)


class KindFilter(admin.SimpleListFilter):
    """Rule kinds by their labels (the stored key, e.g. structuring, is the code's name for it)."""

    title = _("Kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kinds.choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(MonitoringRule)
class MonitoringRuleDesk(DocTypeAdmin):
    list_display = (
        "code",
        "label",
        "kind_shown",
        "category",
        "severity",
        "window_days",
        "client_type",
        "branch",
        "enabled",
    )
    list_filter = ("enabled", "category", KindFilter, "severity")
    search_fields = ("code", "rule_name")
    change_form_after_template = "securities_crm/monitoring/rule_form_backtest.html"
    actions_detail = ["open_backtest"]

    def get_fieldsets(self, request, obj=None):
        kind = rule_parameters.kind_from(request, obj)
        params = tuple(rule_parameters.fields_for(kind))
        fieldsets = [
            (None, {"fields": BASE_FIELDS}),
            (_("Parameters"), {"fields": params, "description": _("The parameters the rule's kind declares.")}),
        ]
        if obj is not None:
            fieldsets.append((_("Document"), {"fields": STANDARD_FIELDS[:-1]}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The model's fields, and one typed input per parameter of the rule's kind."""
        kind = rule_parameters.kind_from(request, obj)
        extra = rule_parameters.fields_for(kind, obj.parameters if obj is not None and obj.kind == kind else None)

        def clean(form):
            data = forms.ModelForm.clean(form)
            if not any(name in form.errors for name in extra):
                form.instance.parameters = rule_parameters.collect(kind, data)
            return data

        kwargs["form"] = type("MonitoringRuleForm", (self.form,), {**extra, "clean": clean})
        return super().get_form(request, obj, change, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "kind":  # the kinds the monitoring rules register, to choose from
            return forms.ChoiceField(
                label=db_field.verbose_name,
                choices=kinds.choices(),
                help_text=_("Choosing another kind reloads the form with that kind's parameters."),
                widget=forms.Select(
                    attrs={
                        "onchange": "const u = new URL(location.href); u.searchParams.set('kind', this.value); "
                        "location.href = u;",
                        "class": "border border-base-200 rounded-default px-3 py-2 w-full max-w-2xl "
                        "bg-white dark:bg-base-900 dark:border-base-700",
                    }
                ),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("Kind"), ordering="kind")
    def kind_shown(self, obj):
        return kinds.KIND_LABELS.get(obj.kind, obj.kind)

    @admin.display(description=_("Rule Name"), ordering="rule_name")
    def label(self, obj):
        return obj.label

    # --- the back-test ---------------------------------------------------------------
    def get_urls(self):
        return [
            path(
                "backtest/",
                self.admin_site.admin_view(self.backtest_view),
                name="securities_crm_monitoringrule_backtest",
            ),
            *super().get_urls(),
        ]

    def backtest_view(self, request):
        return backtest.backtest_view(request, self)

    def has_open_backtest_permission(self, request, object_id=None):
        return backtest.may_backtest(request.user)

    @action(description=_("Back-test"), url_path="backtest-rule", permissions=["open_backtest"], icon="query_stats")
    def open_backtest(self, request, object_id):
        return redirect(reverse("admin:securities_crm_monitoringrule_backtest") + "?" + urlencode({"rule": object_id}))
