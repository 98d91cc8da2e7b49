"""The inbox other modules write to, like Frappe's Notification Log.

    from securities_crm.notifications import notify

    notify(alert.assigned_to, _("Risk alert assigned to you"), alert.rule.name, doc=alert, kind="Assignment")

Each recipient gets one Notification Log row, which only they read: the desk lists it under
Home → Notifications with an unread count, and a client sees theirs on the portal home.
The sender is whoever is acting (core.session), "Administrator" in jobs. Subjects are stored
as given: pass text already in the recipient's language, or a short neutral one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction

from .core import session
from .doctype.notification_log.model import NotificationLog


def _users(recipients) -> list:
    """A user, a username, or an iterable of them, as User objects (unknown usernames are an error)."""
    User = get_user_model()
    if isinstance(recipients, (User, str)):
        recipients = [recipients]
    users, names = [], []
    for r in recipients:
        (names if isinstance(r, str) else users).append(r)
    if names:
        found = {u.get_username(): u for u in User.objects.filter(username__in=names)}
        missing = sorted(set(names) - set(found))
        if missing:
            raise User.DoesNotExist(f"no such user: {', '.join(missing)}")
        users += [found[n] for n in names]
    return users


def notify(recipients, subject: str, message: str = "", *, doc=None, kind: str = "Alert"):
    """Put a notification in each recipient's inbox; `doc` is the document it is about, if any.

    `recipients` is a user, a username, or an iterable of them. `kind` is one of Notification
    Log's types: Alert, Assignment, Reminder, Share. Returns the new Notification Log (a list of
    them when given several recipients). All are written or none.
    """
    many = not isinstance(recipients, (get_user_model(), str)) and isinstance(recipients, Iterable)
    logs = []
    with transaction.atomic():
        for user in _users(recipients):
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
            logs.append(log)
    return logs if many else logs[0]


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return NotificationLog.objects.filter(for_user=user, read=False).count()


def mark_read(user, names: Iterable[str] | None = None) -> int:
    """Mark the user's notifications read (all, or those named); returns how many changed."""
    unread = NotificationLog.objects.filter(for_user=user, read=False)
    if names is not None:
        unread = unread.filter(name__in=list(names))
    return unread.update(read=True)
