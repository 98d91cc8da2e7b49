"""Service methods: /api/method/securities_crm.api.service.<name>.

    transition(ticket, to, reason)          move a Service Ticket to the status `to` (a move of its workflow)
    reply(ticket, body, internal=0, status=None, reason=None)  a staff reply or internal note (files: multipart
                                            `file`), then optionally a move; the first reply the client sees
                                            is the first response
    assign(ticket, to, team=None)           hand the ticket to a user (username; empty: unassign)
    set_away(away)                          mark yourself away: assignment rules skip you
    inbound_email                           the body is one raw RFC 822 message, as a mail gateway posts it
    wechat, app, sms                        the channels' signed webhooks (see each method's description)

Every method goes through the caller's rights and record rules: a ticket the caller may not see is
"not found" (404), so a client never learns another client's ticket exists.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _

from ..core import registry
from ..core import workflow as workflows
from ..doctype.service_team.model import ServiceTeam
from ..doctype.service_ticket.model import ServiceTicket
from ..doctype.service_ticket_message.model import ServiceTicketMessage
from ..doctype.shared.service import TicketStatus
from ..doctype.staff_profile.model import StaffProfile
from ..permissions import policy
from ..service import assignment, channels, tickets
from ..service import inbound_email as email_in
from . import documents
from .errors import AuthenticationError, DoesNotExist, NotPermitted, ValidationError, validation_messages
from .response import loads
from .whitelist import whitelist

SIGNATURE_HELP = """
Sign each call with the channel's secret (settings CRM_CHANNEL_SECRETS): send `X-CRM-Timestamp` (Unix time,
seconds) and `X-CRM-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>`. A call more than
300 seconds from the server's clock, or one already received, is refused with 401 and nothing is stored.
The body: {"message_id": "...", "sender": "<openid, app user id or mobile>", "text": "...", "mobile": "...",
"name": "..."}; message_id makes a retried delivery idempotent.

