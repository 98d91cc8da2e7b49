"""Shared helpers for the client tests: valid identity numbers computed by the public rules
(independently of the code under test), and a small world of staff and clients."""

import datetime as dt

import pytest

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def resident_id(area="110105", birth=dt.date(1985, 6, 15), seq=123):
    """GB 11643-1999: check = "10X98765432"[sum(d*w) mod 11]."""
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]


def uscc(body17="91110108MA01ABCD1"):
    """GB 32100-2015: check = (31 - sum(v*w) mod 31) mod 31, over 0-9A-Y without I O S V Z."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return body17 + USCC_CHARS[(31 - total % 31) % 31]


def new_client(branch, manager=None, seq=1, **fields):
    from securities_crm.doctype.client.model import Client

    values = dict(
        client_name=f"客户{seq}",
        id_number=resident_id(seq=seq),
        mobile=f"1381234{seq:04d}",
        branch=branch,
        client_manager=manager,
        status="Active",
    )
    values.update(fields)
    client = Client(**values)
    client.save()
    return client


@pytest.fixture
def world(make_user, branch, other_branch):
    """Staff in two branches, and clients: two of cm_a's, one of cm_b's (same branch), one in Beijing."""
    from django.contrib.auth.models import Group, User

    users = {
        "admin": make_user("sysman", roles=["System Manager"], branch=branch),
        "bm": make_user("bm", roles=["Branch Manager"], branch=branch),
        "cm_a": make_user("cm_a", roles=["Client Manager"], branch=branch),
        "cm_b": make_user("cm_b", roles=["Client Manager"], branch=branch),
        "cm_bj": make_user("cm_bj", roles=["Client Manager"], branch=other_branch),
        "compliance": make_user("compl", roles=["Compliance Officer"], branch=branch),
        "risk": make_user("risk", roles=["Risk Officer"], branch=branch),
        "service": make_user("service", roles=["Service Agent"], branch=branch),
        "marketing": make_user("mkt", roles=["Marketing"], branch=branch),
        "advisor": make_user("adv", roles=["Advisor"], branch=branch),
        "nobody": make_user("nobody", roles=[], branch=branch),
    }
    portal = User.objects.create_user("portal", password="pw-portal")
    portal.groups.add(Group.objects.get(name="Client"))
    users["portal"] = portal
    clients = {
        "a1": new_client(branch, users["cm_a"], 1, user=portal),
        "a2": new_client(branch, users["cm_a"], 2),
        "b1": new_client(branch, users["cm_b"], 3),
        "bj": new_client(other_branch, users["cm_bj"], 4),
    }
    return users, clients


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the source language (zh-hans is the site default)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def desk_for(user):
    """A logged-in desk session that asks for English pages."""
    from django.test import Client as Browser

    browser = Browser(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(user)
    return browser
