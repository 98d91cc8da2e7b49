"""Registering for events: seats, the waitlist and its promotions, cancellation, invitations.

Every change to who holds a seat locks the event's row first (`_lock`), so two registrations, or a
registration and a cancellation, never count the same free seat: the seats taken never exceed the
capacity, whatever the database. On PostgreSQL and MariaDB that is SELECT ... FOR UPDATE; SQLite has
no row locks, but the site opens its transactions IMMEDIATE (settings.py), so SQLite's one write lock
is taken before anything is counted and writers queue.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import outbox
from ..doctype.client.model import Client
from ..doctype.event.model import Event, EventStatus
from ..doctype.event_registration.model import SEATED, EventRegistration, RegistrationStatus
from ..doctype.outbox_message.model import Channel, OutboxMessage
from ..doctype.segment_membership.model import SegmentMembership

Status = RegistrationStatus


class NotForClient(Exception):
    """The event is not published, or its audience leaves this client out: to them it does not exist."""


def _lock(event_pk) -> Event:
    return Event.objects.select_for_update().get(pk=event_pk)


def seats_taken(event) -> int:
    return EventRegistration.objects.filter(event=event, status__in=SEATED).count()


def channel_for(client) -> str | None:
    """Where a client hears from us: the portal inbox when they have a sign-in, else email, else nowhere."""
    if client.user_id:
        return Channel.PORTAL
    return Channel.EMAIL if client.email else None


def tell(client, key: str, subject: str, body: str, context, send_after=None):
    """Queue one message to a client through the outbox, once per key (nothing when they cannot be reached)."""
    channel = channel_for(client)
    if channel is None:
        return None
    return outbox.queue(
        recipient_client=client,
        channel=channel,
        subject=subject,
        body=body,
        dedup_key=key,
        context=context,
        send_after=send_after,
    )


def register(event, client, *, wants_contact: bool = False, now=None) -> EventRegistration:
    """Register `client`: a seat while there is one, else the waitlist. Registering again returns the
    registration as it stands; one who cancelled gets their row back, at the end of the queue."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock(event.pk)
        if not event.admits(client):
            raise NotForClient(event.pk)
        reg = EventRegistration.objects.filter(event=event, client=client).first()
        if reg is not None and reg.status != Status.CANCELLED:
            return reg
        if event.registration_opens and now < event.registration_opens:
            raise ValidationError({"event": _("Registration for this event has not opened yet.")})
        if now >= event.closes_at:
            raise ValidationError({"event": _("Registration for this event has closed.")})
        reg = reg or EventRegistration(event=event, client=client)
        reg.wants_contact = bool(wants_contact)
        reg.registered_at, reg.cancelled_at, reg.promoted_at = now, None, None
        if seats_taken(event) < event.capacity:
            reg.status, reg.waitlist_position = Status.REGISTERED, None
        else:
            last = EventRegistration.objects.filter(event=event, status=Status.WAITLISTED).aggregate(
                n=Max("waitlist_position")
            )["n"]
            reg.status, reg.waitlist_position = Status.WAITLISTED, (last or 0) + 1
        try:
            with transaction.atomic():
                reg.save()
        except IntegrityError:  # only without row locks could two rows for one client race here
            return EventRegistration.objects.get(event=event, client=client)
    return reg


def cancel(reg, *, now=None) -> EventRegistration:
    """Cancel a registration; a freed seat goes to the first on the waitlist."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock(reg.event_id)
        reg = EventRegistration.objects.get(pk=reg.pk)
        if reg.status == Status.CANCELLED:
            return reg
        if reg.status == Status.ATTENDED:
            raise ValidationError({"status": _("An attended registration cannot be cancelled.")})
        if event.ends_at <= now:
            raise ValidationError({"status": _("The event is over.")})
        reg.status, reg.cancelled_at, reg.waitlist_position = Status.CANCELLED, now, None
        reg.save()
        outbox.cancel(context=reg)  # its reminders, should any still wait
        promote(event, now=now)
    return reg


def promote(event, *, now=None) -> list[EventRegistration]:
    """Give free seats to the waitlist, first come first served, and number those still waiting from 1
    (the caller holds the event's lock)."""
    now = now or timezone.now()
    free = event.capacity - seats_taken(event)
    promoted: list[EventRegistration] = []
    waiting = EventRegistration.objects.filter(event=event, status=Status.WAITLISTED).select_related("client")
    waiting = waiting.order_by("waitlist_position", "registered_at", "name")
    for reg in list(waiting[: max(free, 0)]) if event.starts_at > now else []:
        reg.status, reg.waitlist_position, reg.promoted_at = Status.REGISTERED, None, now
        reg.save()
        promoted.append(reg)
        tell(
            reg.client,
            f"event-promoted:{reg.pk}:{now:%Y%m%d%H%M%S%f}",
            _("A seat is yours: %(event)s") % {"event": event.event_name},
            _("A seat freed up and your registration for %(event)s on %(when)s is confirmed.")
            % {"event": event.event_name, "when": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")},
            reg,
        )
    # Those still waiting move up: positions stay 1, 2, 3... so the portal's "number n" is true.
    for position, pk in enumerate(waiting.values_list("pk", flat=True), start=1):
        EventRegistration.objects.filter(pk=pk).exclude(waitlist_position=position).update(
            waitlist_position=position, modified=now
        )
    return promoted


def fill_seats(event, *, now=None) -> list[EventRegistration]:
    """After the capacity grows: give the new seats to the waitlist (under the event's lock)."""
    with transaction.atomic():
        return promote(_lock(event.pk), now=now)


def invite_audience(event) -> int:
    """Invite the members of the event's audience segments (see invite)."""
    return sum(invite(event, segment=segment) for segment in event.audience_segments.all())


def invite(event, *, segment=None, clients=()) -> int:
    """Invite a segment's current members and/or a list of clients, through the outbox: each client once
    per event, however often this runs. Clients the event's audience leaves out are skipped.
    Returns how many invitations were newly queued."""
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError({"status": _("Publish the event before inviting anyone.")})
    ids = {getattr(c, "pk", c) for c in clients}
    if segment is not None:
        ids |= set(
            SegmentMembership.objects.filter(segment=segment, left_on__isnull=True).values_list("client_id", flat=True)
        )
    queued = 0
    when = timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")
    for client in Client.objects.filter(pk__in=ids).order_by("pk"):
        if not event.admits(client):
            continue
        key = f"event-invite:{event.pk}:{client.pk}"
        before = OutboxMessage.objects.filter(dedup_key=key).exists()
        message = tell(
            client,
            key,
            _("You are invited: %(event)s") % {"event": event.event_name},
            _("%(event)s, %(when)s. Register in the portal under Events.") % {"event": event.event_name, "when": when},
            event,
        )
        queued += int(message is not None and not before)
    return queued
