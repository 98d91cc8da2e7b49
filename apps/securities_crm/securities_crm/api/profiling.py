"""Profiling methods: /api/method/securities_crm.api.profiling.<name>.

    explain(client, segment)            -> whether the client is a member, the stored why, and each
                                           condition with the client's value and whether it holds
    preview(rule, parameters, kind)     -> {"count", "sample"}: an unsaved rule over the clients in the
                                           caller's record scope (417 naming what does not fit)
    fields()                            -> the catalogue: the fields a rule may read and their operators

Every read goes through the caller's rights and record rules, as on every other route.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..core import registry
from ..permissions import policy
from ..segments import catalogue
from ..segments import explain as explaining
from . import documents
from .errors import DoesNotExist, ValidationError
from .query import _json
from .whitelist import whitelist


def _one(user, doctype: str, name, what: str):
    if not name:
        raise ValidationError(_("%(param)s is required.") % {"param": what})
    found = documents.visible(user, registry.require(doctype), "read").filter(pk=str(name)).first()
    if found is None:
        raise DoesNotExist(_("%(doctype)s %(name)s not found") % {"doctype": _(doctype), "name": name})
    return found


@whitelist
def explain(request, client=None, segment=None):
    """Why `client` is or is not in `segment`."""
    found = _one(request.user, "Client", client, "client")
    seg = _one(request.user, "Segment", segment, "segment")
    with documents.model_errors(seg.__class__):
        return explaining.explain(found, seg)


@whitelist
def preview(request, rule=None, parameters=None, kind="Rule"):
    """How many of the caller's visible clients an unsaved rule holds, and a sample of 20."""
    spec = registry.require("Segment")
    documents.require_right(request.user, spec, "read")
    rule, parameters = _json(rule, "rule"), _json(parameters, "parameters")
    # The count covers the clients in the caller's record scope (Marketing plans by counts without reading
    # client records); names are shown only to a role that may read clients.
    client = registry.require("Client").model
    scope = policy.scope(request.user, client, "read")
    within = client._default_manager.all() if scope is None else client._default_manager.filter(scope)
    sample = 20 if policy.has_right(request.user, "read", client) else 0
    with documents.model_errors(spec.model):
        return explaining.preview(rule or {}, parameters or {}, within, kind=kind or "Rule", sample=sample)


@whitelist
def fields(request):
    """The fields a segment rule may read, with their kinds and the operators that fit each."""
    documents.require_right(request.user, registry.require("Segment"), "read")
    return catalogue.describe()
