"""Content Read: one client's reading of one content item (one version): when it was opened, whether it
was read to the end, the time spent, and, for mandatory risk notices, the acknowledgement.

Written only by the portal and the API through education/reading.py (system_only); staff read it to see who
has not acknowledged, and the investor-education record counts it (education/education_record.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ..education_content.model import ContentChannel
from ..securities_account.model import CHILD_PATHS


@doctype(
    "Content Read",
    module="Education",
    naming="autoincrement",
    title_field="content",
    search_fields=("content__title", "client__client_name"),
    **CHILD_PATHS,
    system_only=True,
    history=False,
    rights={
        "Compliance Officer": "re",
        "Marketing": "re",
        "Client Manager": "r",
        "Branch Manager": "re",
        "Advisor": "r",
        "Client": "r",
    },
)
class ContentRead(Document):
    name = models.BigAutoField(_("ID"), primary_key=True)
    content = models.ForeignKey(
        "securities_crm.EducationContent", verbose_name=_("Content"), on_delete=models.PROTECT, related_name="reads"
    )
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="content_reads"
    )
    channel = models.CharField(
        _("Channel"), max_length=20, choices=ContentChannel.choices, default=ContentChannel.PORTAL
    )
    opened_at = models.DateTimeField(_("Opened At"))
    last_seen_at = models.DateTimeField(_("Last Seen At"))
    seconds_spent = models.PositiveIntegerField(_("Seconds Spent"), default=0)
    read_to_end = models.BooleanField(_("Read to the End"), default=False)
    finished_at = models.DateTimeField(_("Finished At"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("Acknowledged At"), null=True, blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Content Read")
        verbose_name_plural = _("Content Reads")
        ordering = ["-opened_at"]
        constraints = [models.UniqueConstraint(fields=["content", "client"], name="uniq_content_read")]
        indexes = [models.Index(fields=["client", "opened_at"], name="content_read_client")]
