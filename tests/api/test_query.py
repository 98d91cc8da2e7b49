"""List parameters: fields, filters and or_filters in both forms, every operator, order, paging, group_by."""

import json

import pytest

from .conftest import messages

pytestmark = pytest.mark.django_db
BRANCH = "/api/resource/Branch"
CITIES = {"SH01": "上海", "SH02": "上海", "BJ01": "北京", "GZ01": "广州", "SZ01": "深圳"}


@pytest.fixture
def branches(db):
    from securities_crm.doctype.branch.model import Branch

    for code, city in CITIES.items():
        if not Branch.objects.filter(pk=code).exists():
            Branch(branch_code=code, branch_name=f"{city}{code}", city=city, is_active=code != "SZ01").save()


def names(api, **params):
    params = {k: json.dumps(v) if isinstance(v, (list, dict)) else v for k, v in params.items()}
    r = api.get(BRANCH, params)
    assert r.status_code == 200, r.content
    return [row["name"] if isinstance(row, dict) else row for row in r.json()["data"]]


@pytest.mark.parametrize(
    "filters, expected",
    [
        ([["city", "=", "上海"]], {"SH01", "SH02"}),
        ([["Branch", "city", "!=", "上海"]], {"BJ01", "GZ01", "SZ01"}),
        ({"city": "北京"}, {"BJ01"}),
        ({"city": ["in", ["北京", "广州"]]}, {"BJ01", "GZ01"}),
        ([["city", "in", "北京,广州"]], {"BJ01", "GZ01"}),
        ([["city", "not in", ["北京", "广州", "上海"]]], {"SZ01"}),
        ([["branch_code", "like", "SH%"]], {"SH01", "SH02"}),
        ([["branch_code", "like", "%01"]], {"SH01", "BJ01", "GZ01", "SZ01"}),
        ([["branch_code", "like", "%H0%"]], {"SH01", "SH02"}),
        ([["branch_code", "like", "S_01"]], {"SH01", "SZ01"}),
        ([["branch_code", "not like", "S%"]], {"BJ01", "GZ01"}),
        ([["branch_code", ">", "SH01"]], {"SH02", "SZ01"}),
        ([["branch_code", ">=", "SH01"], ["branch_code", "<", "SZ01"]], {"SH01", "SH02"}),
        ([["branch_code", "<=", "BJ01"]], {"BJ01"}),
        ([["address", "is", "not set"]], set(CITIES)),
        ([["address", "is", "set"]], set()),
        ([["branch_code", "between", ["BJ01", "GZ01"]]], {"BJ01", "GZ01"}),
        ([["is_active", "=", "0"]], {"SZ01"}),
        ([["is_active", "=", True]], {"SH01", "SH02", "BJ01", "GZ01"}),
        ([["creation", "between", ["2000-01-01", "2999-12-31"]]], set(CITIES)),
    ],
)
def test_filter_operators(api, branches, filters, expected):
    assert set(names(api, filters=filters, limit_page_length=0)) == expected


def test_or_filters_combine_with_filters(api, branches):
    got = names(api, filters=[["is_active", "=", 1]], or_filters=[["city", "=", "北京"], ["city", "=", "深圳"]])
    assert set(got) == {"BJ01"}
    got = names(api, or_filters={"city": "广州", "branch_code": "SZ01"})
    assert set(got) == {"GZ01", "SZ01"}


def test_fields_order_paging_and_limit_alias(api, branches):
    r = api.get(
        BRANCH,
        {
            "fields": json.dumps(["name", "city"]),
            "order_by": "branch_code desc",
            "limit_start": 1,
            "limit_page_length": 2,
        },
    )
    assert r.json()["data"] == [{"name": "SH02", "city": "上海"}, {"name": "SH01", "city": "上海"}]
    assert names(api, order_by="branch_code asc", limit=2) == ["BJ01", "GZ01"]
    assert names(api, order_by="`tabBranch`.`branch_code` asc", limit=1) == ["BJ01"]


def test_all_fields_and_as_dict_false(api, branches):
    r = api.get(BRANCH, {"fields": '"*"', "filters": json.dumps({"name": "BJ01"})})
    row = r.json()["data"][0]
    assert row["city"] == "北京" and "modified" in row
    r = api.get(
        BRANCH, {"fields": json.dumps(["name", "city"]), "filters": json.dumps({"name": "BJ01"}), "as_dict": "false"}
    )
    assert r.json()["data"] == [["BJ01", "北京"]]