Verification example (Python):

    import hashlib, hmac, json, time, urllib.request
    body = json.dumps({"message_id": "m-1", "sender": "oX7f...", "text": "你好"}).encode()
    ts = str(int(time.time()))
    sig = "sha256=" + hmac.new(SECRET.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    urllib.request.urlopen(urllib.request.Request(URL, body, {"Content-Type": "application/json",
                           "X-CRM-Timestamp": ts, "X-CRM-Signature": sig}))
"""


def _text(name: str, value, required: bool = True) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(_("%(name)s: this value is required.") % {"name": name}, field=name)
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ValidationError(_("%(name)s: must be text.") % {"name": name}, field=name)
    return str(value).strip()


def _flag(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _ticket(user, name, action: str = "read") -> ServiceTicket:
    name = _text("ticket", name)
    spec = registry.get("Service Ticket")
    found = documents.visible(user, spec, "read").filter(pk=name).first()
    if found is None:
        raise DoesNotExist(_("Service Ticket %(name)s not found") % {"name": name})
    if action != "read" and not policy.can(user, action, found):
        raise NotPermitted(_("You are not permitted to change Service Ticket %(name)s.") % {"name": name})
    return found


def _model_errors(exc: DjangoValidationError, model=ServiceTicket):
    return ValidationError(*validation_messages(exc, model))


@whitelist(methods=("POST",))
def transition(request, ticket=None, to=None, reason=None) -> dict:
    """Move a Service Ticket to another status (Open, Replied, Awaiting Client, On Hold, Resolved, Closed) by
    its workflow, saying why; returns the ticket. A status the workflow does not reach from here is refused."""
    user = request.user
    found = _ticket(user, ticket, "write")
    target = _text("to", to)
    if target not in TicketStatus.values:
        raise ValidationError(
            _("to: %(value)s is not one of %(allowed)s.")
            % {"value": target, "allowed": ", ".join(TicketStatus.values)},
            field="to",
        )
    move = found.doctype.workflow.to(found.status, target)
    if move is None:
        raise ValidationError(
            _("to: a ticket that is %(state)s cannot move to %(target)s.")
            % {"state": TicketStatus(found.status).label, "target": TicketStatus(target).label},
            field="to",
        )
    if not policy.may_move(user, found, move):
        raise NotPermitted(
            _("You may not %(action)s Service Ticket %(name)s.")
            % {"action": move.label or move.action, "name": found.pk}
        )
    try:
        workflows.apply(found, move.action, user, reason if isinstance(reason, str) else "")
    except DjangoValidationError as exc:
        raise _model_errors(exc) from None
    return documents.get_doc(user, registry.get("Service Ticket"), found.pk)


@whitelist(methods=("POST",))
def reply(request, ticket=None, body=None, internal=None, status=None, reason=None) -> dict:
    """Reply to the client (or, internal=1, add a note only staff see), with files as multipart `file` fields;
    optionally move the ticket to `status` after. Returns the message."""
    user = request.user
    found = _ticket(user, ticket, "write")
    files = request.FILES.getlist("file") if request.method == "POST" else []
    try:
        message = tickets.reply(
            found,
            user,
            _text("body", body, required=not files),
            internal=_flag(internal),
            files=files,
            status=_text("status", status, required=False) or None,
            reason=_text("reason", reason, required=False),
        )
    except DjangoValidationError as exc:
        raise _model_errors(exc) from None
    return {
        "name": message.pk,
        "ticket": found.pk,
        "internal": message.internal,
        "attachments": [{k: a[k] for k in ("name", "content_type", "size")} for a in message.attachments],
        "status": found.status,
    }


@whitelist(methods=("POST",))
def assign(request, ticket=None, to=None, team=None) -> dict:
    """Hand a ticket to a staff member (`to`, a username; empty to unassign), optionally of another `team`."""
    user = request.user
    found = _ticket(user, ticket, "write")
    assignee = None
    username = _text("to", to, required=False)
    if username:
        assignee = get_user_model().objects.filter(username=username, is_active=True).first()
        if assignee is None:
            raise ValidationError(_("to: there is no active user %(name)s.") % {"name": username}, field="to")
        if not policy.can(assignee, "write", found):
            raise ValidationError(_("to: %(name)s may not work on this ticket.") % {"name": username}, field="to")
    team_name = _text("team", team, required=False)
    if team_name:
        found.team = ServiceTeam.objects.filter(pk=team_name).first()
        if found.team is None:
            raise ValidationError(_("team: there is no team %(name)s.") % {"name": team_name}, field="team")
    try:
        assignment.assign(found, assignee, by=user)
    except DjangoValidationError as exc:
        raise _model_errors(exc) from None
    return {"name": found.pk, "assigned_to": username or None, "team": found.team_id}


@whitelist(methods=("POST",))
def set_away(request, away=None) -> dict:
    """Mark yourself away (away=1) or back (away=0): assignment rules give no new tickets to staff away."""
    profile = StaffProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise NotPermitted(_("Only staff have a profile to mark away."))
    profile.away = _flag(away)
    profile._change_reason = _("Marked away") if profile.away else _("Marked back")
    profile.save()
    return {"user": request.user.get_username(), "away": profile.away}


@whitelist(methods=("POST",))
def inbound_email(request, message=None) -> dict:
    """One inbound email: the request body is the raw RFC 822 message (Content-Type message/rfc822 or
    text/plain), or a `message` field holding it. It joins the thread whose token ([TKT-...]) its subject
    carries, or whose Message-ID it references, when the sender is that ticket's; otherwise it opens a
    ticket. Needs the create right on Service Ticket (a mail gateway's key: the Integration role)."""
    documents.require_right(request.user, registry.get("Service Ticket"), "create")
    raw = message.encode("utf-8") if isinstance(message, str) and message.strip() else request.body
    if not raw or not raw.strip():
        raise ValidationError(_("message: send the raw email as the request body."), field="message")
    try:
        stored = email_in.receive(raw)
    except DjangoValidationError as exc:
        raise _model_errors(exc, ServiceTicketMessage) from None
    return {"ticket": stored.ticket_id, "message": stored.pk, "status": stored.ticket.status}


def _webhook(request, channel: str) -> dict:
    try:
        channels.verify(
            channel, request.headers.get("X-CRM-Timestamp"), request.headers.get("X-CRM-Signature"), request.body
        )
    except channels.WebhookRefused as exc:
        raise AuthenticationError(str(exc)) from None
    try:
        payload = loads(request.body or b"{}")
    except ValueError:
        raise ValidationError(_("The request body is not valid JSON.")) from None
    try:
        message = channels.receive(channel, payload)
    except DjangoValidationError as exc:
        raise _model_errors(exc, ServiceTicketMessage) from None
    return {"ticket": message.ticket_id, "message": message.pk, "matched": message.ticket.client_id is not None}


@whitelist(allow_guest=True, methods=("POST",))
def wechat(request) -> dict:
    """WeChat messages from the WeChat gateway, signed (see below)."""
    return _webhook(request, "wechat")


@whitelist(allow_guest=True, methods=("POST",))
def app(request) -> dict:
    """Messages from the mobile app's chat, signed (see below)."""
    return _webhook(request, "app")


@whitelist(allow_guest=True, methods=("POST",))
def sms(request) -> dict:
    """Text messages from the SMS gateway, signed (see below); the sender is the client's mobile."""
    return _webhook(request, "sms")


for _fn in (wechat, app, sms):
    _fn.__doc__ = (_fn.__doc__ or "") + "\n" + SIGNATURE_HELP
