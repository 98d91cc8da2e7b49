"""Outbox Message (发件箱): one message to one recipient on one channel, written by `securities_crm.outbox`.

Invitations, reminders and (later) campaigns queue their messages here instead of sending them on the
spot, so that a message is sent once (its `dedup_key` is unique: queuing the same message twice is one
row), a failure is retried and then kept with its reason, and staff can see what went out to whom.
Only the system writes it (`system_only`); the desk lists it read-only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ..securities_account.model import CHILD_PATHS


class Channel(models.TextChoices):
    PORTAL = "Portal", _("Portal inbox")
    EMAIL = "Email", _("Email")


class OutboxStatus(models.TextChoices):
    QUEUED = "Queued", _("Queued")
    SENT = "Sent", pgettext_lazy("outbox status", "Sent")
    FAILED = "Failed", pgettext_lazy("outbox status", "Failed")
    CANCELLED = "Cancelled", pgettext_lazy("outbox status", "Cancelled")


@doctype(
    "Outbox Message",
    module="Core",
    naming="hash",
    history=False,
    title_field="subject",
    search_fields=("subject", "client__client_name", "dedup_key"),
    system_only=True,
    **CHILD_PATHS,
    rights={
        "Marketing": "re",
        "Compliance Officer": "re",
        "Branch Manager": "r",
        "Client Manager": "r",
        "Service Agent": "r",
    },
)
class OutboxMessage(Document):
    client = models.ForeignKey(
        "securities_crm.Client",
        verbose_name=_("Client"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox_messages",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("User"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A staff recipient, or the client's own sign-in when there is no client."),
    )
    channel = models.CharField(_("Channel"), max_length=20, choices=Channel.choices, default=Channel.PORTAL)
    subject = models.CharField(_("Subject"), max_length=255)
    body = models.TextField(_("Body"), blank=True)
    context_doctype = models.CharField(_("Context Document Type"), max_length=140, blank=True)
    context_name = models.CharField(_("Context Document"), max_length=140, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED, db_index=True
    )
    send_after = models.DateTimeField(_("Send After"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("Attempts"), default=0)
    last_error = models.TextField(_("Last Error"), blank=True)
    sent_at = models.DateTimeField(_("Sent At"), null=True, blank=True)
    dedup_key = models.CharField(_("Deduplication Key"), max_length=200, unique=True)

    class Meta(Document.Meta):
        verbose_name = _("Outbox Message")
        verbose_name_plural = _("Outbox Messages")
        ordering = ["-creation"]
        indexes = [
            models.Index(fields=["status", "send_after"], name="outbox_pending"),
            models.Index(fields=["context_doctype", "context_name"], name="outbox_context"),
        ]
