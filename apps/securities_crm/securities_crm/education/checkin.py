"""Check-in: each registration's QR code holds a signed token; staff scan it once, at the door.

The token is the registration and its event, signed with the site's secret (django.core.signing), so
one cannot be made up or altered. It works once: the first scan marks the registration Attended and
every later scan is refused, saying when it was used. A token of another event is refused by name.
"""

from __future__ import annotations

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..doctype.event_registration.model import EventRegistration, RegistrationStatus

SALT = "securities_crm.event-checkin"


def token(reg) -> str:
    return signing.dumps({"r": reg.pk, "e": reg.event_id}, salt=SALT, compress=True)


def qr_svg(reg) -> str:
    """The registration's QR code, as an SVG document (no imaging library needed)."""
    image = qrcode.make(token(reg), image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    out = BytesIO()
    image.save(out)
    return out.getvalue().decode()


def qr_data_uri(reg) -> str:
    """The QR code as a data: URI, for an <img> under the portal's strict Content-Security-Policy."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(reg).encode()).decode()


def _refuse(message: str):
    raise ValidationError({"token": message})


def check_in(event, value: str, user, *, now=None) -> EventRegistration:
    """Check in the registration a scanned token names, at `event`; refused with the reason otherwise."""
    try:
        data = signing.loads((value or "").strip(), salt=SALT)
    except signing.BadSignature:
        _refuse(_("This code is not valid: it was not issued by us or has been altered."))
    with transaction.atomic():
        reg = (
            EventRegistration.objects.select_for_update(
                of=("self",) if connection.features.has_select_for_update_of else ()
            )
            .select_related("event", "client")
            .filter(pk=data.get("r"))
            .first()
        )
        if reg is None or reg.event_id != data.get("e"):
            _refuse(_("This code is not valid: it was not issued by us or has been altered."))
        if reg.event_id != event.pk:
            _refuse(_("This code is for another event: %(event)s.") % {"event": reg.event.event_name})
        if reg.status == RegistrationStatus.ATTENDED:
            _refuse(
                _("This code has already been used: %(client)s checked in at %(time)s.")
                % {"client": reg.client.client_name, "time": timezone.localtime(reg.checked_in_at).strftime("%H:%M")}
            )
        if reg.status != RegistrationStatus.REGISTERED:
            _refuse(
                _("%(client)s holds no seat: the registration is %(status)s.")
                % {"client": reg.client.client_name, "status": reg.get_status_display()}
            )
        reg.status, reg.checked_in_at, reg.checked_in_by = RegistrationStatus.ATTENDED, now or timezone.now(), user
        reg.save()
    return reg
