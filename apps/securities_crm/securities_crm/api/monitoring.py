"""Monitoring methods: /api/method/securities_crm.api.monitoring.<name>.

    transition(alert, action, reason, assign_to=None)  -> the alert's new state
        action: assign | investigate | close_false_positive | close_resolved | escalate
    backtest(rule=None, kind=None, parameters=None, window_days=None, client_type=None, branch=None)
        -> how many alerts the rule (saved, or unsaved parameters) would raise over all history; writes nothing
    evidence(alert)                                     -> the rows that fired the alert, with their fields
    export_aml_report(name)                             -> the AML Report as an XML file (Compliance only)

Every method goes through the caller's rights and record rules (permissions/policy.py), like every
other route: an alert the caller may not see is "not found", so confidential AML alerts never leak
to anyone but Compliance, and a Client Manager sees only their own clients' other alerts.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _

from ..core import registry
from ..core import workflow as workflows
from ..doctype.aml_report import export as aml_export
from ..doctype.monitoring_rule.model import Category, MonitoringRule
from ..doctype.risk_alert.model import Resolution, RiskAlert
from ..monitoring import engine, kinds
from ..monitoring.evidence import rows as evidence_rows
from ..permissions import policy
from ..permissions.roles import COMPLIANCE_OFFICER, SYSTEM_MANAGER, user_roles
from . import documents
from .endpoint import check_text
from .errors import DoesNotExist, NotPermitted, ValidationError, validation_messages
from .response import loads
from .whitelist import whitelist

ACTIONS = {  # action -> (the workflow's move, resolution)
    "assign": ("assign", ""),
    "investigate": ("investigate", ""),
    "close_false_positive": ("close", Resolution.FALSE_POSITIVE),
    "close_resolved": ("close", Resolution.RESOLVED),
    "escalate": ("escalate", ""),
}


def _required(name: str, value) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(_("%(name)s: this value is required.") % {"name": name}, field=name)
    if not isinstance(value, (str, int)):
        raise ValidationError(_("%(name)s: must be text.") % {"name": name}, field=name)
    return str(value).strip()


def _alert(user, name, action: str = "read") -> RiskAlert:
    """The alert, if the caller may see it (404 otherwise, so a confidential alert's existence never shows)."""
    name = _required("alert", name)
    spec = registry.get("Risk Alert")
    found = documents.visible(user, spec, "read").filter(pk=name).select_related("rule").first()
    if found is None:
        raise DoesNotExist(_("Risk Alert %(name)s not found") % {"name": name})
    if action != "read" and not policy.can(user, action, found):
        raise NotPermitted(_("You are not permitted to change Risk Alert %(name)s.") % {"name": name})
    return found


def _state(alert: RiskAlert) -> dict:
    return {
        "name": alert.name,
        "status": alert.status,
        "resolution": alert.resolution,
        "assigned_to": alert.assigned_to.get_username() if alert.assigned_to_id else None,
        "risk_case": alert.risk_case_id,
        "due_at": alert.due_at,
        "closed_at": alert.closed_at,
        "transitions": alert.transitions,
    }


@whitelist(methods=("POST",))
def transition(request, alert=None, action=None, reason=None, assign_to=None):
    """Move a Risk Alert along its workflow: assign (to assign_to, a username), investigate,
    close_false_positive, close_resolved or escalate (into a Risk Case), saying why (reason).
    Who, when and why are recorded on the alert."""
    from django.contrib.auth import get_user_model

    user = request.user
    action = _required("action", action)
    if action not in ACTIONS:
        raise ValidationError(
            _("action: %(value)s is not one of %(allowed)s.") % {"value": action, "allowed": ", ".join(ACTIONS)},
            field="action",
        )
    found = _alert(user, alert, "write")
    move, resolution = ACTIONS[action]
    assignee = None
    if action == "assign":
        username = _required("assign_to", assign_to)
        assignee = get_user_model().objects.filter(username=username, is_active=True).first()
        if assignee is None:
            raise ValidationError(
                _("assign_to: there is no active user %(name)s.") % {"name": username}, field="assign_to"
            )
        if not policy.can(assignee, "write", found):
            raise ValidationError(
                _("assign_to: %(name)s may not work on this alert.") % {"name": username}, field="assign_to"
            )
    try:
        workflows.apply(
            found, move, user, reason if isinstance(reason, str) else "", resolution=resolution, assign_to=assignee
        )
    except DjangoValidationError as exc:
        raise ValidationError(*validation_messages(exc, RiskAlert)) from None
    return _state(found)


def _parameters(value) -> dict | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = loads(value)  # as the request body is read: exact decimals, no NaN or Infinity
        except ValueError:
            raise ValidationError(_("parameters: not valid JSON."), field="parameters") from None
        check_text(value)
    if not isinstance(value, dict):
        raise ValidationError(_("parameters: must be an object of name: value."), field="parameters")
    return value


def _window(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool) or float(value) != int(float(value)):
            raise ValueError
        days = int(float(value))
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(_("window_days: must be a whole number of days."), field="window_days") from None
    if days < 1 or days > 3660:
        raise ValidationError(_("window_days: must be between 1 and 3660."), field="window_days")
    return days


@whitelist
def backtest(request, rule=None, kind=None, parameters=None, window_days=None, client_type=None, branch=None):
    """How many alerts would a rule have raised over all history? Give a saved rule's code (rule), optionally
    with other parameters or window_days to try; or an unsaved rule's kind with its parameters. Nothing is
    written. Answers the counts of alerts, clients and accounts."""
    user = request.user
    spec = registry.get("Monitoring Rule")
    documents.require_right(user, spec, "write")  # tuning rules is the rule owners' work
    params, window = _parameters(parameters), _window(window_days)
    if rule not in (None, ""):
        code = _required("rule", rule)
        saved = documents.visible(user, spec, "read").filter(pk=code).first()
        if saved is None:
            raise DoesNotExist(_("Monitoring Rule %(name)s not found") % {"name": code})
        candidate = MonitoringRule(
            code=saved.code,
            rule_name=saved.rule_name,
            kind=saved.kind,
            parameters={**saved.parameters, **(params or {})},
            window_days=window or saved.window_days,
            severity=saved.severity,
            client_type=saved.client_type if client_type is None else str(client_type),
            branch_id=saved.branch_id if branch in (None, "") else str(branch),
            enabled=True,
        )
    else:
        kind = _required("kind", kind)
        kind_spec = kinds.get(kind)  # an unknown kind is refused by the rule's own validation below
        candidate = MonitoringRule(
            code="BACKTEST",
            rule_name="backtest",
            kind=kind,
            parameters=params or {},
            window_days=window or (kind_spec.default_window if kind_spec else 1),
            client_type=str(client_type or ""),
            branch_id=str(branch) if branch not in (None, "") else None,
            enabled=True,
        )
    try:
        candidate.clean()  # the rule's checks and its kind's (hooks.py), as on save
    except DjangoValidationError as exc:
        raise ValidationError(*validation_messages(exc, MonitoringRule)) from None
    if candidate.category == Category.AML and not (
        user_roles(user) & {COMPLIANCE_OFFICER, SYSTEM_MANAGER} or user.is_superuser
    ):
        raise NotPermitted(_("Only Compliance may back-test AML rules."))
    with transaction.atomic():  # a back-test must leave nothing behind, whatever a kind does
        counts = engine.backtest(candidate)
        transaction.set_rollback(True)
    return {
        "rule": candidate.code if rule not in (None, "") else None,
        "kind": candidate.kind,
        "category": candidate.category,
        "parameters": kinds.params_of(candidate),
        "window_days": candidate.window_days,
        **counts,
    }


@whitelist(methods=("GET", "POST"))
def evidence(request, alert=None):
    """The rows that fired a Risk Alert, with the fields a reviewer needs (time, account, amount, ...).
    Rows the caller's role may not read are counted in `hidden`, not shown."""
    user = request.user
    found = _alert(user, alert)
    rows, hidden = evidence_rows(user, found.evidence)
    return {
        "alert": found.name,
        "rule": found.rule_id,
        "kind": found.kind,
        "category": found.category,
        "client": found.client_id,
        "account": found.account_id,
        "severity": found.severity,
        "status": found.status,
        "summary": found.summary_text,
        "score": found.score,
        "threshold": found.threshold,
        "window_start": found.window_start,
        "window_end": found.window_end,
        "rows": rows,
        "hidden": hidden,
    }


@whitelist(methods=("GET", "POST"))
def export_aml_report(request, name=None):
    """An AML Report as an XML file in the PBOC report layout (header, client identity, transactions, and
    the narrative of a suspicious report). Compliance Officers only; every export is audited."""
    user = request.user
    if not aml_export.may_export(user):
        raise NotPermitted(_("Only a Compliance Officer may export AML reports."))
    name = _required("name", name)
    spec = registry.get("AML Report")
    report = documents.visible(user, spec, "read").filter(pk=name).select_related("client", "client__branch").first()
    if report is None:
        raise DoesNotExist(_("AML Report %(name)s not found") % {"name": name})
    body = aml_export.export_xml([report], user, request, channel="api")
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{aml_export.filename([report])}"'
    return response


export_aml_report.openapi_content = {  # the answer is the file itself, not JSON (see api/openapi.py)
    "application/xml": {"schema": {"type": "string", "description": "the AML Report, XML (UTF-8)"}}
}
