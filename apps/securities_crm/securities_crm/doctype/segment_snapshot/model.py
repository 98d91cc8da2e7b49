"""Segment Snapshot (分群快照): a segment's size and assets on one day, for the explorer's charts. One row
per segment, date and rung (`tier` empty for the whole segment). Written by the system only
(profiling/membership.py), once a day; a rerun on the same day replaces the day's figures."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ...core.fields import KeyCharField


@doctype(
    "Segment Snapshot",
    module="Profiling",
    naming="autoincrement",
    history=False,
    title_field="segment",
    system_only=True,
    rights={
        "Marketing": "re",
        "Compliance Officer": "re",
        "Branch Manager": "r",
        "Client Manager": "r",
        "Advisor": "r",
        "Risk Officer": "r",
    },
)
class SegmentSnapshot(Document):
    name = models.BigAutoField(_("ID"), primary_key=True)
    segment = models.ForeignKey(
        "securities_crm.Segment", verbose_name=_("Segment"), on_delete=models.CASCADE, related_name="snapshots"
    )
    date = models.DateField(_("Date"))
    tier = KeyCharField(_("Tier"), max_length=40, blank=True)
    count = models.PositiveIntegerField(_("Members"), default=0)
    aum = models.DecimalField(_("AUM (CNY)"), max_digits=20, decimal_places=2, default=0)

    class Meta(Document.Meta):
        verbose_name = _("Segment Snapshot")
        verbose_name_plural = _("Segment Snapshots")
        ordering = ["-date", "segment", "tier"]
        constraints = [models.UniqueConstraint(fields=["segment", "date", "tier"], name="segment_snapshot_day")]
