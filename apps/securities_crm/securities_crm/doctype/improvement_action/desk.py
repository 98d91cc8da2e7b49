"""Improvement Actions in the desk (with their measured effect), and the satisfaction dashboard: the page,
its xlsx export and its word cloud."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin, current_request
from ...feedback import actions, cloud, reports
from ...permissions import policy
from ..survey_response.model import SurveyResponse
from . import export, report
from .model import ImprovementAction


@admin.register(ImprovementAction)
class ImprovementActionDesk(DocTypeAdmin):
    list_display = ("name", "title", "kind", "owner_user", "due_on", "status", "metric", "scope", "scope_value")
    list_filter = ("status", "kind", "metric", "scope", "due_on")
    search_fields = ("name", "title")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "kind",
                    "owner_user",
                    "due_on",
                    "status",
                    "description",
                    "responses",
                    "topics",
                    "metric",
                    "scope",
                    "scope_value",
                    "completed_on",
                    "effect_shown",
                )
            },
        ),
    )
    readonly_fields = ("effect_shown",)

    @admin.display(description=_("Effect"))
    def effect_shown(self, obj):
        """The group's score before and after the action was done, each with its n."""
        if obj is None or obj.pk is None:
            return "-"
        request = current_request()
        result = actions.effect(obj, reports.responses_for(request.user) if request is not None else None)
        before = f"{report.shown_value(result.before)} ({report.hint(result.before)})"
        if result.after is None:
            return format_html('<span data-testid="effect">{}: {}</span>', _("Now"), before)
        after = f"{report.shown_value(result.after)} ({report.hint(result.after)})"
        return format_html('<span data-testid="effect">{}: {} → {}: {}</span>', _("Before"), before, _("After"), after)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("satisfaction/", view(self.satisfaction_view), name="securities_crm_improvementaction_satisfaction"),
            path(
                "satisfaction/export.xlsx",
                view(self.satisfaction_export),
                name="securities_crm_improvementaction_satisfaction_export",
            ),
            path(
                "satisfaction/cloud.png", view(self.satisfaction_cloud), name="securities_crm_improvementaction_cloud"
            ),
            *super().get_urls(),
        ]

    @staticmethod
    def _allowed(request):
        if not policy.has_right(request.user, "read", SurveyResponse):
            raise PermissionDenied

    def satisfaction_view(self, request):
        self._allowed(request)
        data = report.gather(request)
        query = "?period=" + data.period
        context = {
            **self.admin_site.each_context(request),
            "title": _("Satisfaction Dashboard"),
            "opts": self.model._meta,
            "figures": report.figures(data),
            "period": data.period,
            "min_sample": data.min_sample,
            "export_url": reverse("admin:securities_crm_improvementaction_satisfaction_export") + query,
            "cloud_url": reverse("admin:securities_crm_improvementaction_cloud") + query,
            "has_cloud": bool(data.rows),
            "cloud_title": _("Comment keywords"),
            "no_data_text": _("No data yet"),
            "error_text": _("This figure is unavailable."),
        }
        return TemplateResponse(request, "securities_crm/feedback/satisfaction.html", context)

    def satisfaction_export(self, request):
        self._allowed(request)
        answer = HttpResponse(
            export.workbook(report.gather(request)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        answer["Content-Disposition"] = 'attachment; filename="satisfaction.xlsx"'
        return answer

    def satisfaction_cloud(self, request):
        self._allowed(request)
        image = cloud.png(dict(reports.keyword_counts(reports.responses_for(request.user))))
        if image is None:
            return HttpResponse(status=204)
        answer = HttpResponse(image, content_type="image/png")
        answer["Cache-Control"] = "private, max-age=300"
        return answer