def test_default_page_length_is_20_and_zero_means_all(api, make_user, branch):
    from securities_crm.doctype.branch.model import Branch

    for i in range(25):
        Branch(branch_code=f"T{i:02d}", branch_name="t", city="t").save()
    assert len(names(api)) == 20
    assert len(names(api, limit_page_length=0)) == 26


def test_group_by_with_count(api, branches):
    r = api.get(
        BRANCH, {"fields": json.dumps(["city", "count(name) as n"]), "group_by": "city", "order_by": "city asc"}
    )
    assert r.status_code == 200, r.content
    rows = {row["city"]: row["n"] for row in r.json()["data"]}
    assert rows["上海"] == 2 and rows["北京"] == 1


@pytest.mark.parametrize(
    "params, word",
    [
        ({"fields": json.dumps(["name", "colour"])}, "colour"),
        ({"filters": json.dumps([["colour", "=", "x"]])}, "colour"),
        ({"filters": json.dumps([["city", "~", "x"]])}, "~"),
        ({"filters": json.dumps([["is_active", "=", "maybe"]])}, "is_active"),
        ({"filters": json.dumps([["creation", ">", "yesterday"]])}, "creation"),
        ({"filters": "[not json"}, "filters"),
        ({"order_by": "city; drop table x"}, "drop"),
        ({"order_by": "colour desc"}, "colour"),
        ({"order_by": "city sideways"}, "sideways"),
        ({"limit_page_length": "ten"}, "limit_page_length"),
        ({"group_by": "colour"}, "colour"),
        ({"filters": json.dumps([["city", "between", ["a"]]])}, "city"),
    ],
)
def test_bad_field_operator_or_value_is_417_and_named(api, branches, params, word):
    r = api.get(BRANCH, {**params})
    assert r.status_code == 417, r.content
    assert r.json()["exc_type"] == "ValidationError"
    assert any(word in m for m in messages(r)), messages(r)


# --- like: links by the target's name, the database's own LIKE, bounded patterns ------------------
STAFF = "/api/resource/Staff Profile"


def staff_users(api, filters) -> set:
    r = api.get(STAFF, {"filters": json.dumps(filters), "fields": json.dumps(["user"]), "limit_page_length": 0})
    assert r.status_code == 200, r.content
    return {row["user"] for row in r.json()["data"]}


def test_like_on_a_link_matches_the_target_name(api, make_user, branch, other_branch):
    make_user("cm_sh", roles=["Client Manager"], branch=branch)
    make_user("cm_bj", roles=["Client Manager"], branch=other_branch)
    assert staff_users(api, [["branch", "like", "sh%"]]) == {"api_admin", "cm_sh"}  # case-insensitive
    assert staff_users(api, [["branch", "like", "%J0_"]]) == {"cm_bj"}
    assert staff_users(api, [["branch", "not like", "SH%"]]) == {"cm_bj"}
    # a one-to-one link to users: by username
    assert staff_users(api, [["user", "like", "cm\\_%"]]) == {"cm_sh", "cm_bj"}
    assert staff_users(api, [["user", "like", "%_b_"]]) == {"cm_bj"}
    assert staff_users(api, [["user", "not like", "cm%"]]) == {"api_admin"}


def test_like_on_a_one_to_one_link_to_a_doctype(api, admin_user, branch):
    from securities_crm.doctype.aml_report.model import AMLReport
    from securities_crm.doctype.risk_alert.model import RiskAlert

    from .factory import sample

    report, alert = sample(AMLReport, branch, admin_user), sample(RiskAlert, branch, admin_user).pk
    AMLReport.objects.filter(pk=report.pk).update(alert=alert)
    for pattern, found in (
        (f"%{alert[-3:]}", True),
        (f"{alert[:2].lower()}%", True),
        (f"{alert[:-1]}_", True),
        (f"%{alert}_%", False),
    ):
        r = api.get("/api/resource/AML Report", {"filters": json.dumps([["alert", "like", pattern]])})
        assert r.status_code == 200, r.content
        assert [row["name"] for row in r.json()["data"]] == ([report.name] if found else []), pattern


@pytest.fixture
def odd_branches(branches):
    from securities_crm.doctype.branch.model import Branch

    for code, name in (("T_1", "100%_sure"), ("TX1", "100 percent"), ("T\\1", "back\\slash")):
        Branch(branch_code=code, branch_name=name, city="测试").save()


