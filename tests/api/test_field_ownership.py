"""Writes no role can forge: the role × DocType × field matrix, generated from the declarations.

For every DocType, every field that no caller may write (server-set, workflow-owned, or above the
permlevels a role holds; core/ownership.py) is written with a forged value by every role that has
some write or create right there, through every generic route: PUT, POST, frappe.client.set_value,
bulk_update, insert_many, insert and save. Each attempt must be refused and must leave the record
(and the table) as it was. The desk's form must not even carry the field. A DocType added later is
covered without anyone writing a test for it.
"""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.test import RequestFactory

from securities_crm.core import ownership, registry
from securities_crm.core.ownership import STANDARD
from securities_crm.core.session import acting_as
from securities_crm.permissions import policy, rights
from securities_crm.permissions.roles import ALL
from securities_crm.suitability import questionnaires

from .factory import sample

pytestmark = pytest.mark.django_db
METHOD = "/api/method/frappe.client."


def forged(field, current, branch, owner):
    """A value of the field's type that differs from `current`."""
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        if target._meta.label == settings.AUTH_USER_MODEL:
            other = get_user_model().objects.create_user(f"forger{get_user_model().objects.count()}")
            return other.get_username()
        return sample(target, branch, owner).pk
    if field.choices:
        values = [c[0] for c in field.choices if c[0] != current]
        return values[-1] if values else "forged"
    if isinstance(field, models.BooleanField):
        return not current
    if isinstance(field, (models.DecimalField, models.IntegerField, models.FloatField)):
        return str(Decimal(str(current or 0)) + 7)
    if isinstance(field, models.DateTimeField):
        return "2020-01-02 03:04:05"
    if isinstance(field, models.DateField):
        return "2099-12-31"
    if isinstance(field, models.JSONField):
        return {"forged": True}
    if isinstance(field, models.GenericIPAddressField):
        return "203.0.113.9"
    if isinstance(field, models.EmailField):
        return "forged@example.com"
    return "FORGED"


def refused_fields(spec, levels):
    """The concrete fields a caller with these permlevels may not write, standard ones aside."""
    out = []
    for f in spec.model._meta.concrete_fields:
        if f.primary_key or f.name in STANDARD or getattr(f, "source", None):  # blind indexes are never served
            continue
        if ownership.refusal(spec, f.name, creating=False, levels=levels) is not None:
            out.append(f)
    return out


def writers(spec):
    """Roles with some write or create right on the DocType (the others are refused before any field)."""
    table = rights.load_fixture()
    return [
        role for role in ALL if set(table.get(role, {}).get(spec.name, table.get(role, {}).get("*", ""))) & {"w", "c"}
    ]


@pytest.fixture
def role_users(make_user, branch):
    return {
        role: make_user(f"fo_{role.lower().replace(' ', '_')}", roles=[role], branch=branch, staff=role != "Client")
        for role in ALL
    }


def _snapshot(model, pk):
    return model._default_manager.filter(pk=pk).values().first()


def _attempts(spec, record, name, value):
    url = f"/api/resource/{spec.name}"
    doc = {"doctype": spec.name, name: value}
    return {
        "PUT": lambda api: api.put(f"{url}/{record.pk}", {name: value}),
        "POST": lambda api: api.post(url, {name: value}),
        "set_value": lambda api: api.post(
            METHOD + "set_value", {"doctype": spec.name, "name": record.pk, "fieldname": name, "value": value}
        ),
        "save": lambda api: api.post(METHOD + "save", {"doc": {**doc, "name": record.pk}}),
        "insert": lambda api: api.post(METHOD + "insert", {"doc": doc}),
        "insert_many": lambda api: api.post(METHOD + "insert_many", {"docs": [doc]}),
        "bulk_update": lambda api: api.post(
            METHOD + "bulk_update", {"docs": [{"doctype": spec.name, "docname": record.pk, name: value}]}
        ),
    }


def _refused(route, response) -> bool:
    if route == "bulk_update":
        return response.status_code == 200 and response.json()["message"]["failed_docs"] != []
    return response.status_code in (403, 404, 417)


