"""The Survey desk: the list, and the builder: the questions as JSON beside a live preview of the portal form
in Chinese and in English (or the error naming the question that does not fit), redrawn as you type.
A survey with responses shows its questions locked; the "new version" action copies it."""

from __future__ import annotations

import json

from django import forms as django_forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...feedback import forms, surveys
from ...permissions import policy
from . import questions as q
from .model import Survey


def preview_html(questions, lang: str) -> str:
    """The portal form as a client would see it, in one language (a page for the preview's frame)."""
    with override(lang):
        fragment = render_to_string("securities_crm/feedback/questions.html", {"items": forms.items(questions, lang)})
    return render_to_string(
        "securities_crm/feedback/preview.html",
        {"fragment": fragment, "css": static("securities_crm/portal.css"), "js": static("securities_crm/feedback.js")},
    )


class QuestionsField(django_forms.JSONField):
    """The questions as indented JSON, one key a line, so that a person can edit them."""

    def prepare_value(self, value):
        if isinstance(value, django_forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2, cls=self.encoder)


@admin.register(Survey)
class SurveyDesk(DocTypeAdmin):
    list_display = ("survey_name", "version", "status", "trigger", "responses_count", "previous_version")
    list_filter = ("status", "trigger")
    search_fields = ("=name", "survey_name")
    ordering = ("survey_name", "-version")
    fields = (
        "survey_name",
        "version",
        "previous_version",
        "status",
        "trigger",
        "segment",
        "schedule",
        "last_run_at",
        "intro_zh",
        "intro_en",
        "questions",
        "questions_help",
        "questions_preview",
    )
    readonly_fields = ("questions_help", "questions_preview")
    actions = ["make_new_version"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_responses=Count("responses"))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "questions":
            kwargs["form_class"] = QuestionsField
            kwargs["widget"] = django_forms.Textarea(
                attrs={"rows": 24, "style": "font-family:ui-monospace,monospace;font-size:12px;width:100%"}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("Responses"), ordering="n_responses")
    def responses_count(self, obj):
        return obj.n_responses

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.responses.exists() and "questions" not in fields:
            fields.append("questions")  # answered: changed only through a new version
        return fields

    @admin.action(description=_("Make a new version (a draft copy)"))
    def make_new_version(self, request, queryset):
        if not policy.has_right(request.user, "create", Survey):
            raise PermissionDenied
        for survey in policy.filter_queryset(request.user, queryset):
            copied = surveys.new_version(survey)
            messages.success(
                request,
                format_html(
                    '{} <a class="underline" href="{}">{}</a>',
                    gettext("New version made:"),
                    reverse("admin:securities_crm_survey_change", args=[copied.pk]),
                    f"{copied.survey_name} v{copied.version}",
                ),
            )

    @admin.display(description=_("Question types"))
    def questions_help(self, obj):
        return format_html(
            "<ul class='text-sm'>{}</ul><p class='text-xs text-base-500 mt-1'>{}</p>",
            format_html_join("", "<li><code>{}</code>: {}</li>", ((k, v) for k, v in q.TYPES.items())),
            gettext(
                "Each question: key, type, label_zh, label_en, required; options (value, label_zh, label_en) "
                "for choices; max for a rating; show_if {question, in} to skip."
            ),
        )

    @admin.display(description=_("Preview"))
    def questions_preview(self, obj):
        return format_html(
            '<div id="survey-preview" data-url="{}">'
            '<p id="survey-preview-errors" class="text-red-600" role="alert"></p>'
            '<div style="display:flex;gap:1rem;flex-wrap:wrap">'
            '<figure><figcaption class="text-sm">{}</figcaption>'
            '<iframe id="survey-preview-zh" title="{}" style="width:390px;height:640px;border:1px solid #cbd5e1;border-radius:8px"></iframe></figure>'
            '<figure><figcaption class="text-sm">{}</figcaption>'
            '<iframe id="survey-preview-en" title="{}" style="width:390px;height:640px;border:1px solid #cbd5e1;border-radius:8px"></iframe></figure>'
            '</div></div><script src="{}" defer></script>',
            reverse("admin:securities_crm_survey_preview"),
            gettext("Chinese (as a phone shows it)"),
            gettext("Chinese preview"),
            gettext("English"),
            gettext("English preview"),
            static("securities_crm/survey_builder.js"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("preview/", view(self.preview_view), name="securities_crm_survey_preview"), *super().get_urls()]

    def preview_view(self, request):
        """POST questions (the form's current text): the form drawn in Chinese and English, or the errors
        naming the question that does not fit (HTTP 417)."""
        if not policy.has_right(request.user, "read", Survey):
            raise PermissionDenied
        try:
            questions = json.loads(request.POST.get("questions") or "[]")
        except ValueError:
            return JsonResponse({"errors": [gettext("The questions must be valid JSON.")]}, status=417)
        try:
            q.check_questions(questions)
        except ValidationError as exc:
            return JsonResponse({"errors": exc.messages}, status=417)
        return JsonResponse({"zh": preview_html(questions, "zh-hans"), "en": preview_html(questions, "en")})
