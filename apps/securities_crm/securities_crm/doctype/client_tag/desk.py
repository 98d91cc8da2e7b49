"""The Client Tag desk: staff add manual tags on the clients they can see (who and when are stamped from
the request); automatic tags, which segments keep, are read-only."""

from django.contrib import admin

from ...desk.base import DocTypeAdmin
from ...desk.labels import translated_column
from ...permissions import policy
from ..client.model import Client
from .model import ClientTag


@admin.register(ClientTag)
class ClientTagDesk(DocTypeAdmin):
    list_display = (translated_column(ClientTag, "tag"), "client", "source", "segment", "created_by", "creation")
    list_filter = ("source", "tag")
    list_select_related = ("client",)
    search_fields = ("tag", "client__client_name", "=client__name")
    raw_id_fields = ("client",)
    fields = ("client", "tag", "source", "segment", "created_by", "creation")
    readonly_fields = ("source", "segment", "created_by", "creation")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "client":  # only the clients this user may see can be tagged
            kwargs["queryset"] = policy.filter_queryset(request.user, Client.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
