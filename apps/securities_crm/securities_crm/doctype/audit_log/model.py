import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...core import session
from ...core.document import Document, doctype


class AuditAction(models.TextChoices):
    READ = "Read Full Value", _("Read Full Value")
    LOGIN = "Login", _("Login")
    LOGIN_FAILED = "Login Failed", _("Login Failed")
    LOGOUT = "Logout", _("Logout")
    EXPORT = "Export", _("Export")
    IMPORT = "Import", _("Import")
    ROLE_CHANGE = "Role Change", _("Role Change")
    KEY_ROTATION = "Key Rotation", _("Key Rotation")
    PRIVACY_REQUEST = "Privacy Request", _("Privacy Request")
    # a lookup by an encrypted field's value (the value itself is never logged)
    SEARCH = "Search Sensitive Field", _("Search by Sensitive Field")


class AuditChannel(models.TextChoices):
    DESK = "desk", _("Desk")
    API = "api", _("API")
    PORTAL = "portal", _("Portal")
    EXPORT = "export", _("Export")
    SYSTEM = "system", _("System")


@doctype(
    "Audit Log",
    module="Security",
    naming="hash",
    immutable=True,
    history=False,
    system_only=True,
    search_fields=("user", "reference_name", "reference_doctype"),
    rights={"Compliance Officer": "re"},
)
class AuditLog(Document):
    action = models.CharField(_("Action"), max_length=30, choices=AuditAction.choices, db_index=True)
    user = models.CharField(_("User"), max_length=150, db_index=True)
    reference_doctype = models.CharField(_("Document Type"), max_length=140, blank=True)
    reference_name = models.CharField(_("Document"), max_length=140, blank=True)
    field_name = models.CharField(_("Field"), max_length=140, blank=True)
    channel = models.CharField(_("Channel"), max_length=20, choices=AuditChannel.choices, default=AuditChannel.SYSTEM)
    ip_address = models.GenericIPAddressField(_("IP Address"), null=True, blank=True)
    detail = models.TextField(_("Detail"), blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Audit Log")
        verbose_name_plural = _("Audit Logs")
        ordering = ["-creation"]
        indexes = [models.Index(fields=["reference_doctype", "reference_name"])]

    def autoname(self):
        # Random and long: audit rows are written by many requests at once, so no shared counter.
        self.name = secrets.token_hex(10)

    @classmethod
    def insert_many(cls, rows: list["AuditLog"]) -> None:
        now, user = timezone.now(), session.get_user()
        for row in rows:
            row.autoname()
            row.creation = row.modified = now
            row.owner = row.modified_by = user
        cls.objects.bulk_create(rows, batch_size=500)
