"""The client 360 page's Tags tab: the client's manual and automatic tags, who added each and when."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...desk.client360 import ClientTab, client_tab
from ...desk.labels import user_label
from .model import ClientTag


@client_tab(order=36)
class TagsTab(ClientTab):
    model = ClientTag
    verbose_name_plural = _("Tags")
    fields = ("tag", "source", "segment", "created_by", "creation")
    ordering = ("tag",)

    @admin.display(description=_("Created By"))
    def created_by(self, obj):
        return user_label(obj.owner)