def test_no_role_writes_a_field_it_does_not_own_through_any_route(role_users, branch, api_as):
    owner = role_users["Client Manager"]
    apis = {role: api_as(user) for role, user in role_users.items()}
    failures, tried = [], 0
    for spec in registry.all_doctypes():
        for role in writers(spec):
            user = role_users[role]
            levels = policy.writable_levels(user, spec.model)
            with transaction.atomic():
                record = sample(spec.model, branch, owner)
                for field in refused_fields(spec, levels):
                    before = _snapshot(spec.model, record.pk)
                    value = forged(field, getattr(record, field.attname), branch, owner)
                    # counted after forging: a link to the DocType itself (a ticket merged into another) makes
                    # the forged target a record of the same DocType
                    count = spec.model._default_manager.count()
                    for route, attempt in _attempts(spec, record, field.name, value).items():
                        where = f"{role} {route} {spec.name}.{field.name}={value!r}"
                        with transaction.atomic():  # each attempt meets the same record, whatever it did
                            response = attempt(apis[role])
                            tried += 1
                            if not _refused(route, response):
                                failures.append(f"{where}: answered {response.status_code} {response.content[:160]!r}")
                            if _snapshot(spec.model, record.pk) != before:
                                failures.append(f"{where}: the record changed")
                            if spec.model._default_manager.count() != count:
                                failures.append(f"{where}: a record was created")
                            transaction.set_rollback(True)
                transaction.set_rollback(True)
    assert tried > 500  # the matrix is not empty: many fields of many DocTypes were tried
    assert not failures, "\n".join(failures[:40])


def test_the_desk_form_never_carries_a_field_the_user_may_not_write(role_users, branch):
    from django.contrib import admin

    owner = role_users["Client Manager"]
    factory = RequestFactory()
    checked = 0
    for spec in registry.all_doctypes():
        desk = admin.site._registry.get(spec.model)
        if desk is None:
            continue
        with transaction.atomic():
            record = sample(spec.model, branch, owner)
            for role in writers(spec) + ["System Manager"]:
                user = role_users[role]
                request = factory.get("/")
                request.user = user
                if not desk.has_change_permission(request, record):
                    continue
                form = desk.get_form(request, record, change=True)
                levels = policy.writable_levels(user, spec.model)
                carried = set(form.base_fields) & {f.name for f in refused_fields(spec, levels)}
                assert not carried, (role, spec.name, carried)
                checked += 1
            transaction.set_rollback(True)
    assert checked > 20


# --- the probe's exact attacks, replayed ----------------------------------------------------
@pytest.fixture
def suitability_world(make_user, branch, db):
    from django.contrib.auth.models import Group

    from securities_crm.doctype.client.model import Client
    from securities_crm.doctype.product.model import Product
    from securities_crm.doctype.risk_assessment.model import RiskAssessment
    from securities_crm.suitability.fixtures import load_products, load_questionnaire

    questionnaire = load_questionnaire()
    load_products()
    manager = make_user("fo_cm", roles=["Client Manager"], branch=branch)
    portal = get_user_model().objects.create_user("fo_client", password="pw")
    portal.groups.set(Group.objects.filter(name="Client"))
    client = Client(
        client_name="王五",
        id_number="11010519491231002X",
        mobile="13812345678",
        branch=branch,
        client_manager=manager,
        status="Active",
        user=portal,
    )
    client.save()
    with acting_as("fo_cm", "10.0.0.8"):  # who confirms and from where come from the request being served
        RiskAssessment(client=client, questionnaire=questionnaire, answers=_answers_for(questionnaire, "C2")).submit()
    client.refresh_from_db()
    product = Product.objects.filter(risk_rating="R3").first()
    return {"client": client, "manager": manager, "portal": portal, "product": product}


def _answers_for(questionnaire, level: str) -> dict:
    """The first answers (each question's options in turn, lowest scores first) the questionnaire scores as `level`."""
    options = {}
    for o in questionnaire.option_rows.filter(forces_lowest=False).order_by("score"):
        options.setdefault(o.question_code, []).append(o.code)
    answers = {code: codes[0] for code, codes in options.items()}
    for code, codes in options.items():
        for option in codes:
            answers[code] = option
            if questionnaires.score(questionnaire, answers).risk_level == level:
                return answers
    raise AssertionError(f"no answers reach {level}")


def test_a_portal_client_cannot_forge_a_suitability_record(suitability_world, api_as, client):
    from securities_crm.doctype.suitability_record.model import SuitabilityRecord

    w = suitability_world
    body = {
        "client": w["client"].pk,
        "product": w["product"].pk,
        "assessment": w["client"].risk_assessments.get().pk,
        "result": "match",
        "client_risk_level": "C5",
        "confirmed_by": "fo_cm",
        "investor_type": "Ordinary",
        "product_risk_rating": "R3",
        "risk_result": "match",
        "horizon_result": "match",
        "variety_result": "match",
        "channel": "Portal",
    }
    api = api_as(w["portal"])
    assert api.post("/api/resource/Suitability Record", body).status_code == 403
    assert api.post(METHOD + "insert", {"doc": {"doctype": "Suitability Record", **body}}).status_code == 403
    assert api.post(METHOD + "insert_many", {"docs": [{"doctype": "Suitability Record", **body}]}).status_code == 403
    assert not SuitabilityRecord.objects.exists()
    # the real check still answers what it answers, and confirming records that, with the portal user
    check = api.get(
        "/api/method/securities_crm.api.suitability.check", {"client": w["client"].pk, "product": w["product"].pk}
    ).json()["message"]
    assert check["result"] != "match"


