"""Segment: a rule that names an unknown field, an operator that does not fit the field, a bad value or
a missing parameter is refused with a message naming it, and nothing is saved (417 over the API). A
valid rule compiles to one query; a tier ladder puts each client on exactly one rung; explain says why."""

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api.conftest import api_as, api_key_for, messages  # noqa: E402,F401
from client_fixtures import world  # noqa: F401
from django.core.exceptions import ValidationError
from segment_fixtures import DAY1, LADDER, segment, tag

from securities_crm.doctype.segment.model import Segment
from securities_crm.segments import explain, membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "rule, parameters, names",
    [
        ({"field": "shoe_size", "op": "=", "value": 1}, {}, ["shoe_size"]),
        ({"field": "status", "op": ">", "value": "Active"}, {}, ["operator >", "status"]),
        ({"field": "lowest_category", "op": "between", "value": [0, 1]}, {}, ["between", "lowest_category"]),
        ({"field": "status", "op": "=", "value": "Sleeping"}, {}, ["Sleeping", "status"]),
        ({"field": "financial_assets", "op": ">=", "value": "lots"}, {}, ["lots", "financial_assets"]),
        ({"field": "financial_assets", "op": ">=", "value": {"param": "min"}}, {}, ["min", "financial_assets"]),
        ({"all": [{"field": "status", "op": "=", "value": "Active"}, {"op": "like"}]}, {}, ["all[2]"]),
        ({"field": "tags", "op": "=", "value": "x"}, {}, ["operator =", "tags"]),
        ({"any": []}, {}, ["any"]),
        ({}, {}, ["at least one condition"]),
    ],
)
def test_a_rule_that_does_not_fit_is_refused_naming_it_and_nothing_is_saved(rule, parameters, names, english):
    with pytest.raises(ValidationError) as err:
        segment(rule=rule, parameters=parameters)
    text = " ".join(err.value.message_dict["rule"])
    for name in names:
        assert name in text
    assert not Segment.objects.exists()


def test_a_bad_ladder_is_refused_naming_the_parameter(english):
    with pytest.raises(ValidationError) as err:
        segment(kind="Tier", parameters={"field": "financial_assets", "tiers": [["A", 10], ["B", 5]]})
    assert "B" in err.value.message_dict["parameters"][0]
    with pytest.raises(ValidationError) as err:
        segment(kind="Tier", parameters={"field": "status", "tiers": [["A", 0]]})
    assert "status" in err.value.message_dict["parameters"][0]
    assert not Segment.objects.exists()


def test_the_api_answers_417_naming_the_field_and_saves_nothing(world, api_as, english):  # noqa: F811
    users, _clients = world
    api = api_as(users["marketing"])
    body = {"segment_name": "bad", "rule": {"field": "aum_in_dollars", "op": ">", "value": 1}}
    response = api.post("/api/resource/Segment", body)
    assert response.status_code == 417
    assert "aum_in_dollars" in " ".join(messages(response))
    body["rule"] = {"field": "risk_level", "op": "<=", "value": "C3"}
    response = api.post("/api/resource/Segment", body)
    assert response.status_code == 417 and "<=" in " ".join(messages(response))
    assert not Segment.objects.exists()
    body["rule"] = {"field": "risk_level", "op": "in", "value": ["C4", "C5"]}
    assert api.post("/api/resource/Segment", body).status_code == 200
    assert Segment.objects.filter(segment_name="bad").exists()


def test_parameters_fill_the_rule_and_the_compiled_rule_selects_the_clients(world):  # noqa: F811
    _users, clients = world
    Segment.objects.all().delete()
    clients["a1"].financial_assets = Decimal("6000000")
    clients["a1"].save()
    clients["a2"].financial_assets = Decimal("4999999.99")
    clients["a2"].save()
    tag(clients["b1"], "VIP")
    rule = {
        "any": [
            {"field": "financial_assets", "op": ">=", "value": {"param": "min_assets"}},
            {
                "all": [
                    {"field": "tags", "op": "has tag", "value": "VIP"},
                    {"not": {"field": "status", "op": "=", "value": "Closed"}},
                ]
            },
        ]
    }
    seg = segment(rule=rule, parameters={"min_assets": 5000000})
    assert set(membership.targets(seg)) == {clients["a1"].pk, clients["b1"].pk}
    seg.parameters = {"min_assets": 4000000}
    seg.save()
    assert set(membership.targets(seg)) == {clients["a1"].pk, clients["a2"].pk, clients["b1"].pk}


