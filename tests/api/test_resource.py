"""/api/resource/<DocType>: the Frappe wire format for insert, read, update, delete and list."""

import json
from decimal import Decimal

import pytest

from .conftest import messages

pytestmark = pytest.mark.django_db

BRANCH = "/api/resource/Branch"


def test_insert_returns_the_whole_document_with_standard_fields(api, admin_user):
    r = api.post(BRANCH, {"branch_code": "GZ01", "branch_name": "广州天河营业部", "city": "广州"})
    assert r.status_code == 200, r.content
    doc = r.json()["data"]
    assert doc["name"] == "GZ01" and doc["city"] == "广州" and doc["doctype"] == "Branch"
    for f in ("name", "owner", "creation", "modified", "modified_by", "docstatus", "idx"):
        assert f in doc
    assert doc["owner"] == admin_user.username and doc["docstatus"] == 0
    # Frappe's datetime format, in the site's time zone, without an offset.
    import re

    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?", doc["creation"])


def test_read_update_delete(api):
    api.post(BRANCH, {"branch_code": "GZ01", "branch_name": "广州", "city": "广州"})
    assert api.get(f"{BRANCH}/GZ01").json()["data"]["branch_name"] == "广州"
    r = api.put(f"{BRANCH}/GZ01", {"city": "深圳", "is_active": "false"})
    assert r.status_code == 200 and r.json()["data"]["city"] == "深圳" and r.json()["data"]["is_active"] is False
    r = api.delete(f"{BRANCH}/GZ01")
    assert r.status_code == 202 and r.json() == {"data": "ok"}
    assert api.get(f"{BRANCH}/GZ01").status_code == 404


def test_url_encoded_doctype_trailing_slash_and_v1(api):
    r = api.get("/api/resource/Staff%20Profile/")
    assert r.status_code == 200 and {"name": "api_admin"} in r.json()["data"]
    assert api.get("/api/v1/resource/Branch").status_code == 200


def test_form_encoded_data_field_as_frappe_client_sends_it(api):
    r = api.client.post(
        BRANCH,
        {"data": json.dumps({"branch_code": "HZ01", "branch_name": "杭州", "city": "杭州"})},
        headers={"Authorization": api.auth},
    )
    assert r.status_code == 200, r.content
    assert r.json()["data"]["name"] == "HZ01"


def test_validation_failure_is_417_names_the_field_and_writes_nothing(api):
    from securities_crm.doctype.branch.model import Branch

    r = api.post(BRANCH, {"branch_code": "X1", "city": "广州"}, headers={"Accept-Language": "en"})
    assert r.status_code == 417
    body = r.json()
    assert body["exc_type"] == "ValidationError" and "Traceback" not in r.content.decode()
    assert any("Branch Name" in m for m in messages(r))
    assert not Branch.objects.filter(branch_code="X1").exists()


def test_unknown_field_is_refused_by_name(api):
    r = api.post(BRANCH, {"branch_code": "X1", "branch_name": "x", "city": "y", "colour": "red"})
    assert r.status_code == 417 and any("colour" in m for m in messages(r))


def test_duplicate_is_409(api):
    data = {"branch_code": "GZ01", "branch_name": "广州", "city": "广州"}
    assert api.post(BRANCH, data).status_code == 200
    r = api.post(BRANCH, data)
    assert r.status_code == 409 and r.json()["exc_type"] == "DuplicateEntryError"


