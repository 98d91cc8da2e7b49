"""The responses list (filters by survey, channel, NPS band, sentiment and date; export through the generic
desk) and the phone entry: after a 回访 call, staff type the client's answers (channel Phone, who entered
them recorded) on the Care Task's page."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...feedback import forms, responses
from ...permissions import policy
from ..care_task.model import CareTask
from ..shared.feedback import FeedbackChannel
from ..survey import questions as q
from ..survey.model import Survey, SurveyStatus, Trigger
from .model import SurveyResponse


class NpsBand(admin.SimpleListFilter):
    title = _("NPS band")
    parameter_name = "nps_band"

    def lookups(self, request, model_admin):
        return [
            (q.DETRACTOR, _("Detractors (0–6)")),
            (q.PASSIVE, _("Passives (7–8)")),
            (q.PROMOTER, _("Promoters (9–10)")),
        ]

    def queryset(self, request, queryset):
        bands = {q.DETRACTOR: (0, 6), q.PASSIVE: (7, 8), q.PROMOTER: (9, 10)}
        if self.value() in bands:
            low, high = bands[self.value()]
            return queryset.filter(nps_score__gte=low, nps_score__lte=high)
        return queryset


@admin.register(SurveyResponse)
class SurveyResponseDesk(DocTypeAdmin):
    list_display = (
        "name",
        "submitted_at",
        "survey",
        "client",
        "channel",
        "nps_score",
        "csat_score",
        "ces_score",
        "sentiment",
        "context_name",
    )
    list_select_related = ("survey", "client")
    list_filter = ("survey", "channel", NpsBand, "sentiment", "submitted_at")
    search_fields = ("=name", "client__client_name", "comment", "context_name")
    ordering = ("-submitted_at",)
    readonly_fields = ("answers_shown",)
    fields = (
        "survey",
        "client",
        "channel",
        "context_doctype",
        "context_name",
        "answers_shown",
        "nps_score",
        "csat_score",
        "ces_score",
        "comment",
        "sentiment",
        "sentiment_score",
        "keywords",
        "submitted_at",
        "entered_by",
        "invitation",
    )

    @admin.display(description=_("Answers"))
    def answers_shown(self, obj):
        rows = []
        for item in forms.items(obj.survey.questions, get_language(), obj.answers):
            if item["text"]:
                shown = item["value"] or "-"
            else:
                shown = ", ".join(text for value, text in item["choices"] if value in item["chosen"]) or "-"
            rows.append((item["label"], shown))
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd><strong>{}</strong></dd>", rows))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("phone/<path:task_id>/", view(self.phone_view), name="securities_crm_surveyresponse_phone"),
            *super().get_urls(),
        ]

    def phone_view(self, request, task_id):
        """Type the client's answers taken down on a 回访 call: the survey for care visits (or one chosen)."""
        task = get_object_or_404(
            policy.filter_queryset(request.user, CareTask.objects.select_related("client")), pk=task_id
        )
        if not policy.can(request.user, "write", task):
            raise PermissionDenied
        offered = Survey.objects.filter(status=SurveyStatus.OPEN, trigger__in=[Trigger.CARE_VISIT, Trigger.MANUAL])
        chosen = request.POST.get("survey") or request.GET.get("survey")
        survey = (
            offered.filter(pk=chosen).first()
            if chosen
            else offered.filter(trigger=Trigger.CARE_VISIT).order_by("-version").first()
        ) or offered.order_by("survey_name").first()
        errors: list[str] = []
        values: dict = {}
        if request.method == "POST" and survey is not None and "answers" in request.POST:
            values = forms.answers_from(request.POST, survey.questions)
            try:
                made = responses.submit(
                    survey,
                    task.client,
                    values,
                    channel=FeedbackChannel.PHONE,
                    context_doctype=task.doctype.name,
                    context_name=task.pk,
                    entered_by=request.user,
                )
            except ValidationError as exc:
                errors = [m for ms in exc.message_dict.values() for m in ms]
            else:
                messages.success(request, gettext("%(name)s recorded.") % {"name": made.pk})
                return redirect(reverse("admin:securities_crm_caretask_change", args=[task.pk]))
        return TemplateResponse(
            request,
            "securities_crm/feedback/phone.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Answers taken by phone"),
                "opts": SurveyResponse._meta,
                "task": task,
                "survey": survey,
                "offered": offered.order_by("survey_name", "-version"),
                "items": forms.items(survey.questions, get_language(), values) if survey else [],
                "errors": errors,
                "change_url": reverse("admin:securities_crm_caretask_change", args=[task.pk]),
            },
            status=417 if errors else 200,
        )