def test_tier_ladder_puts_every_client_on_exactly_one_rung(world):  # noqa: F811
    _users, clients = world
    assets = {"a1": None, "a2": Decimal("100000"), "b1": Decimal("99999.99"), "bj": Decimal("10000000")}
    for key, value in assets.items():
        clients[key].financial_assets = value
        clients[key].save()
    ladder = segment("等级", kind="Tier", parameters=LADDER)
    membership.refresh_segments(DAY1, [ladder])
    rows = {m.client_id: m.tier for m in ladder.memberships.filter(left_on__isnull=True)}
    assert rows == {
        clients["a1"].pk: "普通",
        clients["a2"].pk: "银卡",
        clients["b1"].pk: "普通",
        clients["bj"].pk: "钻石",
    }
    assert ladder.memberships.count() == len(clients)  # one row per client: exactly one tier each
    clients["b1"].financial_assets = Decimal("600000")
    clients["b1"].save()
    membership.refresh_segments(DAY1.replace(day=9), [ladder])
    current = ladder.memberships.filter(client=clients["b1"], left_on__isnull=True)
    assert [m.tier for m in current] == ["金卡"]
    assert ladder.memberships.get(client=clients["b1"], tier="普通").left_on == DAY1.replace(day=9)


def test_explain_gives_each_condition_with_the_value_and_the_stored_why(world):  # noqa: F811
    _users, clients = world
    c = clients["a1"]
    c.financial_assets = Decimal("6000000")
    c.save()
    rule = {
        "all": [
            {"field": "financial_assets", "op": ">=", "value": {"param": "min"}},
            {"field": "status", "op": "in", "value": ["Active", "Dormant"]},
            {"not": {"field": "tags", "op": "has tag", "value": "黑名单"}},
        ]
    }
    seg = segment("高净值测试", rule=rule, parameters={"min": 5000000})
    membership.refresh_segments(DAY1, [seg])
    answer = explain.explain(c, seg)
    assert answer["member"] and answer["holds_now"] and answer["entered_on"] == DAY1.isoformat()
    assert answer["why"] == {"financial_assets": 6000000.0, "status": "Active", "tags": []}
    by_field = {x["field"]: x for x in answer["conditions"]}
    assert by_field["financial_assets"]["client_value"] == 6000000.0 and by_field["financial_assets"]["passed"]
    # the condition itself (has the tag) fails; the not above it is what lets the client in
    assert by_field["tags"]["client_value"] is False and by_field["tags"]["passed"] is False
    tag(c, "黑名单")
    answer = explain.explain(c, seg)
    assert answer["member"] and not answer["holds_now"]  # stored until the next refresh
    assert {x["field"]: x["passed"] for x in answer["conditions"]} == {
        "financial_assets": True,
        "status": True,
        "tags": True,
    }
    other = explain.explain(clients["a2"], seg)
    assert not other["member"] and not other["holds_now"] and other["why"] is None


def test_explain_over_the_api_respects_record_rules(world, api_as):  # noqa: F811
    users, clients = world
    seg = segment("活跃测试", rule={"field": "status", "op": "=", "value": "Active"})
    url = "/api/method/securities_crm.api.profiling.explain"
    mine = api_as(users["cm_a"]).get(url, {"client": clients["a1"].pk, "segment": seg.pk})
    assert mine.status_code == 200 and mine.json()["message"]["holds_now"] is True
    theirs = api_as(users["cm_a"]).get(url, {"client": clients["bj"].pk, "segment": seg.pk})
    assert theirs.status_code == 404


def test_preview_counts_only_visible_clients_and_refuses_a_bad_rule(world, api_as, english):  # noqa: F811
    users, clients = world
    url = "/api/method/securities_crm.api.profiling.preview"
    rule = json.dumps({"field": "status", "op": "=", "value": "Active"})
    everyone = api_as(users["marketing"]).post(url, {"rule": rule})
    assert everyone.status_code == 200 and everyone.json()["message"]["count"] == 4
    assert everyone.json()["message"]["sample"] == []  # Marketing counts, but reads no client records
    assert len(api_as(users["compliance"]).post(url, {"rule": rule}).json()["message"]["sample"]) == 4
    bm = api_as(users["bm"]).post(url, {"rule": rule}).json()["message"]
    assert bm["count"] == 3 and clients["bj"].pk not in {s["name"] for s in bm["sample"]}
    bad = api_as(users["marketing"]).post(url, {"rule": {"field": "status", "op": ">=", "value": "A"}})
    assert bad.status_code == 417 and "status" in " ".join(messages(bad))
    assert not Segment.objects.exists()


def test_explain_on_a_tier_ladder_names_the_rung_and_the_value(world):  # noqa: F811
    _users, clients = world
    c = clients["a2"]
    c.financial_assets = Decimal("600000")
    c.save()
    ladder = segment("等级", kind="Tier", parameters=LADDER)
    membership.refresh_segments(DAY1, [ladder])
    answer = explain.explain(c, ladder)
    assert answer["member"] and answer["tier"] == "金卡" and answer["tier_now"] == "金卡"
    assert answer["tier_field"] == "financial_assets" and answer["tier_value"] == 600000.0
    assert answer["why"] == {"financial_assets": 600000.0, "tier": "金卡"}
