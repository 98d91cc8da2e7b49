from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action

from ...desk.base import DocTypeAdmin
from .model import ApiKey


@admin.register(ApiKey)
class ApiKeyDesk(DocTypeAdmin):
    list_display = ("api_key", "user", "description", "enabled", "revoked_at", "creation")
    list_filter = ("enabled",)
    search_fields = ("api_key", "description", "user__username")
    fields = ("user", "description")
    readonly_fields = ("api_key", "enabled", "revoked_at")
    actions = ["revoke_keys"]

    def save_model(self, request, obj, form, change):
        """A new key gets a generated key and secret; the secret is shown once, here."""
        if not change:
            generated, secret = ApiKey.generate(obj.user, obj.description)
            obj.pk, obj._state.adding = generated.pk, False
            obj.api_key, obj.secret_hash = generated.api_key, generated.secret_hash
            messages.warning(
                request,
                format_html(
                    _("Copy the secret now; it is not shown again. Authorization: token {}:{}"),
                    generated.api_key,
                    secret,
                ),
            )
            return
        super().save_model(request, obj, form, change)

    @action(description=_("Revoke the selected keys"))
    def revoke_keys(self, request, queryset):
        for key in queryset.filter(enabled=True):
            key.revoke()
        messages.success(request, _("Keys revoked."))
