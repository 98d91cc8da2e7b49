"""Products: each shows its suitability for this client (suitability/matching); buying interest
goes through suitability.service.confirm, which refuses what is blocked and records the rest
(a Suitability Record, with the special warning when above the client's level). Personalised
recommendations appear only while the client consents to them (Consent Record)."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ...doctype.consent_record.model import ConsentRecord, ConsentType
from ...doctype.product.model import Product
from ...doctype.shared.suitability import Channel, OfferingStatus, Outcome
from ...doctype.suitability_record.model import SuitabilityRecord
from ...suitability import service
from ...suitability.assessments import client_facts
from ...suitability.matching import check as match
from ..access import client_ip, client_page, get_mine, mine


def personalised(client) -> bool:
    return ConsentRecord.current(client, ConsentType.PERSONALISED)


@client_page
def product_list(request):
    client = request.client
    facts, today = client_facts(client), timezone.localdate()
    products = mine(request, Product.objects.filter(status=OfferingStatus.ACTIVE)).order_by(
        "risk_rating", "product_code"
    )
    rows = [{"product": p, "check": match(facts, service.offering_facts(p), today)} for p in products]
    on = personalised(client)
    # The closest fits first: matching products nearest the client's own level.
    recommended = (
        sorted((r for r in rows if r["check"].recommendable), key=lambda r: r["product"].risk_rating, reverse=True)
        if on
        else []
    )
    return render(
        request,
        "portal/products.html",
        {"rows": rows, "recommended": recommended[:3], "personalised": on, "Outcome": Outcome},
    )


@client_page
@require_http_methods(["GET", "POST"])
def product_detail(request, code):
    client = request.client
    product = get_mine(request, Product.objects.all(), pk=code)
    result = service.check(client, product)
    record, error = None, ""
    if request.method == "POST":
        if result.result == Outcome.MISMATCH_CONFIRMABLE and request.POST.get("acknowledge") != "yes":
            error = _("Tick the box to confirm that you have read the special risk warning.")
        else:
            try:
                record = service.confirm(request.user, client, product, Channel.PORTAL, client_ip(request))
            except ValidationError as exc:
                error = " ".join(exc.messages)
    records = mine(request, SuitabilityRecord.objects.filter(client=client, product=product)).order_by("-creation")
    return render(
        request,
        "portal/product.html",
        {
            "product": product,
            "check": result,
            "warning_lines": result.warning_text.splitlines(),
            "record": record,
            "error": error,
            "Outcome": Outcome,
            "records": records[:5],
        },
    )