@pytest.mark.parametrize(
    "filters, expected",
    [
        ([["branch_code", "like", "S_0_"]], {"SH01", "SH02", "SZ01"}),
        ([["branch_code", "like", "%H%1"]], {"SH01"}),
        ([["branch_code", "like", "s%0_"]], {"SH01", "SH02", "SZ01"}),
        ([["branch_code", "like", "T_1"]], {"T_1", "TX1", "T\\1"}),
        ([["branch_code", "like", "T\\_1"]], {"T_1"}),  # a backslash escapes the wildcard, as in SQL's LIKE
        ([["branch_code", "like", "T\\\\1"]], {"T\\1"}),
        ([["branch_name", "like", "100\\%%"]], {"T_1"}),
        ([["branch_name", "like", "%\\_s%"]], {"T_1"}),
        ([["branch_code", "not like", "%\\_%"]], set(CITIES) | {"TX1", "T\\1"}),
        ([["branch_code", "like", "%_%_%_%_"]], set(CITIES)),  # eight wildcards, the most a pattern may have
    ],
)
def test_like_patterns(api, odd_branches, filters, expected):
    assert set(names(api, filters=filters, limit_page_length=0)) == expected


def test_like_runs_as_the_databases_like_not_a_regular_expression(api, odd_branches):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert set(names(api, filters=[["branch_code", "like", "%S_0_%"]])) == {"SH01", "SH02", "SZ01"}
    sql = " ".join(q["sql"] for q in ctx.captured_queries if "securities_crm_branch" in q["sql"]).upper()
    assert "LIKE" in sql and "REGEXP" not in sql and "~*" not in sql, sql


@pytest.mark.parametrize(
    "pattern",
    [
        "%_%_%_%_%_%_%Z",  # took 16 s through a regular expression
        "%a%b%c%d%e%f%g%h%",  # nine wildcards
        "S" * 141,
    ],
)
def test_like_patterns_are_bounded(api, branches, pattern):
    r = api.get(BRANCH, {"filters": json.dumps([["branch_code", "like", pattern]])}, headers={"Accept-Language": "en"})
    assert r.status_code == 417, r.content
    assert any("branch_code" in m and ("wildcards" in m or "140 characters" in m) for m in messages(r)), messages(r)


# --- between: every bound a real value ------------------------------------------------------------
@pytest.mark.parametrize(
    "field, value",
    [
        ("creation", ["", "2026-01-01"]),
        ("creation", [None, "2026-01-01"]),
        ("creation", ["2026-01-01", None]),
        ("is_active", ["", ""]),
        ("idx", [None, None]),
        ("creation", ["2026-02-30", "2026-03-01"]),
        ("creation", ["0001-01-01", "2026-01-01"]),
        ("creation", ["0001-01-01", "0001-01-02"]),
        ("creation", ["2026-01-01", "9999-12-31"]),
        ("creation", [["2026-01-01"], ["2026-02-01"]]),
        ("creation", [{"from": "2026-01-01"}, "2026-02-01"]),
        ("creation", ["2026-01-01", "2026-01-02", "2026-01-03"]),
        ("creation", {"from": "2026-01-01", "to": "2026-02-01"}),
    ],
)
def test_between_with_a_bad_bound_is_417_naming_the_field(api, branches, field, value):
    for op in ("between", "not between"):
        r = api.get(BRANCH, {"filters": json.dumps([[field, op, value]])})
        assert r.status_code == 417, (op, r.content)
        assert any(field in m for m in messages(r)), messages(r)


def test_between_on_a_datetime_covers_whole_days_to_the_last_years(api, branches):
    assert set(names(api, filters=[["creation", "between", ["0002-01-01", "9998-12-31"]]], limit_page_length=0)) == set(
        CITIES
    )
    assert names(api, filters=[["creation", "not between", ["0002-01-01", "9998-12-31"]]]) == []


# --- aggregates: an alias may not take a field's name ----------------------------------------------
@pytest.mark.parametrize(
    "url, params, alias",
    [
        (BRANCH, {"fields": '["count(*) as city"]'}, "city"),
        (BRANCH, {"fields": '["city", "count(*) as branch_code"]', "group_by": "city"}, "branch_code"),
        (BRANCH, {"fields": '["max(branch_name) as name"]'}, "name"),
        (STAFF, {"fields": '["count(*) as branch"]'}, "branch"),  # a link's name
        (STAFF, {"fields": '["branch", "count(*) as branch_id"]', "group_by": "branch"}, "branch_id"),  # its column
        (STAFF, {"fields": '["branch", "count(*) as user"]', "group_by": "branch"}, "user"),  # a user link
    ],
)
def test_an_aggregate_alias_that_is_a_field_name_is_refused(api, branches, url, params, alias):
    r = api.get(url, params)
    assert r.status_code == 417, r.content
    assert any(alias in m for m in messages(r)), messages(r)


