"""The suitability check and confirmation over the API: results per axis, blocked cases that write
nothing, immutable records, the follow-up visit (a Care Task) for a confirmed mismatch, and record rules."""

import json

import pytest
from client_fixtures import english, new_client, world  # noqa: F401  (fixtures)
from django.test import Client as Browser
from suitability_fixtures import answers_for_score, long_ago, make_product, questionnaire, take_assessment  # noqa: F401

from securities_crm.core.errors import DocumentImmutable
from securities_crm.doctype.care_task.model import CareTask
from securities_crm.doctype.notification_log.model import NotificationLog
from securities_crm.doctype.suitability_record.model import SuitabilityRecord

CHECK = "/api/method/securities_crm.api.suitability.check"
CONFIRM = "/api/method/securities_crm.api.suitability.confirm"


def session(user):
    browser = Browser(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(user)
    return browser


def messages(response):
    return " ".join(json.loads(m)["message"] for m in json.loads(response.json()["_server_messages"]))


@pytest.fixture
def setup(questionnaire, world):
    """a1 is C3 (score 25) with horizon 1-5 years and cash/fixed income/equity; products of each kind."""
    users, clients = world
    answers = answers_for_score(questionnaire, 25)
    answers["Q9"], answers["Q11"] = "B", ["A", "B", "C"]
    take_assessment(clients["a1"], answers)
    products = {
        "r2": make_product("R2P", "R2", "Medium", "Fixed Income"),
        "r4": make_product("R4P", "R4", "Medium", "Equity"),
        "long": make_product("LONG", "R2", "Long", "Fixed Income"),
        "deriv": make_product("DRV", "R3", "Short", "Derivatives"),
        "pro": make_product("PRO", "R1", "Short", "Cash", professional_only=True),
    }
    return users, clients, products


def test_check_match(setup):
    users, clients, products = setup
    r = session(users["cm_a"]).get(CHECK, {"client": clients["a1"].pk, "product": "R2P"})
    assert r.status_code == 200, r.content
    msg = r.json()["message"]
    assert (msg["result"], msg["risk"], msg["horizon"], msg["variety"]) == ("match", "match", "match", "match")
    assert msg["warning_text"] == "" and msg["reasons"] == [] and msg["recommendable"] is True


def test_check_mismatch_per_axis(setup):
    users, clients, _ = setup
    browser = session(users["cm_a"])
    for product, axis, code in [
        ("R4P", "risk", "risk_above_level"),
        ("LONG", "horizon", "horizon_longer"),
        ("DRV", "variety", "variety_not_chosen"),
    ]:
        msg = browser.get(CHECK, {"client": clients["a1"].pk, "product": product}).json()["message"]
        assert msg["result"] == "mismatch_confirmable" and msg[axis] == "mismatch", product
        assert [r["code"] for r in msg["reasons"]] == [code]
        assert "SPECIAL RISK WARNING" in msg["warning_text"] and msg["recommendable"] is False


def test_confirm_a_match_records_it(setup):
    users, clients, _ = setup
    r = session(users["cm_a"]).post(
        CONFIRM, {"client": clients["a1"].pk, "product": "R2P", "channel": "Branch"}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    doc = r.json()["message"]
    assert (doc["result"], doc["confirmed_by"], doc["channel"], doc["product"]) == ("match", "cm_a", "Branch", "R2P")
    assert doc["follow_up_due"] is None and doc["assessment"].startswith("RA-")
    assert not CareTask.objects.exists()


def test_confirmed_mismatch_keeps_the_warning_and_schedules_the_visit(setup):
    users, clients, _ = setup
    browser = session(users["cm_a"])
    shown = browser.get(CHECK, {"client": clients["a1"].pk, "product": "R4P"}).json()["message"]["warning_text"]
    r = browser.post(
        CONFIRM, {"client": clients["a1"].pk, "product": "R4P", "channel": "Desk"}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    record = SuitabilityRecord.objects.get()
    assert record.result == "mismatch_confirmed" and record.warning_text == shown
    assert (record.risk_result, record.client_risk_level, record.product_risk_rating) == ("mismatch", "C3", "R4")
    assert record.ip_address == "127.0.0.1" and record.follow_up_due is not None
    visit = CareTask.objects.get(source_doctype="Suitability Record", source_name=record.pk)  # the 回访
    assert (visit.kind, visit.assigned_to, visit.due_on) == ("above_level", users["cm_a"], record.follow_up_due)
    assert [q["key"] for q in visit.script] == ["identity_confirmed", "disclosure_understood", "answered_personally"]
    note = NotificationLog.objects.get(document_type="Care Task", document_name=visit.pk)
    assert note.for_user == users["cm_a"] and record.follow_up_due.isoformat() in note.subject


def test_blocked_cases_are_refused_and_write_nothing(setup, questionnaire):
    users, clients, _ = setup
    browser = session(users["cm_a"])
    a2 = clients["a2"]

    def expect_blocked(client, product, code):
        msg = browser.get(CHECK, {"client": client.pk, "product": product}).json()["message"]
        assert msg["result"] == "blocked" and msg["reasons"][0]["code"] == code, code
        r = browser.post(
            CONFIRM, {"client": client.pk, "product": product, "channel": "Desk"}, content_type="application/json"
        )
        assert r.status_code == 417 and "Blocked" in messages(r)
        assert not SuitabilityRecord.objects.exists()

    expect_blocked(clients["a1"], "PRO", "professional_only")
    expect_blocked(a2, "R2P", "no_assessment")
    take_assessment(a2, answers_for_score(questionnaire, 40), confirmed_at=long_ago(25))
    expect_blocked(a2, "R2P", "assessment_expired")
    answers = answers_for_score(questionnaire, 40)
    answers["Q10"] = "A"  # cannot bear any loss
    take_assessment(a2, answers)
    expect_blocked(a2, "R4P", "lowest_category")


def test_bad_channel_names_the_field(setup):
    users, clients, _ = setup
    r = session(users["cm_a"]).post(
        CONFIRM, {"client": clients["a1"].pk, "product": "R2P", "channel": "Fax"}, content_type="application/json"
    )
    assert r.status_code == 417 and "channel" in messages(r).lower()
    assert not SuitabilityRecord.objects.exists()


def test_other_managers_clients_are_not_found(setup):
    users, clients, _ = setup
    r = session(users["cm_a"]).get(CHECK, {"client": clients["b1"].pk, "product": "R2P"})
    assert r.status_code == 404


def test_records_are_immutable_and_scoped(setup):
    users, clients, _ = setup
    session(users["cm_a"]).post(
        CONFIRM, {"client": clients["a1"].pk, "product": "R2P", "channel": "Desk"}, content_type="application/json"
    )
    record = SuitabilityRecord.objects.get()
    record.channel = "Phone"
    with pytest.raises(DocumentImmutable):
        record.save()
    with pytest.raises(DocumentImmutable):
        record.delete()
    browser = session(users["admin"])
    assert (
        browser.put(
            f"/api/resource/Suitability Record/{record.pk}", {"channel": "Phone"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert browser.delete(f"/api/resource/Suitability Record/{record.pk}").status_code == 403
    r = session(users["cm_b"]).get("/api/resource/Suitability Record")
    assert r.status_code == 200 and r.json()["data"] == []
    r = session(users["cm_a"]).get("/api/resource/Suitability Record")
    assert [d["name"] for d in r.json()["data"]] == [record.pk]


def test_a_service_offering_is_checked_like_a_product(setup):
    from securities_crm.doctype.service_offering.model import ServiceOffering

    users, clients, _ = setup
    ServiceOffering(
        service_code="MARGIN",
        service_name="融资融券",
        service_type="Margin Trading",
        risk_rating="R4",
        horizon="Short",
        variety="Derivatives",
    ).save()
    msg = session(users["cm_a"]).get(CHECK, {"client": clients["a1"].pk, "product": "MARGIN"}).json()["message"]
    assert (msg["result"], msg["risk"], msg["variety"]) == ("mismatch_confirmable", "mismatch", "mismatch")
