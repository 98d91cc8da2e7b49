"""Audit rows for events Django signals: logins, failed logins, logouts and role changes.
Connected by core.discovery.autodiscover("receivers") from AppConfig.ready."""

from django.contrib.auth.models import Group, User
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from . import audit


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
    audit.log(
        audit.LOGIN_FAILED, user=username, channel=_channel(request), request=request, detail=f"username={username}"
    )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="crm.audit.roles")
def _roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or (action != "post_clear" and not pk_set):
        return
    if reverse:  # group.user_set.add(...): instance is the role, pk_set the users
        users = [u.get_username() for u in User.objects.filter(pk__in=pk_set or [])]
        roles = [instance.name]
    else:
        users = [instance.get_username()]
        roles = list(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    for username in users:
        audit.log(
            audit.ROLE_CHANGE,
            doctype="User",
            name=username,
            channel="system",
            detail=f"{verb}: {', '.join(roles) or '*'}",
        )


def _channel(request) -> str:
    path = getattr(request, "path", "") or ""
    if path.startswith("/api/") or path == "/":
        return "api"
    if path.startswith("/portal/"):
        return "portal"
    return "desk" if request is not None else "system"
