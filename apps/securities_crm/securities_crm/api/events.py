"""Event methods: /api/method/securities_crm.api.events.<name>.

    register(event, wants_contact=0, client=None)  -> the Event Registration, Registered or Waitlisted. A portal
                                           client registers themselves; staff who may change the event name
                                           the client. After the close: 417. An event whose audience leaves
                                           the client out: 404, as for one that does not exist.
    cancel(registration)                -> the Event Registration, Cancelled; the seat goes to the waitlist's first
    check_in(event, token)              -> the Event Registration, Attended (staff; the token a QR code holds)
    attendance(event)                   -> {capacity, seats_taken, registered, attended, waitlisted, cancelled, no_shows}
    invite(event, segment=None, clients=None) -> {"queued": n}: invitations through the outbox, once per client

Every call goes through the caller's rights and record rules.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..core import registry
from ..education import after, checkin, events
from ..permissions import policy
from . import documents
from .errors import DoesNotExist, NotPermitted, ValidationError
from .query import _json
from .serialize import to_bool
from .whitelist import whitelist


def _one(user, doctype: str, name, param: str):
    if name in (None, ""):
        raise ValidationError(_("%(param)s is required.") % {"param": param}, field=param)
    spec = registry.require(doctype)
    found = documents.visible(user, spec, "read").filter(pk=documents.pk_of(spec, name)).first()
    if found is None:
        raise DoesNotExist(_("%(doctype)s %(name)s not found") % {"doctype": _(doctype), "name": name})
    return found


def _may_manage(user, event) -> None:
    if not policy.can(user, "write", event):
        raise NotPermitted(_("You are not permitted to manage Event %(name)s.") % {"name": event.pk})


def _registration(user, pk) -> dict:
    return documents.get_doc(user, registry.require("Event Registration"), pk)


def _own_client(user):
    return getattr(user, "client", None)


@whitelist(methods=("POST",))
def register(request, event=None, wants_contact=0, client=None) -> dict:
    """Register for an event (yourself, as a client; a named client, as staff who manage the event)."""
    user = request.user
    found = _one(user, "Event", event, "event")
    who = _own_client(user)
    if who is None:
        _may_manage(user, found)
        who = _one(user, "Client", client, "client")
    model = registry.require("Event Registration").model
    try:
        with documents.model_errors(model):
            reg = events.register(found, who, wants_contact=bool(to_bool(wants_contact)))
    except events.NotForClient:
        raise DoesNotExist(_("%(doctype)s %(name)s not found") % {"doctype": _("Event"), "name": event}) from None
    return _registration(user, reg.pk)


@whitelist(methods=("POST",))
def cancel(request, registration=None) -> dict:
    """Cancel a registration (your own, as a client; any you may see, as staff who manage its event)."""
    user = request.user
    reg = _one(user, "Event Registration", registration, "registration")
    if _own_client(user) is None:
        _may_manage(user, reg.event)
    with documents.model_errors(reg.__class__):
        events.cancel(reg)
    return _registration(user, reg.pk)


@whitelist(methods=("POST",))
def check_in(request, event=None, token=None) -> dict:
    """Check in the registration a scanned QR code names; a forged, reused or other event's code is refused."""
    user = request.user
    found = _one(user, "Event", event, "event")
    _may_check_in(user, found)
    with documents.model_errors(registry.require("Event Registration").model):
        reg = checkin.check_in(found, token if isinstance(token, str) else "", user)
    return _registration(user, reg.pk)


def _may_check_in(user, event) -> None:
    """Staff who may read the event's registrations check people in at the door (not clients)."""
    if _own_client(user) is not None or not policy.has_right(
        user, "read", registry.require("Event Registration").model
    ):
        raise NotPermitted(_("You are not permitted to check people in."))


@whitelist
def attendance(request, event=None) -> dict:
    user = request.user
    found = _one(user, "Event", event, "event")
    _may_check_in(user, found)
    return after.attendance(found)


@whitelist(methods=("POST",))
def invite(request, event=None, segment=None, clients=None) -> dict:
    user = request.user
    found = _one(user, "Event", event, "event")
    _may_manage(user, found)
    seg = _one(user, "Segment", segment, "segment") if segment else None
    names = _json(clients, "clients") or []
    if isinstance(names, str):
        names = [n.strip() for n in names.split(",") if n.strip()]
    listed = [_one(user, "Client", n, "clients") for n in names]
    with documents.model_errors(found.__class__):
        return {"queued": events.invite(found, segment=seg, clients=listed)}
