"""Suitability methods: /api/method/securities_crm.api.suitability.check and .confirm.

    check(client, product)            -> {"result": "match" | "mismatch_confirmable" | "blocked",
                                          "risk", "horizon", "variety", "reasons", "warning_text", ...}
    confirm(client, product, channel) -> the new Suitability Record (refused when blocked)

`client` is the client's name (CL-000001); `product` a Product's code, or a Service Offering's code.
Both go through the caller's rights and record rules, like every other route.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..core import registry
from ..doctype.product.model import Product
from ..doctype.service_offering.model import ServiceOffering
from ..permissions import policy
from ..suitability import service
from . import documents
from .errors import DoesNotExist, ValidationError
from .whitelist import whitelist


def _client(user, name):
    if not name:
        raise ValidationError(_("client is required."))
    spec = registry.get("Client")
    found = documents.visible(user, spec, "read").filter(pk=str(name)).first()
    if found is None:
        raise DoesNotExist(_("Client %(name)s not found") % {"name": name})
    return found


def _offering(user, code):
    if not code:
        raise ValidationError(_("product is required."))
    for model in (Product, ServiceOffering):
        spec = registry.for_model(model)
        found = documents.visible(user, spec, "read").filter(pk=str(code)).first()
        if found is not None:
            return found
    raise DoesNotExist(_("Product %(name)s not found") % {"name": code})


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


@whitelist
def check(request, client=None, product=None):
    """The suitability check: a result per axis, the overall result, the reasons and the warning text."""
    return service.check_dict(_client(request.user, client), _offering(request.user, product))


@whitelist(methods=("POST",))
def confirm(request, client=None, product=None, channel=None):
    """Record the client's confirmation of the check's result (refused when the check blocks)."""
    documents.require_right(request.user, registry.get("Suitability Record"), "create", generic=False)
    if not channel:
        raise ValidationError(_("channel is required."))
    record = service.confirm(
        request.user, _client(request.user, client), _offering(request.user, product), str(channel), _client_ip(request)
    )
    if not policy.can(request.user, "read", record):
        return {"name": record.pk, "result": record.result}
    return documents.get_doc(request.user, registry.get("Suitability Record"), record.pk)
