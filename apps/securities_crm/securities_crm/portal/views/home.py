"""Home: the client's risk level and its validity, an assessment falling due, risk notices waiting for their
acknowledgement, and their inbox."""

import datetime as dt

from django.shortcuts import render
from django.utils import timezone

from ...doctype.notification_log.model import NotificationLog
from ...education import reading
from ..access import client_page, mine
from .assessment import level_facts

DUE_SOON_DAYS = 30


@client_page
def home(request):
    client = request.client
    today = timezone.localdate()
    valid_until = client.risk_valid_until
    context = {
        "client": client,
        "level": level_facts(client),
        "expired": bool(valid_until and valid_until < today),
        "due_soon": bool(valid_until and today <= valid_until <= today + dt.timedelta(days=DUE_SOON_DAYS)),
        "days_left": (valid_until - today).days if valid_until else None,
        "pending_notices": reading.pending_acknowledgements(client).count(),
        "inbox": mine(request, NotificationLog.objects.filter(for_user=request.user)).order_by("-creation")[:10],
    }
    return render(request, "portal/home.html", context)
