"""The inbox other modules write to, like `frappe.publish_realtime` + Notification Log."""
from .core import session


def notify(user, subject: str, message: str = "", *, doc=None, kind: str = "Alert"):
    """Put a notification in `user`'s inbox; `doc` is the document it is about, if any."""
    from .doctype.notification_log.model import NotificationLog

    log = NotificationLog(
        for_user=user,
        from_user=session.get_user(),
        type=kind,
        subject=str(subject)[:255],
        message=str(message),
        document_type=doc.doctype.name if doc is not None else "",
        document_name=str(doc.pk) if doc is not None else "",
    )
    log.save()
    return log


def unread_count(user) -> int:
    from .doctype.notification_log.model import NotificationLog

    return NotificationLog.objects.filter(for_user=user, read=False).count()
