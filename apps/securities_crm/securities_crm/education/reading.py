"""Reading: what a client opened, read to the end and how long, and the acknowledgement mandatory risk
notices need. The portal (and the API's methods) call these for the signed-in client only; staff see who in
the audience has not acknowledged (`unacknowledged`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..doctype.content_read.model import ContentRead
from ..doctype.education_content.model import ContentChannel, EducationContent
from . import content as contents

# Time reported by one page beat is capped: a page left open in a background tab does not count as study.
MAX_SECONDS_PER_REPORT = 300


def opened(client, doc: EducationContent, channel: str = ContentChannel.PORTAL) -> ContentRead:
    """The client's read of `doc`, made on the first opening (once, even when two tabs open it at once)."""
    now = timezone.now()
    found = ContentRead.objects.filter(content=doc, client=client).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            read = ContentRead(content=doc, client=client, channel=channel, opened_at=now, last_seen_at=now)
            read.save()
            return read
    except IntegrityError:  # the other tab won: its row is the read
        return ContentRead.objects.get(content=doc, client=client)


def progress(client, doc: EducationContent, seconds: int = 0, reached_end: bool = False) -> ContentRead:
    """Add time spent (capped per report) and whether the reader reached the end."""
    try:
        seconds = max(0, min(int(seconds or 0), MAX_SECONDS_PER_REPORT))
    except (TypeError, ValueError):
        raise ValidationError({"seconds": _("Give the seconds as a whole number.")}) from None
    read = opened(client, doc)
    now = timezone.now()
    changes = {"seconds_spent": F("seconds_spent") + seconds, "last_seen_at": now}
    if reached_end and not read.read_to_end:
        changes.update(read_to_end=True, finished_at=now)
    ContentRead.objects.filter(pk=read.pk).update(**changes)
    read.refresh_from_db()
    return read


def acknowledge(client, doc: EducationContent) -> ContentRead:
    """The client confirms a mandatory notice (once; acknowledging again keeps the first time)."""
    if not doc.mandatory:
        raise ValidationError({"content": _("This content does not ask for an acknowledgement.")})
    read = opened(client, doc)
    now = timezone.now()
    ContentRead.objects.filter(pk=read.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, read_to_end=True, finished_at=read.finished_at or now, last_seen_at=now
    )
    read.refresh_from_db()
    return read


def pending_acknowledgements(client, now=None) -> QuerySet:
    """The mandatory notices live for this client that they have not acknowledged."""
    live = EducationContent.objects.for_client(client, now).filter(mandatory=True)
    done = ContentRead.objects.filter(client=client, acknowledged_at__isnull=False).values("content_id")
    return live.exclude(pk__in=done)


def unacknowledged(doc: EducationContent) -> QuerySet:
    """The clients in the content's audience who have not acknowledged it."""
    done = ContentRead.objects.filter(content=doc, acknowledged_at__isnull=False).values("client_id")
    return contents.audience(doc).exclude(pk__in=done)