def test_a_client_manager_cannot_make_a_client_professional_by_put(suitability_world, api_as):
    w = suitability_world
    api = api_as(w["manager"])
    before = _snapshot(type(w["client"]), w["client"].pk)
    r = api.put(
        f"/api/resource/Client/{w['client'].pk}",
        {"investor_type": "Professional I", "risk_level": "C5", "risk_valid_until": "2099-12-31"},
    )
    assert r.status_code == 417
    text = json.dumps(r.json(), ensure_ascii=False)
    for name in ("investor_type", "risk_level", "risk_valid_until"):  # each refused field is named
        assert str(type(w["client"])._meta.get_field(name).verbose_name) in text, text
    assert "系统" in text  # and why, in the user's language (zh-hans)
    assert _snapshot(type(w["client"]), w["client"].pk) == before
    check = api.get(
        "/api/method/securities_crm.api.suitability.check", {"client": w["client"].pk, "product": w["product"].pk}
    ).json()["message"]
    assert check["result"] != "match"
    # the same values as stored are no forgery: a document read and sent back whole is accepted
    doc = api.get(f"/api/resource/Client/{w['client'].pk}").json()["data"]
    doc["address"] = "上海市浦东新区"
    r = api.post(METHOD + "save", {"doc": doc})
    assert r.status_code == 200, r.content
    assert r.json()["message"]["address"] == "上海市浦东新区"


def test_a_risk_officer_cannot_close_an_alert_by_put(make_user, branch, api_as):
    from securities_crm.doctype.risk_alert.model import RiskAlert

    officer = make_user("fo_risk", roles=["Risk Officer"], branch=branch)
    alert = sample(RiskAlert, branch, officer)
    RiskAlert.objects.filter(pk=alert.pk).update(category="Market", status="Open")
    api = api_as(officer)
    for body in ({"status": "Closed", "closed_at": "2020-01-01 00:00:00"}, {"status": "Open"}):
        assert api.put(f"/api/resource/Risk Alert/{alert.pk}", body).status_code == 403
    alert.refresh_from_db()
    assert alert.status == "Open" and alert.closed_at is None and alert.transitions == []
    # the workflow is the way: it asks for a resolution and a reason, and records both
    r = api.post(
        "/api/method/securities_crm.api.workflow.transition",
        {"doctype": "Risk Alert", "name": alert.pk, "action": "close", "reason": ""},
    )
    assert r.status_code == 417
    r = api.post(
        "/api/method/securities_crm.api.workflow.transition",
        {
            "doctype": "Risk Alert",
            "name": alert.pk,
            "action": "close",
            "reason": "checked",
            "resolution": "False Positive",
        },
    )
    assert r.status_code == 200, r.content
    alert.refresh_from_db()
    assert alert.status == "Closed" and alert.transitions[-1]["by"] == "fo_risk"


def test_the_portal_login_of_a_client_is_never_set_by_a_caller(suitability_world, api_as):
    w = suitability_world
    r = api_as(w["manager"]).put(f"/api/resource/Client/{w['client'].pk}", {"user": "fo_cm"})
    assert r.status_code == 417
    w["client"].refresh_from_db()
    assert w["client"].user == w["portal"]


def test_who_confirmed_an_assessment_comes_from_the_request(suitability_world, api_as):
    from securities_crm.doctype.risk_assessment.model import RiskAssessment

    w = suitability_world
    api = api_as(w["manager"])
    answers = w["client"].risk_assessments.get().answers
    body = {"client": w["client"].pk, "answers": answers, "docstatus": 1, "channel": "Branch"}
    r = api.post("/api/resource/Risk Assessment", {**body, "confirmed_by": "fo_client", "confirmed_ip": "1.2.3.4"})
    assert r.status_code == 417 and RiskAssessment.objects.count() == 1
    r = api.post("/api/resource/Risk Assessment", body, headers={"X-Forwarded-For": "9.9.9.9"})
    assert r.status_code == 200, r.content
    doc = r.json()["data"]
    assert doc["confirmed_by"] == "fo_cm" and doc["confirmed_ip"] == "127.0.0.1"


