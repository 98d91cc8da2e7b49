from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...desk.evidence import evidence_table
from ...monitoring import workflow
from ...permissions import policy
from .model import AlertStatus, Resolution, RiskAlert


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AlertStatus.choices)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))
    resolution = forms.ChoiceField(label=_("Resolution"), choices=[("", "-"), *Resolution.choices], required=False)
    assign_to = forms.ModelChoiceField(label=_("Assign to"), required=False,
                                       queryset=User.objects.filter(is_active=True, is_staff=True))


@admin.register(RiskAlert)
class RiskAlertDesk(DocTypeAdmin):
    """The alert queue: filters by status, severity, category, rule and SLA; the evidence as links."""

    # The queue is read on a laptop: the rule by its code (its name is in the summary's words), the score as
    # a number a person reads (1,050,000 or 0.85), so the status, owner and SLA columns stay in view.
    list_display = ("name", "creation", "rule_code", "severity", "status", "client", "account", "score_shown", "summary",
                    "assigned_to", "due_at", "sla_breached")
    list_select_related = ("rule", "client", "account", "assigned_to")
    list_filter = ("status", "severity", "category", "rule", "sla_breached", "resolution", "creation")
    search_fields = ("=name", "=account__account_number", "client__client_name")
    readonly_fields = ("rule", "kind", "category", "client", "account", "severity", "score", "threshold",
                       "window_start", "window_end", "summary", "evidence_links", "transition_log", "dedup_key",
                       "status", "workflow_link", "due_at", "sla_breached", "resolution", "closed_at", "risk_case")
    fields = readonly_fields + ("assigned_to",)

    def has_add_permission(self, request, *args):
        return False  # alerts come from the rules only

    @admin.display(description=_("Rule"), ordering="rule")
    def rule_code(self, obj):
        return format_html('<span title="{}">{}</span>', obj.rule.label if obj.rule_id else "", obj.rule_id)

    @admin.display(description=_("Score"), ordering="score")
    def score_shown(self, obj):
        from django.contrib.humanize.templatetags.humanize import intcomma

        value = float(obj.score)
        return intcomma(f"{value:.0f}") if abs(value) >= 100 else f"{value:.2f}".rstrip("0").rstrip(".")

    def get_urls(self):
        return [path("<path:object_id>/transition/", self.admin_site.admin_view(self.transition_view),
                     name="securities_crm_riskalert_transition"), *super().get_urls()]

    def transition_view(self, request, object_id):
        """Move an alert along its workflow, saying why (recorded with who and when)."""
        alert = get_object_or_404(policy.filter_queryset(request.user, RiskAlert.objects.all()), pk=object_id)
        if not policy.can(request.user, "write", alert):
            raise PermissionDenied
        form = TransitionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                workflow.transition(alert, data["status"], request.user, data["reason"],
                                    resolution=data["resolution"], assign_to=data["assign_to"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The alert is now %(status)s.") % {"status": alert.get_status_display()})
                return redirect("admin:securities_crm_riskalert_change", alert.pk)
        context = {**self.admin_site.each_context(request), "title": _("Change alert status"), "alert": alert,
                   "form": form, "opts": self.model._meta}
        return TemplateResponse(request, "securities_crm/monitoring/transition.html", context)

    @admin.display(description=_("Workflow"))
    def workflow_link(self, obj):
        if obj.status in ("Closed", "Escalated"):
            return "-"
        return format_html('<a href="{}">{}</a>', reverse("admin:securities_crm_riskalert_transition", args=[obj.pk]),
                           _("Change status…"))

    @admin.display(description=_("Evidence"))
    def evidence_links(self, obj):
        return evidence_table(obj.evidence)

    @admin.display(description=_("Transitions"))
    def transition_log(self, obj):
        return format_html("<ul>{}</ul>", format_html_join(
            "", "<li>{} {} → {} · {} · {}</li>",
            ((t.get("at", "")[:19], t.get("from"), t.get("to"), t.get("by"), t.get("reason"))
             for t in obj.transitions or [])))
