"""Privacy centre (PIPL): consents the client toggles (Consent Record), a copy of their data as a
download (an Access request, answered at once from security.privacy.data_package), and
correction or deletion requests (Data Subject Requests that staff handle)."""

import json

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ...doctype.consent_record.model import (
    ConsentAction,
    ConsentChannel,
    ConsentRecord,
    ConsentType,
)
from ...doctype.data_subject_request.model import (
    DataSubjectRequest,
    RequestStatus,
    RequestType,
)
from ...security import privacy as privacy_requests
from ..access import client_page, get_mine, mine
from ..forms import PrivacyRequestForm

TEXT_VERSION = "PORTAL-2026.1"
EXPLAIN = {
    ConsentType.MARKETING: gettext_lazy("News of products, services and events by phone, SMS or email."),
    ConsentType.PERSONALISED: gettext_lazy(
        "Products picked for you from your profile and activity. "
        "Without it you still see every product and its suitability."
    ),
    ConsentType.DATA_SHARING: gettext_lazy("Sharing your data with partners, such as fund companies, to serve you."),
    ConsentType.CROSS_BORDER: gettext_lazy("Sending your data outside mainland China when a service needs it."),
}


def _context(request, form=None):
    client = request.client
    consents = [
        {"type": t, "label": t.label, "explain": EXPLAIN[t], "on": ConsentRecord.current(client, t)}
        for t in ConsentType
    ]
    requests = mine(request, DataSubjectRequest.objects.filter(client=client)).order_by("-creation")[:20]
    return {
        "consents": consents,
        "requests": requests,
        "form": form or PrivacyRequestForm(),
        "Access": RequestType.ACCESS,
        "Completed": RequestStatus.COMPLETED,
    }


@client_page
def privacy(request):
    return render(request, "portal/privacy.html", _context(request))


@client_page
@require_POST
def consent(request):
    consent_type = request.POST.get("consent_type")
    if consent_type not in ConsentType.values:
        return redirect("portal:privacy")
    action = ConsentAction.GIVEN if request.POST.get("action") == "give" else ConsentAction.WITHDRAWN
    if ConsentRecord.current(request.client, consent_type) != (action == ConsentAction.GIVEN):
        ConsentRecord(
            client=request.client,
            consent_type=consent_type,
            action=action,
            channel=ConsentChannel.PORTAL,
            text_version=TEXT_VERSION,
        ).save()
    label = ConsentType(consent_type).label
    messages.success(
        request,
        (_("Consent given: %(c)s.") if action == ConsentAction.GIVEN else _("Consent withdrawn: %(c)s."))
        % {"c": label},
    )
    return redirect("portal:privacy")


@client_page
@require_POST
def data_copy(request):
    """An Access request, answered at once: the package is ready to download from the list."""
    with transaction.atomic():
        dsr = DataSubjectRequest(
            client=request.client,
            request_type=RequestType.ACCESS,
            details=_("A copy of my data, from the portal."),
            received_via="Portal",
        )
        dsr.save()
        dsr.advance(RequestStatus.IN_PROGRESS)
        dsr.advance(RequestStatus.COMPLETED, _("Delivered as a download in the portal."))
    messages.success(request, _("Your data copy is ready to download."))
    return redirect("portal:privacy")


@client_page
def data_copy_download(request, name):
    dsr = get_mine(
        request,
        DataSubjectRequest.objects.filter(request_type=RequestType.ACCESS, status=RequestStatus.COMPLETED),
        pk=name,
    )
    package = privacy_requests.data_package(dsr, request.user, channel="portal")
    body = json.dumps(package, ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="my-data-{dsr.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@client_page
@require_POST
def data_request(request):
    form = PrivacyRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/privacy.html", _context(request, form), status=400)
    DataSubjectRequest(
        client=request.client,
        request_type=form.cleaned_data["request_type"],
        details=form.cleaned_data["details"],
        received_via="Portal",
    ).save()
    messages.success(request, _("Your request was sent. We will answer within 15 days."))
    return redirect("portal:privacy")
