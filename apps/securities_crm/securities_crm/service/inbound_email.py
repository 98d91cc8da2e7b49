"""Inbound email: a raw RFC 822 message, as a mail gateway posts it, into a ticket's thread.

Threading: the ticket's token in the subject ("[TKT-2026-000123]"), or a Message-ID of the ticket's
thread in In-Reply-To or References. Either way only for the sender the ticket belongs to (its contact
address or its client's email): a message that names someone else's ticket opens a new one, so mail
never lands in another person's thread. Quoted text (lines after "On ... wrote:", "> " lines, Outlook's
and Chinese mail clients' original-message blocks) is cut. A Message-ID seen before is not stored twice.
Parsed with Python's own `email` package (policy.default: decoded headers, MIME parts, charsets).
"""

from __future__ import annotations

import email
import re
from email import policy
from email.utils import getaddresses
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..doctype.service_ticket.model import ServiceTicket
from ..doctype.service_ticket_message.model import ServiceTicketMessage
from ..doctype.shared.service import TicketChannel
from . import attachments, tickets

TOKEN = re.compile(r"\[(TKT-\d{4}-\d{6})\]")
MSGID = re.compile(r"<([^<>\s]+)>")
REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|回复|答复|转发)\s*[:：]\s*)+", re.I)
QUOTE_HEADERS = [
    re.compile(r"^\s*On .{0,300}wrote:\s*$", re.I | re.S),
    re.compile(r"^\s*在.{0,300}写道[:：]\s*$", re.S),
    re.compile(r"^\s*-{2,}\s*(Original Message|原始邮件|Forwarded message|转发的邮件)\s*-{2,}\s*$", re.I),
    re.compile(r"^\s*(From|发件人)\s*[:：].+$", re.I),
]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("br", "p", "div", "tr", "li", "blockquote"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def strip_quoted(text: str) -> str:
    """The new text of a reply: stop at the first quote header or block of "> " lines."""
    kept = []
    lines = text.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        two = line + " " + (lines[i + 1] if i + 1 < len(lines) else "")
        if any(p.match(line) for p in QUOTE_HEADERS) or QUOTE_HEADERS[0].match(two.strip()):
            break
        if line.startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def _ids(value) -> list[str]:
    return MSGID.findall(str(value or ""))


def _body(msg) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    return html_text(content) if part.get_content_type() == "text/html" else content


def _allowed(ticket, sender: str) -> bool:
    sender = sender.lower()
    owners = {ticket.contact_email.lower()} if ticket.contact_email else set()
    if ticket.client_id and ticket.client.email:
        owners.add(ticket.client.email.lower())
    return sender in owners and not ticket.confidential


def thread(subject: str, references: list[str], sender: str):
    """The ticket this message answers, if it is the sender's; None to open a new one."""
    match = TOKEN.search(subject or "")
    if match:
        ticket = ServiceTicket.objects.select_related("client").filter(pk=match.group(1)).first()
        if ticket is not None and _allowed(ticket, sender):
            return ticket
    if references:
        for message in (
            ServiceTicketMessage.objects.select_related("ticket__client")
            .filter(external_id__in=references)
            .order_by("-sent_at")
        ):
            if _allowed(message.ticket, sender):
                return message.ticket
    return None


@transaction.atomic
def receive(raw: bytes) -> ServiceTicketMessage:
    """Store one inbound email: in its thread, or as a new ticket. Returns the message."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    msg = email.message_from_bytes(raw, policy=policy.default)
    addresses = [a for _n, a in getaddresses([str(msg.get("From", ""))]) if "@" in a]
    if not addresses:
        raise ValidationError({"from": _("The message has no sender address (From).")})
    sender = addresses[0].strip()
    name = next((n for n, a in getaddresses([str(msg.get("From", ""))]) if a == sender), "")
    message_id = (_ids(msg.get("Message-ID")) or [""])[0]
    if message_id:
        seen = ServiceTicketMessage.objects.filter(external_id=message_id).first()
        if seen is not None:
            return seen
    subject = str(msg.get("Subject", "") or "")
    references = _ids(msg.get("In-Reply-To")) + _ids(msg.get("References"))
    text = strip_quoted(_body(msg))
    files = [
        (part.get_filename() or "attachment", part.get_payload(decode=True) or b"") for part in msg.iter_attachments()
    ]
    stored = attachments.store(files)
    ticket = thread(subject, references, sender)
    if ticket is not None:
        return tickets.client_message(
            ticket, text, channel=TicketChannel.EMAIL, sender_address=sender, external_id=message_id, stored=stored
        )
    clean = TOKEN.sub("", REPLY_PREFIX.sub("", subject)).strip() or _("(no subject)")
    new = tickets.open_ticket(clean, channel=TicketChannel.EMAIL, contact_name=name, contact_email=sender)
    return tickets.client_message(
        new, text, channel=TicketChannel.EMAIL, sender_address=sender, external_id=message_id, stored=stored
    )