def test_nobody_writes_the_audit_log(make_user, branch, api_as, client):
    from securities_crm.doctype.audit_log.model import AuditLog

    admin = make_user("fo_admin", roles=["System Manager"], branch=branch, superuser=True)
    api = api_as(admin)
    before = AuditLog.objects.count()
    r = api.post("/api/resource/Audit Log", {"action": "Login", "user": "someone", "ip_address": "10.0.0.1"})
    assert r.status_code == 403
    row = AuditLog.objects.order_by("-creation").first()
    if row is not None:
        assert api.put(f"/api/resource/Audit Log/{row.pk}", {"detail": "x"}).status_code == 403
        assert api.delete(f"/api/resource/Audit Log/{row.pk}").status_code == 403
    client.force_login(admin)
    assert client.get("/app/securities_crm/auditlog/add/").status_code == 403
    assert AuditLog.objects.count() >= before


def test_only_compliance_changes_aml_rules(make_user, branch, api_as):
    from securities_crm.doctype.monitoring_rule.model import MonitoringRule

    risk = api_as(make_user("fo_ro", roles=["Risk Officer"], branch=branch))
    compliance = api_as(make_user("fo_co", roles=["Compliance Officer"], branch=branch))
    aml = {"code": "AML-X", "rule_name": "x", "kind": "large_cash", "parameters": {}, "window_days": 1}
    market = {"code": "MKT-X", "rule_name": "y", "kind": "frequent_trading", "parameters": {}, "window_days": 1}
    assert risk.post("/api/resource/Monitoring Rule", aml).status_code == 403
    assert not MonitoringRule.objects.filter(code="AML-X").exists()
    assert risk.post("/api/resource/Monitoring Rule", market).status_code == 200
    assert compliance.post("/api/resource/Monitoring Rule", aml).status_code == 200
    assert risk.put("/api/resource/Monitoring Rule/AML-X", {"severity": "Low"}).status_code == 403
    assert risk.put("/api/resource/Monitoring Rule/MKT-X", {"kind": "large_cash"}).status_code == 403
    assert MonitoringRule.objects.get(code="MKT-X").kind == "frequent_trading"
    assert compliance.put("/api/resource/Monitoring Rule/AML-X", {"severity": "Low"}).status_code == 200


@pytest.mark.parametrize(
    "doctype, body, field",
    [
        ("Client", {"financial_assets": "-1"}, "financial_assets"),
        ("Client", {"investment_years": 2.5}, "investment_years"),
        ("Client", {"net_assets": "-0.01"}, "net_assets"),
        ("Professional Investor Application", {"financial_assets": "-5000000"}, "financial_assets"),
        ("Professional Investor Application", {"average_income": -1}, "average_income"),
        ("Professional Investor Application", {"investment_years": "-2"}, "investment_years"),
    ],
)
def test_value_ranges_hold_on_the_api(suitability_world, api_as, doctype, body, field):
    from securities_crm.api.meta import meta

    w = suitability_world
    model = registry.get(doctype).model
    payload = (
        {**body, "client": w["client"].pk, "application_type": "Professional III"} if doctype != "Client" else body
    )
    api = api_as(w["manager"])
    count = model.objects.count()
    if doctype == "Client":
        r = api.put(f"/api/resource/Client/{w['client'].pk}", payload)
    else:
        r = api.post(f"/api/resource/{doctype}", payload)
    assert r.status_code == 417, r.content
    assert str(meta(model).fields[field].label) in json.dumps(r.json(), ensure_ascii=False)
    assert model.objects.count() == count
    if doctype == "Client":
        w["client"].refresh_from_db()
        assert getattr(w["client"], field) in (None, 0, Decimal(0)) or getattr(w["client"], field) != body[field]


def test_a_masked_value_sent_back_is_no_change(suitability_world, make_user, branch, api_as):
    """A reader who saw the mask and sends the document back whole changes nothing."""
    w = suitability_world
    client_record = type(w["client"]).objects.get(pk=w["client"].pk)
    spec = registry.get("Client")
    masked = ownership.mask(client_record.id_number, "id_number")
    assert ownership.unchanged(client_record, spec.model._meta.get_field("id_number"), masked)
    assert not ownership.unchanged(client_record, spec.model._meta.get_field("id_number"), "110105194912310029")


def test_dates_are_not_forged_by_rounding(suitability_world, api_as):
    """A date the server set is refused even one day off."""
    w = suitability_world
    stored = w["client"].risk_valid_until
    r = api_as(w["manager"]).put(
        f"/api/resource/Client/{w['client'].pk}", {"risk_valid_until": (stored + dt.timedelta(days=1)).isoformat()}
    )
    assert r.status_code == 417
    r = api_as(w["manager"]).put(f"/api/resource/Client/{w['client'].pk}", {"risk_valid_until": stored.isoformat()})
    assert r.status_code == 200
