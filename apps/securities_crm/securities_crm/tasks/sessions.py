"""Session housekeeping."""

from django.contrib.sessions.models import Session
from django.utils import timezone

from ..core.jobs import set_progress

BATCH = 10_000


def clear_expired_sessions(batch_size: int = BATCH) -> int:
    """Delete sessions past their expiry, in batches, reporting progress; returns how many went.

    Safe to run twice, or after a crash half-way: it deletes whatever is still expired.
    """
    expired = Session.objects.filter(expire_date__lt=timezone.now())
    total = expired.count()
    deleted = 0
    while keys := list(expired.values_list("session_key", flat=True)[:batch_size]):
        deleted += Session.objects.filter(session_key__in=keys).delete()[0]
        set_progress(deleted, total)
    return deleted
