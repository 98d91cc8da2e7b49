"""check() and confirm(): the suitability check of one client against one product or service.

The API (api/suitability.py), the desk and the portal call these with objects they have
already resolved under the caller's permissions.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..doctype.product.model import Product
from ..doctype.shared.suitability import Channel, OfferingStatus, Outcome
from ..doctype.suitability_record.model import RecordResult, SuitabilityRecord
from ..service import care
from .assessments import client_facts
from .matching import CheckResult, ProductFacts
from .matching import check as match

FOLLOW_UP_DAYS = 7  # a confirmed mismatch is followed up by a visit (回访) within this many days


def offering_facts(offering) -> ProductFacts:
    """What matching needs to know about a Product or Service Offering."""
    return ProductFacts(
        risk_rating=offering.risk_rating,
        horizon=offering.horizon,
        variety=offering.variety,
        professional_only=offering.professional_only,
        on_sale=offering.status == OfferingStatus.ACTIVE,
        label=str(offering),
    )


def check(client, offering, today: dt.date | None = None, facts=None) -> CheckResult:
    facts = facts or client_facts(client)
    return match(facts, offering_facts(offering), today or timezone.localdate())


def check_dict(client, offering) -> dict:
    facts = client_facts(client)
    return {
        "client": client.pk,
        "product": offering.pk,
        "risk_level": facts.risk_level,
        "assessment": facts.assessment or None,
        **check(client, offering, facts=facts).as_dict(),
    }


@transaction.atomic
def confirm(user, client, offering, channel: str, ip_address: str | None = None):
    """Record the client's confirmation of the check's result; refuse what the check blocks.

    A confirmed mismatch gets a follow-up visit due date, and a Care Task for that visit (回访), which the
    client manager works through its script (service/care.py).
    """
    if channel not in Channel.values:
        raise ValidationError(
            {
                "channel": _("Unknown channel %(channel)s; use one of %(choices)s.")
                % {"channel": channel, "choices": ", ".join(Channel.values)}
            }
        )
    facts = client_facts(client)
    result = check(client, offering, facts=facts)
    if result.result == Outcome.BLOCKED:
        raise ValidationError(
            {"result": _("Blocked: %(reasons)s") % {"reasons": " ".join(r.message for r in result.reasons)}}
        )
    mismatch = result.result == Outcome.MISMATCH_CONFIRMABLE
    today = timezone.localdate()
    record = SuitabilityRecord(
        client=client,
        assessment_id=facts.assessment,
        product=offering if isinstance(offering, Product) else None,
        service_offering=None if isinstance(offering, Product) else offering,
        investor_type=client.investor_type,
        client_risk_level=facts.risk_level,
        lowest_category=facts.lowest_category,
        product_risk_rating=offering.risk_rating,
        risk_result=result.risk,
        horizon_result=result.horizon,
        variety_result=result.variety,
        result=RecordResult.MISMATCH_CONFIRMED if mismatch else RecordResult.MATCH,
        reasons=[r.as_dict() for r in result.reasons],
        warning_text=result.warning_text,
        confirmed_by=user,
        confirmed_at=timezone.now(),
        channel=channel,
        ip_address=ip_address or None,
        follow_up_due=today + dt.timedelta(days=FOLLOW_UP_DAYS) if mismatch else None,
    )
    record.save()
    if mismatch:
        care.after_mismatch(record)  # the 回访 (return visit) a Care Task tracks, assigned to the client manager
    return record
