"""AML Settings in the desk: the list opens the one record, which Compliance edits."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from ...desk.base import DocTypeAdmin
from .model import SINGLE_NAME, AMLSettings


@admin.register(AMLSettings)
class AMLSettingsDesk(DocTypeAdmin):
    fields = ("institution_name", "institution_code")

    def has_add_permission(self, request, *args):
        return False  # there is one record; the list opens it

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)  # refused there, on the styled 403 page
        solo = AMLSettings.get_solo()
        if solo._state.adding:
            solo.save()
        return redirect(reverse("admin:securities_crm_amlsettings_change", args=[SINGLE_NAME]))
