"""Client Tag (客户标签): a word on a client. Manual tags are staff's: who added one and when are the
record's own `owner` and `creation`, stamped from the request (never from the body). Automatic tags
follow a segment's membership (profiling/membership.py writes and removes them): no one edits or
deletes them by hand, and `source` and `segment` are the system's. Segment rules can test tags
("has tag"). Tags follow the client's record rules: staff tag the clients they can see.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...core.document import BulkDocument, bulk_link, doctype
from ...core.fields import KeyCharField
from ..segment_membership.model import CLIENT_PATHS


class TagSource(models.TextChoices):
    MANUAL = "Manual", _("Manual")
    AUTOMATIC = "Automatic", _("Automatic")


@doctype(
    "Client Tag",
    module="Profiling",
    naming="hash",
    history=False,
    title_field="tag",
    search_fields=("tag", "client__client_name"),
    **CLIENT_PATHS,
    server_set=("source", "segment"),
    set_only_once=("client",),
    rights={
        "Client Manager": "rwcd",
        "Advisor": "rwcd",
        "Service Agent": "rwcd",
        "Branch Manager": "rwcde",
        "Marketing": "re",
        "Compliance Officer": "re",
        "Risk Officer": "r",
    },
)
class ClientTag(BulkDocument):
    # The links (bulk_link): client_tag_once leads with the client, client_tag_segment with the segment.
    client = bulk_link("securities_crm.Client", _("Client"), "tags")
    tag = KeyCharField(_("Tag"), max_length=60)
    source = models.CharField(_("Source"), max_length=10, choices=TagSource.choices, default=TagSource.MANUAL)
    segment = bulk_link("securities_crm.Segment", _("From Segment"), "tags", null=True, blank=True)

    class Meta(BulkDocument.Meta):
        verbose_name = _("Client Tag")
        verbose_name_plural = _("Client Tags")
        ordering = ["client", "tag"]
        constraints = [models.UniqueConstraint(fields=["client", "tag", "source"], name="client_tag_once")]
        indexes = [
            models.Index(fields=["tag", "client"], name="client_tag_tag"),
            models.Index(fields=["segment", "client"], name="client_tag_segment"),
        ]

    @staticmethod
    def restrict_scope(roles, action="read") -> Q | None:
        """Automatic tags are the segments': anyone may read them, no one changes or deletes them by hand."""
        if action == "read":
            return None
        return Q(source=TagSource.MANUAL)

    def validate(self):
        self.tag = (self.tag or "").strip()
        if not self.tag:
            raise ValidationError({"tag": gettext("A tag cannot be empty.")})
        clash = ClientTag.objects.filter(client_id=self.client_id, tag=self.tag, source=self.source).exclude(pk=self.pk)
        if self.client_id and clash.exists():
            raise ValidationError({"tag": gettext("The client already has the tag %(tag)s.") % {"tag": self.tag}})
