"""WeChat, app and SMS: one webhook per channel, signed, with a replay window.

A gateway signs each call with the channel's secret (settings.CRM_CHANNEL_SECRETS, {"wechat": "...",
"app": "...", "sms": "..."}): the header `X-CRM-Timestamp` is the Unix time in seconds and
`X-CRM-Signature` is "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + raw body). A call older or
newer than WINDOW seconds, or one whose signature was seen within the window, is refused before
anything is read or stored (verify() raises WebhookRefused; the API answers 401).

The body: {"message_id", "sender", "text", "mobile"?, "name"?}. A message joins the sender's unfinished
ticket on that channel; otherwise it opens one, matched to a client by mobile (SMS senders are mobiles)
or through the sender's earlier tickets, and unmatched when the sender is unknown. `message_id` makes a
retried delivery store nothing twice.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..doctype.service_ticket.model import ServiceTicket
from ..doctype.service_ticket_message.model import ServiceTicketMessage
from ..doctype.shared.service import TicketChannel, TicketStatus
from . import tickets

WINDOW = 300  # seconds either side of now
CHANNELS = {"wechat": TicketChannel.WECHAT, "app": TicketChannel.APP, "sms": TicketChannel.SMS}


class WebhookRefused(Exception):
    """A call that is not signed by the gateway, or is too old, or was seen before."""


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The signature a gateway sends (and what verify() expects)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(channel: str, timestamp: str | None, signature: str | None, body: bytes, now: float | None = None) -> None:
    secret = (getattr(settings, "CRM_CHANNEL_SECRETS", {}) or {}).get(channel)
    if not secret:
        raise WebhookRefused(_("The %(channel)s channel is not configured.") % {"channel": channel})
    try:
        stamp = int(str(timestamp or "").strip())
    except ValueError:
        raise WebhookRefused(_("A signed timestamp is required.")) from None
    if abs((now if now is not None else time.time()) - stamp) > WINDOW:
        raise WebhookRefused(_("The call is outside the replay window."))
    given = str(signature or "").strip()
    if not hmac.compare_digest(sign(secret, stamp, body), given):
        raise WebhookRefused(_("The signature does not match."))
    # once per signature within the window (and a little beyond): a replayed call is refused
    if not cache.add(f"webhook-sig:{channel}:{given[-64:]}", 1, timeout=2 * WINDOW + 60):
        raise WebhookRefused(_("This call was already received."))


def _text(payload: dict, key: str, limit: int, required: bool = False) -> str:
    value = payload.get(key)
    if value is None or value == "":
        if required:
            raise ValidationError({key: _("This value is required.")})
        return ""
    if not isinstance(value, (str, int)):
        raise ValidationError({key: _("Must be text.")})
    value = str(value).strip()
    if len(value) > limit:
        raise ValidationError({key: _("At most %(n)d characters.") % {"n": limit}})
    return value


@transaction.atomic
def receive(channel: str, payload) -> ServiceTicketMessage:
    """Store one verified message from a channel's gateway."""
    if not isinstance(payload, dict):
        raise ValidationError({"body": _("The body must be a JSON object.")})
    kind = CHANNELS[channel]
    message_id = _text(payload, "message_id", 200, required=True)
    sender = _text(payload, "sender", 140, required=True)
    text = _text(payload, "text", 10000, required=True)
    mobile = _text(payload, "mobile", 20) or (sender if kind == TicketChannel.SMS else "")
    name = _text(payload, "name", 140)
    external_id = f"{channel}:{message_id}"
    seen = ServiceTicketMessage.objects.filter(external_id=external_id).first()
    if seen is not None:
        return seen
    mine = ServiceTicket.objects.filter(channel=kind, sender_id=sender)
    ticket = mine.exclude(status=TicketStatus.CLOSED).order_by("-creation").first()
    if ticket is not None:
        return tickets.client_message(ticket, text, channel=kind, sender_address=sender, external_id=external_id)
    client = tickets.match_client(mobile, "")
    if client is None:
        known = mine.filter(client__isnull=False).order_by("-creation").first()
        client = known.client if known is not None else None
    ticket = tickets.open_ticket(
        "",
        text,
        channel=kind,
        client=client,
        contact_name=name,
        contact_mobile=mobile,
        sender_id=sender,
        sender_address=sender,
        external_id=external_id,
    )
    return ticket.messages.get(external_id=external_id)
