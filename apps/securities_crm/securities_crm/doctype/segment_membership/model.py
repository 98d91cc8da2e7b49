"""Segment Membership (分群成员): one stay of one client in one segment (or on one rung of a tier ladder),
from `entered_on` to `left_on` (empty while the client is still in). `why` keeps the values of the
fields the rule read when the client entered, so "why is this client in 休眠?" has a stored answer.

Written by the system only (profiling/membership.py): a rerun changes nothing, a client who leaves has
their row closed, and one who comes back gets a new row. Rows follow the client's record rules.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import BulkDocument, bulk_link, doctype
from ...core.fields import KeyCharField

CLIENT_PATHS = dict(client_path="client", branch_path="client__branch", manager_path="client__client_manager")


@doctype(
    "Segment Membership",
    module="Profiling",
    naming="autoincrement",
    history=False,
    title_field="segment",
    search_fields=("client__client_name", "segment__segment_name"),
    system_only=True,
    **CLIENT_PATHS,
    rights={
        "Marketing": "re",
        "Compliance Officer": "re",
        "Branch Manager": "re",
        "Client Manager": "r",
        "Advisor": "r",
        "Service Agent": "r",
        "Risk Officer": "r",
    },
)
class SegmentMembership(BulkDocument):
    name = models.BigAutoField(_("ID"), primary_key=True)
    # No index of their own on the links (bulk_link), nor on left_on: the composite indexes below lead
    # with them.
    segment = bulk_link("securities_crm.Segment", _("Segment"), "memberships")
    client = bulk_link("securities_crm.Client", _("Client"), "segment_memberships")
    tier = KeyCharField(_("Tier"), max_length=40, blank=True, help_text=_("The rung, on a tier ladder."))
    entered_on = models.DateField(_("Entered On"))
    left_on = models.DateField(_("Left On"), null=True, blank=True)
    why = models.JSONField(_("Why"), default=dict, blank=True, help_text=_("The values that put the client in."))

    class Meta(BulkDocument.Meta):
        verbose_name = _("Segment Membership")
        verbose_name_plural = _("Segment Memberships")
        ordering = ["-entered_on", "-name"]
        indexes = [
            models.Index(fields=["segment", "left_on"], name="membership_segment_open"),
            models.Index(fields=["client", "left_on"], name="membership_client_open"),
            models.Index(fields=["segment", "entered_on"], name="membership_segment_entered"),
        ]

    @property
    def current(self) -> bool:
        return self.left_on is None
