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


@pytest.mark.parametrize("filters, expected", [
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
])
def test_filter_operators(api, branches, filters, expected):
    assert set(names(api, filters=filters, limit_page_length=0)) == expected


def test_or_filters_combine_with_filters(api, branches):
    got = names(api, filters=[["is_active", "=", 1]], or_filters=[["city", "=", "北京"], ["city", "=", "深圳"]])
    assert set(got) == {"BJ01"}
    got = names(api, or_filters={"city": "广州", "branch_code": "SZ01"})
    assert set(got) == {"GZ01", "SZ01"}


def test_fields_order_paging_and_limit_alias(api, branches):
    r = api.get(BRANCH, {"fields": json.dumps(["name", "city"]), "order_by": "branch_code desc",
                         "limit_start": 1, "limit_page_length": 2})
    assert r.json()["data"] == [{"name": "SH02", "city": "上海"}, {"name": "SH01", "city": "上海"}]
    assert names(api, order_by="branch_code asc", limit=2) == ["BJ01", "GZ01"]
    assert names(api, order_by="`tabBranch`.`branch_code` asc", limit=1) == ["BJ01"]


def test_all_fields_and_as_dict_false(api, branches):
    r = api.get(BRANCH, {"fields": '"*"', "filters": json.dumps({"name": "BJ01"})})
    row = r.json()["data"][0]
    assert row["city"] == "北京" and "modified" in row
    r = api.get(BRANCH, {"fields": json.dumps(["name", "city"]), "filters": json.dumps({"name": "BJ01"}),
                         "as_dict": "false"})
    assert r.json()["data"] == [["BJ01", "北京"]]


def test_default_page_length_is_20_and_zero_means_all(api, make_user, branch):
    from securities_crm.doctype.branch.model import Branch

    for i in range(25):
        Branch(branch_code=f"T{i:02d}", branch_name="t", city="t").save()
    assert len(names(api)) == 20
    assert len(names(api, limit_page_length=0)) == 26


def test_group_by_with_count(api, branches):
    r = api.get(BRANCH, {"fields": json.dumps(["city", "count(name) as n"]), "group_by": "city",
                         "order_by": "city asc"})
    assert r.status_code == 200, r.content
    rows = {row["city"]: row["n"] for row in r.json()["data"]}
    assert rows["上海"] == 2 and rows["北京"] == 1


@pytest.mark.parametrize("params, word", [
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
])
def test_bad_field_operator_or_value_is_417_and_named(api, branches, params, word):
    r = api.get(BRANCH, {**params})
    assert r.status_code == 417, r.content
    assert r.json()["exc_type"] == "ValidationError"
    assert any(word in m for m in messages(r)), messages(r)