def test_errors_answer_json_whatever_accept_says(api):
    r = api.get("/api/resource/No Such DocType", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r["Content-Type"].startswith("application/json")
    r = api.get("/api/nothing/here", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.json()["exc_type"] == "DoesNotExistError"


def test_messages_follow_the_language(api):
    zh = api.get(f"{BRANCH}/NOPE", headers={"Accept-Language": "zh-hans"})
    en = api.get(f"{BRANCH}/NOPE", headers={"Accept-Language": "en"})
    assert zh.status_code == en.status_code == 404
    assert "not found" in messages(en)[0]


def test_unauthenticated_is_401(client):
    r = client.get(BRANCH)
    assert r.status_code == 401 and r.json()["exc_type"] == "AuthenticationError"


def test_decimals_are_exact_numbers():
    from securities_crm.api.response import dumps

    text = dumps({"amount": Decimal("12345678901234567.89"), "label": "dec:1"})
    assert text == '{"amount":12345678901234567.89,"label":"dec:1"}'
    assert json.loads(text, parse_float=Decimal)["amount"] == Decimal("12345678901234567.89")


def test_immutable_doctypes_refuse_update_and_delete(api, admin_user):
    from securities_crm.doctype.audit_log.model import AuditLog

    row = AuditLog(action="Login", user=admin_user.username)
    row.save()
    url = f"/api/resource/Audit Log/{row.name}"
    assert api.get(url).status_code == 200
    assert api.put(url, {"detail": "changed"}).status_code == 403
    r = api.delete(url)
    assert r.status_code == 403 and r.json()["exc_type"] == "PermissionError"
    assert AuditLog.objects.filter(pk=row.name, detail="").exists()


def test_an_unexpected_error_is_a_json_500_without_traceback(api):
    from securities_crm.api.views import load_methods
    from securities_crm.api.whitelist import WHITELISTED, whitelist

    load_methods()

    @whitelist(path="tests.explode")
    def explode(request):
        raise RuntimeError("internal detail that must not leak")

    try:
        r = api.get("/api/method/tests.explode", headers={"Accept": "text/html"})
    finally:
        WHITELISTED.pop("tests.explode", None)
    assert r.status_code == 500 and r["Content-Type"].startswith("application/json")
    body = r.content.decode()
    assert r.json()["exc_type"] == "Exception"
    assert "internal detail" not in body and "Traceback" not in body and "RuntimeError" not in body


def test_site_handler500_answers_json_under_api(rf):
    from securities_crm.error_pages import server_error  # the site's handler500

    r = server_error(rf.get("/api/resource/Branch"))
    assert r.status_code == 500 and json.loads(r.content)["exc_type"] == "Exception"


# --- bodies no parser should choke on, answers every parser can read ------------------------------
GET_LIST = "/api/method/frappe.client.get_list"


def test_json_nested_beyond_the_parsers_depth_is_417(api):
    deep = "[" * 100_000 + "]" * 100_000
    for r in (
        api.post(GET_LIST, '{"doctype": "Branch", "filters": ' + deep + "}"),
        api.post(GET_LIST, deep),
        api.get("/api/resource/Branch", {"filters": deep}),
    ):
        assert r.status_code == 417, r.content[:300]
        assert r.json()["exc_type"] == "ValidationError" and messages(r)


def test_structures_deeper_than_the_limit_are_refused_without_recursion(api):
    from securities_crm.api.endpoint import MAX_DEPTH, check_text
    from securities_crm.api.errors import ValidationError

    deep: list = []
    for _level in range(100_000):  # deeper than Python's recursion limit
        deep = [deep]
    with pytest.raises(ValidationError):
        check_text({"filters": deep})
    nested: list = ["x"]
    for _level in range(MAX_DEPTH - 1):
        nested = [nested]
    check_text(nested)  # at the limit
    r = api.post(GET_LIST, {"doctype": "Branch", "filters": [nested]})
    assert r.status_code == 417 and str(MAX_DEPTH) in messages(r)[0], r.content


@pytest.mark.parametrize(
    "filters", ['[["branch_name", "=", NaN]]', '[["branch_name", "in", [1, Infinity]]]', '{"branch_name": -Infinity}']
)
def test_nan_and_infinity_are_not_json(api, filters):
    for r in (
        api.post(GET_LIST, '{"doctype": "Branch", "filters": ' + filters + "}"),  # in the body
        api.get(BRANCH, {"filters": filters}),
    ):  # in a parameter
        assert r.status_code == 417, r.content
        assert r.json()["exc_type"] == "ValidationError" and "JSON" in messages(r)[0]


def test_answers_never_hold_nan_or_infinity():
    from securities_crm.api.response import dumps

    text = dumps({"score": float("nan"), "rows": [{"ratio": float("inf")}, -float("inf")], "amount": Decimal("1.5")})
    assert text == '{"score":null,"rows":[{"ratio":null},null],"amount":1.5}'


def test_an_answer_echoing_a_lone_surrogate_is_still_utf8_json():
    from securities_crm.api.response import json_response

    r = json_response({"message": "bad \udfff value"})
    assert json.loads(r.content.decode("utf-8")) == {"message": "bad \udfff value"}
