"""The client 360 page's Tags tab: the client's manual and automatic tags, who added each and when."""

from django.utils.translation import gettext_lazy as _

from ...desk.client360 import ClientTab, client_tab
from .model import ClientTag


@client_tab(order=36)
class TagsTab(ClientTab):
    model = ClientTag
    verbose_name_plural = _("Tags")
    fields = ("tag", "source", "segment", "owner", "creation")
    ordering = ("tag",)
