"""Workflow methods for any DocType that has one (core/workflow.py):

    securities_crm.api.workflow.moves(doctype, name)                    -> the moves the caller may make now
    securities_crm.api.workflow.transition(doctype, name, action, reason, **values) -> the document after the move

The state field and the fields a workflow owns are refused by PUT, insert, save and set_value
alike; this is the one way to change them, and it records who, when and why. The record must be
one the caller may see (404 otherwise) and the move one the policy lets them make (403).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from ..core import workflow
from ..permissions import policy
from . import documents
from .errors import DoesNotExist, NotPermitted, ValidationError
from .whitelist import whitelist


def _document(user, doctype, name):
    spec = documents.spec_for(doctype)
    if spec.workflow is None:
        raise ValidationError(_("%(doctype)s has no workflow.") % {"doctype": spec.name})
    obj = documents.visible(user, spec, "read").filter(pk=documents.pk_of(spec, name)).first()
    if obj is None:
        raise DoesNotExist(_("%(doctype)s %(name)s not found") % {"doctype": spec.name, "name": name})
    return spec, obj


def _user_value(name: str, value):
    if value in (None, ""):
        return None
    user = get_user_model()._default_manager.filter(username=str(value), is_active=True).first()
    if user is None:
        raise ValidationError(_("%(field)s: there is no active user %(name)s.") % {"field": name, "name": value})
    return user


@whitelist
def moves(request, doctype: str, name: str) -> list[dict]:
    """The moves the caller may make on the document now: [{action, label, to}]."""
    spec, obj = _document(request.user, doctype, name)
    state = getattr(obj, spec.workflow.field)
    return [
        {"action": m.action, "label": str(m.label or m.action), "to": m.target}
        for m in spec.workflow.available(state)
        if policy.may_move(request.user, obj, m)
    ]


@whitelist(methods=("POST",))
def transition(request, doctype: str, name: str, action: str, reason: str = "", **values) -> dict:
    """Make a workflow move (an action of moves()), saying why; returns the document."""
    spec, obj = _document(request.user, doctype, name)
    move = spec.workflow.get(action)
    if move is None:
        raise ValidationError(
            _("action: %(value)s is not one of %(allowed)s.")
            % {"value": action, "allowed": ", ".join(t.action for t in spec.workflow.transitions)}
        )
    if not policy.may_move(request.user, obj, move):
        raise NotPermitted(
            _("You may not %(action)s %(doctype)s %(name)s.")
            % {"action": move.label or move.action, "doctype": spec.name, "name": name}
        )
    if "assign_to" in values:
        values["assign_to"] = _user_value("assign_to", values["assign_to"])
    with documents.model_errors(spec.model):
        workflow.apply(obj, action, request.user, reason if isinstance(reason, str) else "", **values)
    return documents.get_doc(request.user, spec, obj.pk)
