from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...desk.labels import doctype_label, user_label
from .model import NotificationLog


@admin.register(NotificationLog)
class NotificationLogDesk(DocTypeAdmin):
    """The user's inbox. It lists only what is addressed to the viewer, for every role: the record
    rule already limits other roles to their own, and an administrator's inbox is theirs too."""

    list_display = ("subject", "type", "doctype_shown", "document_name", "sender", "read", "creation")
    list_filter = ("read", "type")
    search_fields = ("subject", "message")
    readonly_fields = ("for_user", "sender", "type", "subject", "message", "doctype_shown", "document_name")
    fieldsets = (
        (None, {"fields": ("subject", "message", "type", "sender", "doctype_shown", "document_name", "read")}),
    )
    actions = ["mark_read", "mark_unread"]

    @admin.display(description=_("Document Type"), ordering="document_type")
    def doctype_shown(self, obj):
        return doctype_label(obj.document_type)

    @admin.display(description=_("From User"), ordering="from_user")
    def sender(self, obj):
        return user_label(obj.from_user)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(for_user=request.user)

    def has_add_permission(self, request, *args):
        return False  # notifications come from notify(), not from a form

    def has_import_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Opening a notification reads it.
        self.get_queryset(request).filter(pk=object_id, read=False).update(read=True)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Mark as read"))
    def mark_read(self, request, queryset):
        queryset.update(read=True)

    @admin.action(description=_("Mark as unread"))
    def mark_unread(self, request, queryset):
        queryset.update(read=False)
