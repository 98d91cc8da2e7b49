"""The questionnaire form: the version's fields, then its questions, options and bands as tabs.

The rows are child DocTypes; here they follow the questionnaire's rights (as in Frappe, a child
table has no rights of its own), and a version that assessments used is read-only.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.decorators import action

from ...desk.base import DocTypeAdmin
from ...permissions import policy
from ...suitability import questionnaires
from ..risk_questionnaire_band.model import RiskQuestionnaireBand
from ..risk_questionnaire_option.model import RiskQuestionnaireOption
from ..risk_questionnaire_question.model import RiskQuestionnaireQuestion
from .model import RiskQuestionnaire


class RowsInline(TabularInline):
    tab = True
    extra = 0
    exclude = ("idx",)

    def _parent(self, request, obj, action):
        if obj is not None and obj.in_use() and action != "read":
            return False
        return policy.can(request.user, action, obj if obj is not None else RiskQuestionnaire)

    def has_view_permission(self, request, obj=None):
        return self._parent(request, obj, "read")

    def has_change_permission(self, request, obj=None):
        return self._parent(request, obj, "write")

    def has_add_permission(self, request, obj=None):
        return self._parent(request, obj, "write")

    def has_delete_permission(self, request, obj=None):
        return self._parent(request, obj, "write")


class QuestionsInline(RowsInline):
    model = RiskQuestionnaireQuestion
    fields = ("code", "topic", "text_zh", "text_en", "mandatory", "multiple")
    verbose_name_plural = _("Questions")


class OptionsInline(RowsInline):
    model = RiskQuestionnaireOption
    fields = ("question_code", "code", "text_zh", "text_en", "score", "forces_lowest", "horizon", "variety")
    verbose_name_plural = _("Options")
    per_page = 100


class BandsInline(RowsInline):
    model = RiskQuestionnaireBand
    fields = ("min_score", "max_score", "risk_level")
    verbose_name_plural = _("Score Bands")


@admin.register(RiskQuestionnaire)
class RiskQuestionnaireDesk(DocTypeAdmin):
    # The list names each version in the reader's language; the form edits both titles.
    list_display = ("version", "title_shown", "is_active", "validity_months", "effective_from", "modified")
    list_filter = ("is_active",)
    search_fields = ("version", "title_zh", "title_en")
    fields = ("version", "title_zh", "title_en", "validity_months", "effective_from", "is_active", "notes")
    readonly_fields = ("is_active",)
    inlines = (QuestionsInline, OptionsInline, BandsInline)
    actions_detail = ["activate_version"]

    @admin.display(description=_("Title"), ordering="title_zh")
    def title_shown(self, obj):
        return obj.title

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.in_use())

    def has_activate_permission(self, request, object_id=None):
        return policy.has_right(request.user, "write", RiskQuestionnaire)

    @action(description=_("Make this the active version"), url_path="activate", permissions=["activate"])
    def activate_version(self, request, object_id):
        questionnaire = RiskQuestionnaire.objects.get(pk=object_id)
        if not policy.can(request.user, "write", questionnaire):
            messages.error(request, _("You may not change this questionnaire."))
        else:
            try:
                questionnaires.activate(questionnaire)
                messages.success(request, _("Version %(v)s is now the active questionnaire.") % {"v": object_id})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect(reverse("admin:securities_crm_riskquestionnaire_change", args=[object_id]))
