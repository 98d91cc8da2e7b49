from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...monitoring import engine, kinds
from .model import MonitoringRule


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
    fields = (
        "code",
        "rule_name",
        "kind",
        "parameters",
        "window_days",
        "severity",
        "client_type",
        "branch",
        "enabled",
        "description",
    )
    actions = ["backtest"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "kind":  # the kinds the monitoring rules register, to choose from
            return forms.ChoiceField(label=db_field.verbose_name, choices=kinds.choices(), help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("Kind"), ordering="kind")
    def kind_shown(self, obj):
        return kinds.KIND_LABELS.get(obj.kind, obj.kind)

    @admin.display(description=_("Rule Name"), ordering="rule_name")
    def label(self, obj):
        return obj.label

    @admin.action(description=_("Back-test over history (how many alerts would it raise?)"))
    def backtest(self, request, queryset):
        for rule in queryset:
            r = engine.backtest(rule)
            messages.info(
                request, _t("%(code)s would raise %(alerts)d alerts on %(clients)d clients.") % {"code": rule.code, **r}
            )
