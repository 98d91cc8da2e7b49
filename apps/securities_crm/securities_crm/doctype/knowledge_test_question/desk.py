"""Knowledge test questions in the desk: the options and the correct ones read as text, not as JSON."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...desk.base import DocTypeAdmin
from .model import KnowledgeTestQuestion


@admin.register(KnowledgeTestQuestion)
class KnowledgeTestQuestionDesk(DocTypeAdmin):
    list_display = ("test", "idx", "text", "options_shown", "correct_shown", "score")
    list_select_related = ("test",)
    list_filter = ("test",)
    search_fields = ("text", "test__title")
    ordering = ("test", "idx")

    @admin.display(description=pgettext_lazy("test question", "Options"))
    def options_shown(self, obj):
        return " / ".join(f"{o.get('key')}. {o.get('text')}" for o in obj.options or [] if isinstance(o, dict))

    @admin.display(description=_("Correct Options"))
    def correct_shown(self, obj):
        return "、".join(str(k) for k in obj.correct or [])
