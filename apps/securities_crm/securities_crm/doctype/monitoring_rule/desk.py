from django.contrib import admin, messages
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from .model import MonitoringRule


@admin.register(MonitoringRule)
class MonitoringRuleDesk(DocTypeAdmin):
    list_display = ("code", "label", "kind", "category", "severity", "window_days", "client_type", "branch",
                    "enabled")
    list_filter = ("enabled", "category", "kind", "severity")
    search_fields = ("code", "rule_name")
    fields = ("code", "rule_name", "kind", "parameters", "window_days", "severity", "client_type", "branch",
              "enabled", "description")
    actions = ["backtest"]

    @admin.display(description=_("Rule Name"), ordering="rule_name")
    def label(self, obj):
        return obj.label

    @admin.action(description=_("Back-test over history (how many alerts would it raise?)"))
    def backtest(self, request, queryset):
        from ...monitoring import engine

        for rule in queryset:
            r = engine.backtest(rule)
            messages.info(request, _t("%(code)s would raise %(alerts)d alerts on %(clients)d clients.")
                          % {"code": rule.code, **r})
