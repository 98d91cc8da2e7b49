from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from .model import NotificationLog


@admin.register(NotificationLog)
class NotificationLogDesk(DocTypeAdmin):
    list_display = ("subject", "type", "document_type", "document_name", "read", "creation")
    list_filter = ("type", "read")
    search_fields = ("subject", "message")
    readonly_fields = ("for_user", "from_user", "type", "subject", "message", "document_type", "document_name")
    actions = ["mark_read"]

    @admin.action(description=_("Mark as read"))
    def mark_read(self, request, queryset):
        queryset.update(read=True)
