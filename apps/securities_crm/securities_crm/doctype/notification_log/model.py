from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype


@doctype(
    "Notification Log",
    module="Core",
    naming="hash",
    history=False,
    title_field="subject",
    user_path="for_user",
    role_scopes={"*": "user"},
    search_fields=("subject",),
    server_set=("for_user", "from_user", "type", "subject", "message", "document_type", "document_name"),
    rights={
        "Branch Manager": "rw",
        "Client Manager": "rw",
        "Advisor": "rw",
        "Compliance Officer": "rw",
        "Risk Officer": "rw",
        "Service Agent": "rw",
        "Marketing": "rw",
        "Client": "rw",
    },
)
class NotificationLog(Document):
    class Kind(models.TextChoices):
        ALERT = "Alert", _("Alert")
        ASSIGNMENT = "Assignment", _("Assignment")
        REMINDER = "Reminder", _("Reminder")
        SHARE = "Share", pgettext_lazy("notification type", "Share")

    for_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("For User"), on_delete=models.CASCADE, related_name="notifications"
    )
    from_user = models.CharField(_("From User"), max_length=150, blank=True)
    type = models.CharField(_("Type"), max_length=20, choices=Kind.choices, default=Kind.ALERT)
    subject = models.CharField(_("Subject"), max_length=255)
    message = models.TextField(_("Message"), blank=True)
    document_type = models.CharField(_("Document Type"), max_length=140, blank=True)
    document_name = models.CharField(_("Document"), max_length=140, blank=True)
    read = models.BooleanField(_("Read"), default=False, db_index=True)

    class Meta(Document.Meta):
        verbose_name = _("Notification")
        verbose_name_plural = _("Notifications")
        indexes = [models.Index(fields=["for_user", "read", "-creation"])]
