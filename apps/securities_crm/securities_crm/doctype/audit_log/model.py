import secrets

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...core import session
from ...core.document import Document, doctype
from ...security import audit


class AuditAction(models.TextChoices):
    READ = audit.READ, _("Read Full Value")
    LOGIN = audit.LOGIN, _("Login")
    LOGIN_FAILED = audit.LOGIN_FAILED, _("Login Failed")
    LOGOUT = audit.LOGOUT, _("Logout")
    EXPORT = audit.EXPORT, _("Export")
    IMPORT = audit.IMPORT, _("Import")
    ROLE_CHANGE = audit.ROLE_CHANGE, _("Role Change")
    KEY_ROTATION = audit.KEY_ROTATION, _("Key Rotation")
    PRIVACY_REQUEST = audit.PRIVACY_REQUEST, _("Privacy Request")
    SEARCH = audit.SEARCH, _("Search by Sensitive Field")


class AuditChannel(models.TextChoices):
    DESK = "desk", _("Desk")
    API = "api", _("API")
    PORTAL = "portal", _("Portal")
    EXPORT = "export", _("Export")
    SYSTEM = "system", _("System")


@doctype("Audit Log", module="Security", naming="hash", immutable=True, history=False, system_only=True,
         search_fields=("user", "reference_name", "reference_doctype"))
class AuditLog(Document):
    action = models.CharField(_("Action"), max_length=30, choices=AuditAction.choices, db_index=True)
    user = models.CharField(_("User"), max_length=150, db_index=True)
    reference_doctype = models.CharField(_("Document Type"), max_length=140, blank=True)
    reference_name = models.CharField(_("Document"), max_length=140, blank=True)
    field_name = models.CharField(_("Field"), max_length=140, blank=True)
    channel = models.CharField(_("Channel"), max_length=20, choices=AuditChannel.choices,
                               default=AuditChannel.SYSTEM)
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


# --- events recorded from Django's own signals -----------------------------------------------
@receiver(user_logged_in, dispatch_uid="crm.audit.login")
def _logged_in(sender, request, user, **kwargs):
    audit.log(audit.LOGIN, user=user, channel=_channel(request), request=request)


@receiver(user_logged_out, dispatch_uid="crm.audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.log(audit.LOGOUT, user=user, channel=_channel(request), request=request)


@receiver(user_login_failed, dispatch_uid="crm.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or credentials.get("usr") or "")[:150] or "Guest"
    audit.log(audit.LOGIN_FAILED, user=username, channel=_channel(request), request=request,
              detail=f"username={username}")


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="crm.audit.roles")
def _roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or (action != "post_clear" and not pk_set):
        return
    from django.contrib.auth.models import Group

    if reverse:  # group.user_set.add(...): instance is the role, pk_set the users
        users = [u.get_username() for u in User.objects.filter(pk__in=pk_set or [])]
        roles = [instance.name]
    else:
        users = [instance.get_username()]
        roles = list(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    for username in users:
        audit.log(audit.ROLE_CHANGE, doctype="User", name=username, channel="system",
                  detail=f"{verb}: {', '.join(roles) or '*'}")


def _channel(request) -> str:
    path = getattr(request, "path", "") or ""
    if path.startswith("/api/") or path == "/":
        return "api"
    if path.startswith("/portal/"):
        return "portal"
    return "desk" if request is not None else "system"
