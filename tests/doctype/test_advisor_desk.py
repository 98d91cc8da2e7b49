"""The advisor's work: their clients (the "advisor" record scope, on the desk and on every REST route),
and the desk's suitability check, whose confirmation writes the Suitability Record and the 回访 task."""

import pytest
from client_fixtures import desk_for, english, new_client, world  # noqa: F401  (fixtures)
from suitability_fixtures import answers_for_score, make_product, questionnaire, take_assessment  # noqa: F401

from securities_crm.doctype.care_task.model import CareTask
from securities_crm.doctype.suitability_record.model import SuitabilityRecord

CHECK_URL = "/app/securities_crm/suitabilityrecord/check/"


@pytest.fixture
def advised(questionnaire, world):
    """The advisor serves a1 (C3) and b1; a2 and the Beijing client are not theirs."""
    users, clients = world
    for key in ("a1", "b1"):
        clients[key].advisor = users["advisor"]
        clients[key].save()
    answers = answers_for_score(questionnaire, 25)
    answers["Q9"], answers["Q11"] = "B", ["A", "B", "C"]
    take_assessment(clients["a1"], answers)
    products = {
        "r2": make_product("R2P", "R2", "Medium", "Fixed Income"),
        "r4": make_product("R4P", "R4", "Medium", "Equity"),
    }
    return users, clients, products


def names(response):
    return sorted(row["name"] for row in response.json()["data"])


def test_advisor_lists_only_their_clients_on_rest_and_desk(advised):
    users, clients, _ = advised
    browser = desk_for(users["advisor"])
    assert names(browser.get("/api/resource/Client")) == sorted([clients["a1"].pk, clients["b1"].pk])
    assert browser.get(f"/api/resource/Client/{clients['a1'].pk}").status_code == 200
    for other in ("a2", "bj"):
        assert browser.get(f"/api/resource/Client/{clients[other].pk}").status_code in (403, 404)
        r = browser.put(
            f"/api/resource/Client/{clients[other].pk}", {"client_name": "x"}, content_type="application/json"
        )
        assert r.status_code in (403, 404)
    assert browser.get(f"/api/resource/Client/{clients['a1'].pk}", {"fields": '["client_name"]'}).status_code == 200
    # the generic methods and the suitability check go through the same rule
    r = browser.get("/api/method/frappe.client.get_count", {"doctype": "Client"})
    assert r.json()["message"] == 2
    r = browser.get("/api/method/securities_crm.api.suitability.check", {"client": clients["a2"].pk, "product": "R2P"})
    assert r.status_code == 404
    page = browser.get("/app/securities_crm/client/")
    assert page.status_code == 200
    text = page.content.decode()
    assert clients["a1"].pk in text and clients["b1"].pk in text and clients["a2"].pk not in text
    assert browser.get(f"/app/securities_crm/client/{clients['a2'].pk}/change/").status_code in (302, 403, 404)


def test_advisor_may_not_reassign_a_client(advised):
    users, clients, _ = advised
    r = desk_for(users["advisor"]).put(
        f"/api/resource/Client/{clients['a1'].pk}", {"advisor": None}, content_type="application/json"
    )
    assert r.status_code == 403
    clients["a1"].refresh_from_db()
    assert clients["a1"].advisor == users["advisor"]


