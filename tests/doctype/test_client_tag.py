"""Client Tag: a manual tag records the requesting user and time, whatever the body says; staff tag only
the clients they can see; automatic tags (from a segment) cannot be set, changed or deleted by hand."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api.conftest import api_as, api_key_for  # noqa: E402,F401
from client_fixtures import world  # noqa: F401
from segment_fixtures import DAY1, segment

from securities_crm.doctype.client_tag.model import ClientTag
from securities_crm.segments import membership

pytestmark = pytest.mark.django_db
URL = "/api/resource/Client Tag"


def test_a_manual_tag_records_the_requesting_user_even_when_the_body_names_another(world, api_as):  # noqa: F811
    users, clients = world
    body = {
        "client": clients["a1"].pk,
        "tag": "爱打新",
        "owner": "cm_b",
        "modified_by": "cm_b",
        "creation": "2020-01-01",
    }
    response = api_as(users["cm_a"]).post(URL, body)
    assert response.status_code == 200, response.content
    data = response.json()["data"]
    assert data["owner"] == "cm_a" and data["modified_by"] == "cm_a" and data["source"] == "Manual"
    tag = ClientTag.objects.get(pk=data["name"])
    assert tag.owner == "cm_a" and tag.creation.year != 2020


def test_staff_tag_only_clients_they_can_see(world, api_as):  # noqa: F811
    users, clients = world
    response = api_as(users["cm_a"]).post(URL, {"client": clients["bj"].pk, "tag": "x"})
    assert response.status_code == 417  # the client is not one of theirs: as if it did not exist
    assert api_as(users["service"]).post(URL, {"client": clients["bj"].pk, "tag": "x"}).status_code == 200
    assert api_as(users["marketing"]).post(URL, {"client": clients["a1"].pk, "tag": "y"}).status_code == 403
    assert list(ClientTag.objects.values_list("tag", flat=True)) == ["x"]


def test_automatic_tags_are_the_systems(world, api_as):  # noqa: F811
    users, clients = world
    forged = api_as(users["cm_a"]).post(URL, {"client": clients["a1"].pk, "tag": "z", "source": "Automatic"})
    assert forged.status_code == 417 and not ClientTag.objects.exists()
    seg = segment("Active Clients", rule={"field": "status", "op": "=", "value": "Active"}, auto_tag=True)
    membership.refresh_segments(DAY1, [seg])
    auto = ClientTag.objects.get(client=clients["a1"], source="Automatic")
    assert auto.tag == "Active Clients" and auto.segment_id == seg.pk
    assert auto.pk == f"{clients['a1'].pk}|Active Clients"  # named by client and tag, on every database
    api = api_as(users["cm_a"])
    assert api.get(f"{URL}/{auto.pk}").status_code == 200
    assert api.delete(f"{URL}/{auto.pk}").status_code in (403, 404)
    assert api.put(f"{URL}/{auto.pk}", {"tag": "other"}).status_code in (403, 404)
    assert ClientTag.objects.get(pk=auto.pk).tag == "Active Clients"
    manual = ClientTag(client=clients["a1"], tag="mine")
    manual.save()
    assert api.delete(f"{URL}/{manual.pk}").status_code == 202


def test_a_tag_is_not_empty_nor_given_twice(world, api_as):  # noqa: F811
    users, clients = world
    api = api_as(users["cm_a"])
    assert api.post(URL, {"client": clients["a1"].pk, "tag": "  "}).status_code == 417
    assert api.post(URL, {"client": clients["a1"].pk, "tag": "A"}).status_code == 200
    assert api.post(URL, {"client": clients["a1"].pk, "tag": "A"}).status_code in (409, 417)
    assert ClientTag.objects.count() == 1


def test_an_automatic_tag_too_long_for_its_name_is_named_by_its_hash():
    assert membership.automatic_tag_name("CL-000001", "金卡") == "CL-000001|金卡"
    long = membership.automatic_tag_name("C" * 100, "标" * 60)
    assert len(long) == 32 and long == membership.automatic_tag_name("C" * 100, "标" * 60)
    assert long != membership.automatic_tag_name("C" * 100, "签" * 60)
