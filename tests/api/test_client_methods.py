"""frappe.client.* methods, through /api/method/ and the legacy cmd= form."""

import json

import pytest

from .conftest import messages

pytestmark = pytest.mark.django_db
M = "/api/method/frappe.client."


@pytest.fixture
def two_branches(branch, other_branch):
    return branch, other_branch


def test_get_list_and_count(api, two_branches):
    r = api.get(M + "get_list", {"doctype": "Branch", "fields": '["name","city"]', "order_by": "name asc"})
    assert r.json()["message"] == [{"name": "BJ01", "city": "北京"}, {"name": "SH01", "city": "上海"}]
    r = api.get(M + "get_count", {"doctype": "Branch", "filters": '[["city","=","北京"]]'})
    assert r.json() == {"message": 1}


def test_get_and_get_value(api, two_branches):
    assert api.get(M + "get", {"doctype": "Branch", "name": "BJ01"}).json()["message"]["city"] == "北京"
    assert api.get(M + "get", {"doctype": "Branch", "filters": '{"city": "上海"}'}).json()["message"]["name"] == "SH01"
    r = api.get(M + "get_value", {"doctype": "Branch", "fieldname": '["city","branch_name"]', "filters": "BJ01"})
    assert r.json()["message"] == {"city": "北京", "branch_name": "北京建国门营业部"}
    r = api.get(
        M + "get_value", {"doctype": "Branch", "fieldname": "city", "filters": '{"name":"SH01"}', "as_dict": "false"}
    )
    assert r.json()["message"] == "上海"


@pytest.mark.parametrize(
    "params",
    [
        {"doctype": "Branch", "fieldname": '["city"]', "filters": '{"is_active": "\\udfff"}'},  # a lone surrogate
        {"doctype": "Branch", "fieldname": '["city"]', "filters": '{"city": "a\\u0000b"}'},  # NUL, escaped in JSON
    ],
)
def test_get_value_refuses_text_no_database_can_hold(api, two_branches, params):
    r = api.get(M + "get_value", params)
    assert r.status_code == 417, r.content
    assert r.json()["exc_type"] == "ValidationError" and messages(r)


def test_set_value_insert_save_delete(api, two_branches):
    r = api.post(M + "set_value", {"doctype": "Branch", "name": "BJ01", "fieldname": "city", "value": "天津"})
    assert r.json()["message"]["city"] == "天津"
    r = api.post(M + "set_value", {"doctype": "Branch", "name": "BJ01", "fieldname": {"city": "北京", "phone": "010"}})
    assert r.json()["message"]["phone"] == "010"
    doc = {"doctype": "Branch", "branch_code": "CD01", "branch_name": "成都", "city": "成都"}
    assert api.post(M + "insert", {"doc": json.dumps(doc)}).json()["message"]["name"] == "CD01"
    r = api.post(M + "save", {"doc": {"doctype": "Branch", "name": "CD01", "city": "成都市"}})
    assert r.json()["message"]["city"] == "成都市"
    assert api.post(M + "delete", {"doctype": "Branch", "name": "CD01"}).json() == {"message": None}
    assert api.get("/api/resource/Branch/CD01").status_code == 404


def test_insert_many_is_all_or_nothing(api, branch):
    from securities_crm.doctype.branch.model import Branch

    docs = [
        {"doctype": "Branch", "branch_code": "A1", "branch_name": "a", "city": "a"},
        {"doctype": "Branch", "branch_code": "A2", "branch_name": "b", "city": "b"},
    ]
    assert api.post(M + "insert_many", {"docs": docs}).json()["message"] == ["A1", "A2"]
    docs = [
        {"doctype": "Branch", "branch_code": "A3", "branch_name": "a", "city": "a"},
        {"doctype": "Branch", "branch_code": "A4", "city": "b"},
    ]
    assert api.post(M + "insert_many", {"docs": docs}).status_code == 417
    assert not Branch.objects.filter(pk="A3").exists()


def test_bulk_update_reports_failures(api, two_branches):
    r = api.post(
        M + "bulk_update",
        {
            "docs": json.dumps(
                [
                    {"doctype": "Branch", "docname": "BJ01", "city": "北京市"},
                    {"doctype": "Branch", "docname": "NOPE", "city": "x"},
                ]
            )
        },
    )
    failed = r.json()["message"]["failed_docs"]
    assert len(failed) == 1 and failed[0]["doc"]["docname"] == "NOPE"
    assert api.get("/api/resource/Branch/BJ01").json()["data"]["city"] == "北京市"


def test_rename_doc_moves_links(api, admin_user):
    from securities_crm.doctype.notification_log.model import NotificationLog

    note = NotificationLog(for_user=admin_user, subject="hello")
    note.save()
    r = api.post(M + "rename_doc", {"doctype": "Notification Log", "old_name": note.name, "new_name": "renamed-1"})
    assert r.json() == {"message": "renamed-1"}
    assert api.get("/api/resource/Notification Log/renamed-1").json()["data"]["subject"] == "hello"
    r = api.post(M + "rename_doc", {"doctype": "Branch", "old_name": "SH01", "new_name": "SH99"})
    assert r.status_code == 417  # named from its branch code


def test_write_methods_refuse_get(api, branch):
    r = api.get(M + "set_value", {"doctype": "Branch", "name": "SH01", "fieldname": "city", "value": "x"})
    assert r.status_code == 405


def test_missing_argument_and_unknown_method(api):
    r = api.get(M + "get_count", headers={"Accept-Language": "en"})
    assert r.status_code == 417 and "doctype" in messages(r)[0]
    assert api.get("/api/method/no.such.method").status_code == 404


def test_guest_may_ping_but_not_call_the_rest(client):
    assert client.get("/api/method/ping").json() == {"message": "pong"}
    assert client.get(M + "get_count", {"doctype": "Branch"}).status_code == 401
