"""The real Python FrappeClient (PyPI `frappe-client`) against a live server started by the test."""

import pytest
from frappeclient import FrappeClient
from frappeclient.frappeclient import AuthError, FrappeException


@pytest.fixture
def live_admin(make_user, branch):
    return make_user("fc_admin", roles=["System Manager"], branch=branch)


@pytest.mark.django_db(transaction=True)
def test_frappe_client_with_a_password_login(live_server, live_admin):
    fc = FrappeClient(live_server.url, "fc_admin", "pw-fc_admin")  # logs in with cmd=login

    assert (
        fc.insert({"doctype": "Branch", "branch_code": "FC01", "branch_name": "FC", "city": "Nanjing"})["name"]
        == "FC01"
    )
    fc.insert({"doctype": "Branch", "branch_code": "FC02", "branch_name": "FC 2", "city": "Nanjing"})
    rows = fc.get_list(
        "Branch",
        fields=["name", "city"],
        filters=[["city", "=", "Nanjing"]],
        order_by="name desc",
        limit_start=0,
        limit_page_length=1,
    )
    assert rows == [{"name": "FC02", "city": "Nanjing"}]
    assert {r["name"] for r in fc.get_list("Branch")} == {"SH01", "FC01", "FC02"}  # fields "*", no paging
    doc = fc.get_doc("Branch", "FC01")
    assert doc["branch_name"] == "FC" and doc["modified_by"] == "fc_admin"
    doc["city"] = "Suzhou"
    assert fc.update(doc)["city"] == "Suzhou"
    assert fc.get_value("Branch", "city", {"name": "FC01"}) == {"city": "Suzhou"}
    assert fc.set_value("Branch", "FC02", "branch_name", "FC two")["branch_name"] == "FC two"
    assert fc.get_api("frappe.client.get_count", {"doctype": "Branch", "filters": '{"city": "Nanjing"}'}) == 1
    assert (
        fc.post_api(
            "frappe.client.set_value", {"doctype": "Branch", "name": "FC02", "fieldname": "city", "value": "Wuxi"}
        )["city"]
        == "Wuxi"
    )
    fc.delete("Branch", "FC02")
    with pytest.raises(FrappeException):
        fc.get_doc("Branch", "FC02")
    with pytest.raises(FrappeException):  # a validation error reaches the client as an exception
        fc.insert({"doctype": "Branch", "branch_code": "FC03"})
    fc.logout()
    with pytest.raises(FrappeException):
        fc.get_doc("Branch", "FC01")


@pytest.mark.django_db(transaction=True)
def test_frappe_client_with_api_keys(live_server, live_admin, api_key_for):
    key, secret = api_key_for(live_admin).split(":")
    fc = FrappeClient(live_server.url)
    fc.authenticate(key, secret)  # Basic base64(key:secret)
    assert fc.get_doc("Branch", "SH01")["city"] == "上海"
    assert fc.get_api("frappe.auth.get_logged_user") == "fc_admin"


@pytest.mark.django_db(transaction=True)
def test_frappe_client_bad_login(live_server, live_admin):
    with pytest.raises(AuthError):
        FrappeClient(live_server.url, "fc_admin", "wrong")