def test_default_aggregate_names_and_min_max_of_checks(api, branches):
    r = api.get(BRANCH, {"fields": '["count(`name`)", "max(`tabBranch`.`city`)"]'})
    assert r.status_code == 200, r.content
    assert r.json()["data"] == [{"count(name)": 5, "max(tabBranch.city)": "深圳"}]
    r = api.get(BRANCH, {"fields": '["min(is_active)"]'})  # PostgreSQL has no MIN of a boolean
    assert r.status_code == 417 and any("is_active" in m for m in messages(r)), r.content


# --- how much one request may ask for ---------------------------------------------------------------
def test_conditions_per_request_are_capped(api, branches):
    hundred = [["branch_code", "!=", f"X{i}"] for i in range(100)]
    assert set(names(api, filters=hundred, limit_page_length=0)) == set(CITIES)
    for params in (
        {"or_filters": json.dumps([["branch_code", "=", f"X{i}"] for i in range(1000)])},
        {"filters": json.dumps(hundred[:60]), "or_filters": json.dumps(hundred[60:] + [["city", "=", "x"]])},
    ):
        r = api.get(BRANCH, params)
        assert r.status_code == 417, r.content
        assert any("100" in m for m in messages(r)), messages(r)
        r = api.get("/api/method/frappe.client.get_count", {"doctype": "Branch", **params})
        assert r.status_code == 417, r.content


def test_in_lists_are_capped(api, branches):
    codes = ["SH01"] + [f"X{i}" for i in range(999)]
    assert names(api, filters=[["branch_code", "in", codes]]) == ["SH01"]
    r = api.get(BRANCH, {"filters": json.dumps([["branch_code", "in", codes + ["X1000"]]])})
    assert r.status_code == 417 and any("branch_code" in m and "1000" in m for m in messages(r)), r.content
    r = api.get(BRANCH, {"or_filters": json.dumps([["branch_code", "in", codes]] * 11)})
    assert r.status_code == 417 and any("10000" in m for m in messages(r)), r.content


# --- values no database column can hold ---------------------------------------------------------------
@pytest.mark.parametrize(
    "doctype, field, op, bad, good",
    [
        ("Ingestion Batch", "seconds", ">", "nan", 1.5),
        ("Ingestion Batch", "seconds", "<", "-Infinity", "2.5"),
        ("Ingestion Batch", "seconds", "in", ["1", "inf"], ["1", "2"]),
        ("Login Event", "ip_address", "=", "not-an-address", "10.0.0.1"),  # PostgreSQL's inet refuses it
        ("Login Event", "ip_address", "in", ["10.0.0.1", "10.0.0"], ["10.0.0.1", "::1"]),
    ],
)
def test_non_finite_numbers_and_bad_addresses_are_417(api, doctype, field, op, bad, good):
    url = f"/api/resource/{doctype}"
    r = api.get(url, {"filters": json.dumps([[field, op, bad]])})
    assert r.status_code == 417, r.content
    assert any(field in m for m in messages(r)), messages(r)
    assert api.get(url, {"filters": json.dumps([[field, op, good]])}).status_code == 200


@pytest.mark.parametrize(
    "doctype, filters",
    [
        ("Branch", '[["idx", ">", 1e400000]]'),  # int() of it took a quarter second, then could not be printed
        ("Branch", '[["idx", "in", [1, -1e400000]]]'),
        ("Trade", '[["quantity", ">=", "1e400000"]]'),  # PostgreSQL: "value overflows numeric format"
        ("Trade", '[["quantity", "between", ["-1e-400000", 1]]]'),
        ("Trade", '[["quantity", "=", 0e-99999]]'),  # zero, at a scale no numeric column has
    ],
)
def test_numbers_beyond_any_column_are_417(api, doctype, filters):
    r = api.get(f"/api/resource/{doctype}", {"filters": filters})
    assert r.status_code == 417, r.content
    assert any("out of range" in m or "超出范围" in m for m in messages(r)), messages(r)
