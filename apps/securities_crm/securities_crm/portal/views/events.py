"""Events for me: the published events whose audience includes the client (the Event's record rule, so any
other is a 404), registering and cancelling (education/events.py), my check-in QR code, and the .ics file."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ...doctype.event.model import Event, EventStatus
from ...doctype.event_registration.model import EventRegistration, RegistrationStatus
from ...education import checkin, events
from ...education.calendar import ics
from ..access import client_page, get_mine, mine


def _mine(request, event):
    return mine(request, EventRegistration.objects.filter(event=event, client=request.client)).first()


@client_page
def event_list(request):
    upcoming = mine(request, Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__gt=timezone.now()))
    regs = {
        r.event_id: r
        for r in mine(request, EventRegistration.objects.filter(client=request.client, event__in=upcoming))
    }
    rows = [{"event": e, "reg": regs.get(e.pk)} for e in upcoming.order_by("starts_at")]
    return render(request, "portal/events.html", {"rows": rows})


@client_page
@require_http_methods(["GET", "POST"])
def event_detail(request, name):
    event = get_mine(request, Event.objects.all(), pk=name)
    reg, error = _mine(request, event), ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel" and reg is not None:
                events.cancel(reg)
            else:
                events.register(event, request.client, wants_contact=request.POST.get("wants_contact") == "1")
        except events.NotForClient:
            raise Http404 from None
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("portal:event", name=event.pk)
    return render(
        request,
        "portal/event.html",
        {
            "event": event,
            "sessions": event.sessions.all(),
            "reg": reg,
            "error": error,
            "open": event.closes_at > timezone.now()
            and not (event.registration_opens and event.registration_opens > timezone.now()),
            "Status": RegistrationStatus,
        },
    )


@client_page
def event_qr(request, name):
    event = get_mine(request, Event.objects.all(), pk=name)
    reg = _mine(request, event)
    if reg is None or reg.status not in (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED):
        raise Http404
    return render(request, "portal/event_qr.html", {"event": event, "reg": reg, "qr": checkin.qr_data_uri(reg)})


@client_page
def event_ics(request, name):
    event = get_mine(request, Event.objects.all(), pk=name)
    response = HttpResponse(ics(event, _mine(request, event)), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.pk}.ics"'
    return response