def test_a_client_manager_assigns_the_advisor(advised):
    users, clients, _ = advised
    r = desk_for(users["cm_a"]).put(
        f"/api/resource/Client/{clients['a2'].pk}",
        {"advisor": users["advisor"].username},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert clients["a2"].pk in names(desk_for(users["advisor"]).get("/api/resource/Client"))


def test_the_desk_check_shows_three_axes_and_the_warning(advised):
    users, clients, _ = advised
    r = desk_for(users["advisor"]).get(CHECK_URL, {"client": clients["a1"].pk, "product": "R4P"})
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-result="mismatch_confirmable"' in html
    for axis, result in (("risk", "mismatch"), ("horizon", "match"), ("variety", "match")):
        assert f'data-axis="{axis}" data-axis-result="{result}"' in html
    assert "SPECIAL RISK WARNING" in html and 'data-testid="confirm-form"' in html


def test_confirming_in_branch_writes_the_record_and_the_return_visit(advised):
    users, clients, _ = advised
    browser = desk_for(users["advisor"])
    data = {"client": clients["a1"].pk, "product": "R4P", "channel": "Branch"}
    r = browser.post(CHECK_URL + "?client=x", data)  # without the client's confirmation ticked: nothing written
    assert r.status_code == 200 and not SuitabilityRecord.objects.exists()
    assert 'data-field="confirmed"' in r.content.decode()
    r = browser.post(CHECK_URL, {**data, "confirmed": "on"})
    record = SuitabilityRecord.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/suitabilityrecord/{record.pk}/change/")
    assert (record.confirmed_by, record.channel, record.result) == (users["advisor"], "Branch", "mismatch_confirmed")
    task = CareTask.objects.get(source_doctype="Suitability Record", source_name=record.pk)
    page = browser.get(r["Location"])
    assert page.status_code == 200 and task.pk in page.content.decode()
    assert browser.get(f"/api/resource/Care Task/{task.pk}").status_code == 200  # the client's task is theirs to see


def test_a_blocked_check_offers_no_confirmation_and_refuses_one(advised):
    users, clients, _ = advised
    browser = desk_for(users["advisor"])
    r = browser.get(CHECK_URL, {"client": clients["b1"].pk, "product": "R2P"})  # b1 has no assessment
    assert 'data-result="blocked"' in r.content.decode() and 'data-testid="confirm-form"' not in r.content.decode()
    browser.post(CHECK_URL, {"client": clients["b1"].pk, "product": "R2P", "channel": "Branch", "confirmed": "on"})
    assert not SuitabilityRecord.objects.exists()


def test_the_check_is_only_for_clients_the_user_may_read(advised):
    users, clients, _ = advised
    browser = desk_for(users["advisor"])
    r = browser.post(CHECK_URL, {"client": clients["a2"].pk, "product": "R2P", "channel": "Branch", "confirmed": "on"})
    assert r.status_code == 200 and 'data-field="client"' in r.content.decode()
    assert not SuitabilityRecord.objects.exists()
    found = browser.get(
        "/app/autocomplete/",
        {"app_label": "securities_crm", "model_name": "suitabilityrecord", "field_name": "client", "term": "客户"},
    ).json()["results"]
    assert sorted(x["id"] for x in found) == sorted([clients["a1"].pk, clients["b1"].pk])


def test_client_managers_get_the_add_button_others_do_not(advised):
    users, clients, _ = advised
    assert desk_for(users["cm_a"]).get("/app/securities_crm/suitabilityrecord/add/")["Location"].startswith(CHECK_URL)
    assert desk_for(users["cm_a"]).get(CHECK_URL).status_code == 200
    assert desk_for(users["risk"]).get(CHECK_URL).status_code == 403
    page = desk_for(users["cm_a"]).get(f"/app/securities_crm/client/{clients['a1'].pk}/change/")
    assert "suitability-check" in page.content.decode()
    r = desk_for(users["cm_a"]).get("/app/securities_crm/product/R4P/suitability-check/")
    assert r.status_code == 302 and r["Location"].endswith("?product=R4P")


def test_the_advisor_scope_holds_on_every_route(advised):
    """Suitability records, assessments and the generic methods answer only the advisor's clients' rows."""
    from securities_crm.suitability import service

    users, clients, products = advised
    take_a2 = clients["a2"]
    mine = service.confirm(users["cm_a"], clients["a1"], products["r2"], "Branch")
    browser = desk_for(users["advisor"])
    assert names(browser.get("/api/resource/Suitability Record")) == [mine.pk]
    assessments = browser.get("/api/resource/Risk Assessment", {"fields": '["client"]'}).json()["data"]
    assert {row["client"] for row in assessments} == {clients["a1"].pk}
    listed = browser.get(
        "/api/method/frappe.client.get_list", {"doctype": "Client", "fields": '["name"]', "limit_page_length": 0}
    ).json()["message"]
    assert sorted(r["name"] for r in listed) == sorted([clients["a1"].pk, clients["b1"].pk])
    r = browser.get("/api/method/frappe.client.get", {"doctype": "Client", "name": take_a2.pk})
    assert r.status_code in (403, 404)
    r = browser.get(
        "/api/method/frappe.client.get_value", {"doctype": "Client", "filters": take_a2.pk, "fieldname": "client_name"}
    )
    assert r.status_code in (403, 404) or not r.json().get("message")
    # and the advisor cannot write a record for someone else's client through the API either
    r = browser.post(
        "/api/method/securities_crm.api.suitability.confirm",
        {"client": take_a2.pk, "product": "R2P", "channel": "Branch"},
        content_type="application/json",
    )
    assert r.status_code == 404
