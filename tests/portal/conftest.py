"""Portal fixtures: clients linked to portal users, the questionnaire and products."""

import pytest


@pytest.fixture
def make_client(db, branch):
    """make_client("zhang_san", id_number=..., mobile=..., user=True) -> a Client, linked to a portal user
    (username = the given login, password "pw-<login>", role Client) unless user=False."""
    from django.contrib.auth.models import Group, User

    from securities_crm.doctype.client.model import Client

    def make(login, *, id_number="11010519491231002X", mobile="13812345678", email="", user=True, **fields):
        client = Client(
            client_name=fields.pop("client_name", login),
            id_number=id_number,
            mobile=mobile,
            email=email or f"{login}@example.com",
            branch=branch,
            status="Active",
            **fields,
        )
        if user:
            portal_user = User.objects.create_user(login, password="pw-" + login)
            portal_user.groups.set(Group.objects.filter(name="Client"))
            client.user = portal_user
        client.save()
        return client

    return make


@pytest.fixture
def questionnaire(db):
    from securities_crm.suitability.fixtures import load_questionnaire

    return load_questionnaire()


@pytest.fixture
def products(db):
    from securities_crm.doctype.product.model import Product
    from securities_crm.suitability.fixtures import load_products

    load_products()
    return Product.objects.all()
