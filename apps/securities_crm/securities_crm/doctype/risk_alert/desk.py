from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ...core import registry
from ...desk.base import DocTypeAdmin
from .model import RiskAlert


@admin.register(RiskAlert)
class RiskAlertDesk(DocTypeAdmin):
    """The alert queue: filters by status, severity, category, rule and SLA; the evidence as links."""

    list_display = ("name", "creation", "rule", "severity", "status", "client", "account", "score", "summary",
                    "assigned_to", "due_at", "sla_breached")
    list_filter = ("status", "severity", "category", "rule", "sla_breached", "resolution", "creation")
    search_fields = ("=name", "=account__account_number", "client__client_name")
    readonly_fields = ("rule", "kind", "category", "client", "account", "severity", "score", "threshold",
                       "window_start", "window_end", "summary", "evidence_links", "transition_log", "dedup_key",
                       "status", "due_at", "sla_breached", "resolution", "closed_at", "risk_case")
    fields = readonly_fields + ("assigned_to",)

    def has_add_permission(self, request, *args):
        return False  # alerts come from the rules only

    @admin.display(description=_("Evidence"))
    def evidence_links(self, obj):
        rows = []
        for item in obj.evidence or []:
            spec = registry.get(item.get("doctype", ""))
            try:
                url = reverse(f"admin:securities_crm_{spec.model._meta.model_name}_change", args=[item["name"]])
            except (NoReverseMatch, AttributeError):
                url = "#"
            rows.append((url, f'{item.get("doctype")} {item.get("name")}'))
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', rows))

    @admin.display(description=_("Transitions"))
    def transition_log(self, obj):
        return format_html("<ul>{}</ul>", format_html_join(
            "", "<li>{} {} → {} · {} · {}</li>",
            ((t.get("at", "")[:19], t.get("from"), t.get("to"), t.get("by"), t.get("reason"))
             for t in obj.transitions or [])))
