"""Ingestion Batch (导入批次): one ingestion call (API, command or desk upload), with its counts,
and every rejected row with its line, field and reason (Ingestion Reject, read back in full)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from . import kinds


class BatchStatus(models.TextChoices):
    COMPLETED = "Completed", _("Completed")
    WITH_REJECTS = "Completed with Rejects", _("Completed with Rejects")


class BatchChannel(models.TextChoices):
    API = "api", _("API")
    COMMAND = "command", _("Command Line")
    DESK = "desk", _("Desk Upload")


@doctype(
    "Ingestion Batch",
    module="Integration",
    naming="series:ING-.YYYY.-.######",
    immutable=True,
    history=False,
    title_field="kind",
    search_fields=("name", "filename"),
    role_scopes={"Integration": "all"},
    system_only=True,
    rights={"Compliance Officer": "r", "Risk Officer": "r", "Integration": "rc"},
)
class IngestionBatch(Document):
    kind = models.CharField(_("Kind"), max_length=20, choices=kinds.CHOICES, db_index=True)
    source = models.CharField(_("Source System"), max_length=40, blank=True)
    channel = models.CharField(_("Channel"), max_length=10, choices=BatchChannel.choices, default=BatchChannel.API)
    filename = models.CharField(_("File Name"), max_length=255, blank=True)
    data_format = models.CharField(_("Format"), max_length=10, blank=True)
    status = models.CharField(_("Status"), max_length=30, choices=BatchStatus.choices, default=BatchStatus.COMPLETED)
    received = models.PositiveIntegerField(_("Rows Received"), default=0)
    created = models.PositiveIntegerField(_("Rows Created"), default=0)
    duplicates = models.PositiveIntegerField(_("Duplicate Rows"), default=0)
    rejected = models.PositiveIntegerField(_("Rows Rejected"), default=0)
    seconds = models.FloatField(_("Duration (s)"), default=0)
    accounts = models.PositiveIntegerField(_("Accounts Affected"), default=0)

    class Meta(Document.Meta):
        verbose_name = _("Ingestion Batch")
        verbose_name_plural = _("Ingestion Batches")
        ordering = ["-creation"]


@doctype(
    "Ingestion Reject",
    module="Integration",
    naming="autoincrement",
    immutable=True,
    history=False,
    title_field="reason",
    role_scopes={"Integration": "all"},
    system_only=True,
    rights={"Integration": "r"},
)
class IngestionReject(Document):
    name = models.BigAutoField(_("ID"), primary_key=True)
    batch = models.ForeignKey(
        IngestionBatch, verbose_name=_("Ingestion Batch"), on_delete=models.CASCADE, related_name="rejects"
    )
    line = models.PositiveIntegerField(_("Line"))
    field = models.CharField(_("Field"), max_length=64, blank=True)
    value = models.CharField(_("Value"), max_length=255, blank=True)
    reason = models.CharField(_("Reason"), max_length=255)

    class Meta(Document.Meta):
        verbose_name = _("Ingestion Reject")
        verbose_name_plural = _("Ingestion Rejects")
        ordering = ["batch", "line"]
