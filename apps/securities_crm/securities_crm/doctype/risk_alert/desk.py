from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...desk.evidence import evidence_table
from ...monitoring import kinds
from ...permissions import policy
from .model import Resolution, RiskAlert


def _short_time(value):
    if value is None:
        return "-"
    local = timezone.localtime(value)
    return format_html(
        '<span class="crm-id" title="{}">{}</span>', local.strftime("%Y-%m-%d %H:%M"), local.strftime("%m-%d %H:%M")
    )


@admin.register(RiskAlert)
class RiskAlertDesk(DocTypeAdmin):
    """The alert queue: filters by status, severity, category, rule and SLA; the evidence as links."""

    # The queue is read on a laptop: the rule by its code (its name is in the summary's words), the score as
    # a number a person reads (1,050,000 or 0.85), so the status, owner and SLA columns stay in view.
    list_display = (
        "name",
        "raised",
        "rule_code",
        "severity",
        "status",
        "client_shown",
        "score_shown",
        "summary_shown",
        "assigned_to",
        "due",
        "sla_breached",
    )
    list_select_related = ("rule", "client", "account", "assigned_to")
    list_filter = ("status", "severity", "category", "rule", "sla_breached", "resolution", "creation")
    search_fields = ("=name", "=account__account_number", "client__client_name")
    readonly_fields = (
        "rule",
        "kind_shown",
        "category",
        "client",
        "account",
        "severity",
        "score",
        "threshold",
        "window_start",
        "window_end",
        "summary_shown",
        "evidence_links",
        "transition_log",
        "dedup_key",
        "status",
        "workflow_link",
        "assigned_to",
        "due_at",
        "sla_breached",
        "resolution",
        "closed_at",
        "risk_case",
    )
    fields = readonly_fields

    @admin.display(description=_("Rule"), ordering="rule")
    def rule_code(self, obj):
        return format_html('<span title="{}">{}</span>', obj.rule.label if obj.rule_id else "", obj.rule_id)

    # At 1366 px the queue's columns share about 1,000 px: times to the minute without the year's words,
    # the client's ID on one line above the name, and the account left to the form (the client names it).
    @admin.display(description=_("Created On"), ordering="creation")
    def raised(self, obj):
        return _short_time(obj.creation)

    @admin.display(description=_("Due At"), ordering="due_at")
    def due(self, obj):
        return _short_time(obj.due_at)

    @admin.display(description=_("Client"), ordering="client")
    def client_shown(self, obj):
        if obj.client_id is None:
            return "-"
        return format_html('<span class="crm-id">{}</span><br>{}', obj.client_id, obj.client.client_name)

    @admin.display(description=_("Summary"), ordering="summary")
    def summary_shown(self, obj):
        return obj.summary_text

    @admin.display(description=_("Score"), ordering="score")
    def score_shown(self, obj):
        from django.contrib.humanize.templatetags.humanize import intcomma

        value = float(obj.score)
        return intcomma(f"{value:.0f}") if abs(value) >= 100 else f"{value:.2f}".rstrip("0").rstrip(".")

    def workflow_fields(self, request, obj):
        """Closing asks for a resolution; assigning for someone who may work on this alert."""
        return {
            "resolution": forms.ChoiceField(
                label=_("Resolution"), choices=[("", "-"), *Resolution.choices], required=False
            ),
            "assign_to": forms.ModelChoiceField(
                label=_("Assign to"),
                required=False,
                queryset=policy.assignees(self.model, obj),
            ),
        }

    @admin.display(description=_("Kind"))
    def kind_shown(self, obj):
        return kinds.KIND_LABELS.get(obj.kind, obj.kind)

    @admin.display(description=_("Evidence"))
    def evidence_links(self, obj):
        return evidence_table(obj.evidence)
