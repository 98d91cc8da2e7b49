"""The audit row of a lockout (django-axes' signal; found by autodiscover)."""

from axes.signals import user_locked_out
from django.dispatch import receiver

from ..doctype.audit_log import audit
from .lockout import is_api


@receiver(user_locked_out, dispatch_uid="crm.portal.locked_out")
def _audit_lockout(sender, request, username=None, ip_address=None, **kwargs):
    channel = (
        "api"
        if request is not None and is_api(request)
        else ("desk" if request is not None and request.path.startswith("/app/") else "portal")
    )
    audit.log(
        audit.LOGIN_FAILED,
        user=username or "Guest",
        channel=channel,
        request=request,
        detail=f"Locked out after repeated failures (django-axes), from {ip_address or '-'}",
    )
