"""Product and Service Offering: written over the API with clear errors, visible to every role with the right."""

import json

import pytest
from client_fixtures import english, world  # noqa: F401  (fixtures)
from django.test import Client as Browser

from securities_crm.doctype.product.model import Product


def session(user):
    browser = Browser(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(user)
    return browser


def test_compliance_creates_a_product_named_by_its_code(world):
    users, _ = world
    body = {
        "product_code": "EF9",
        "product_name": "测试股票基金",
        "product_type": "Equity Fund",
        "risk_rating": "R4",
        "horizon": "Long",
        "variety": "Equity",
    }
    r = session(users["compliance"]).post("/api/resource/Product", body, content_type="application/json")
    assert r.status_code == 200, r.content
    doc = r.json()["data"]
    assert (doc["name"], doc["risk_rating"], doc["professional_only"], doc["status"]) == ("EF9", "R4", False, "Active")


@pytest.mark.parametrize("field,value", [("risk_rating", "R6"), ("horizon", "Forever"), ("variety", "Gold")])
def test_bad_values_name_the_field_and_write_nothing(world, field, value):
    users, _ = world
    body = {
        "product_code": "BAD",
        "product_name": "x",
        "risk_rating": "R1",
        "horizon": "Short",
        "variety": "Cash",
        field: value,
    }
    r = session(users["compliance"]).post("/api/resource/Product", body, content_type="application/json")
    assert r.status_code == 417
    text = " ".join(json.loads(m)["message"] for m in json.loads(r.json()["_server_messages"]))
    label = str(Product._meta.get_field(field).verbose_name)
    assert label in text
    assert not Product.objects.exists()


def test_products_are_visible_to_every_role_with_the_right(world):
    users, _ = world
    Product(product_code="MMF", product_name="货币基金", risk_rating="R1", horizon="Short", variety="Cash").save()
    for role in ("cm_a", "cm_bj", "bm", "advisor", "marketing", "portal"):
        r = session(users[role]).get("/api/resource/Product")
        assert [d["name"] for d in r.json()["data"]] == ["MMF"], role
    assert (
        session(users["cm_a"])
        .post("/api/resource/Product", {"product_code": "X"}, content_type="application/json")
        .status_code
        == 403
    )
    assert session(users["service"]).get("/api/resource/Product").status_code == 403
