"""Segment Membership: entering, leaving and re-entering each keep their own row; a rerun changes
nothing; `why` holds the values that put the client in; the default segments run over hand-built
profiles; the `segment` filter in get_list follows the record rules; no one writes a membership."""

import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api.conftest import api_as, api_key_for  # noqa: E402,F401
from client_fixtures import world  # noqa: F401
from segment_fixtures import DAY1, DAY2, DAY3, segment

from securities_crm.doctype.client_profile.model import ClientProfile
from securities_crm.doctype.client_tag.model import ClientTag
from securities_crm.doctype.segment.model import Segment
from securities_crm.doctype.segment_membership.model import SegmentMembership
from securities_crm.doctype.segment_snapshot.model import SegmentSnapshot
from securities_crm.segments import defaults, membership

pytestmark = pytest.mark.django_db


def profile(client, **values):
    found = ClientProfile.objects.filter(client=client).first()
    p = found or ClientProfile(client=client, as_of=DAY1)
    for key, value in values.items():
        setattr(p, key, value)
    p.save()
    return p


def rows(seg, client):
    return list(
        SegmentMembership.objects.filter(segment=seg, client=client)
        .order_by("name")
        .values_list("entered_on", "left_on")
    )


def test_entering_leaving_reentering_and_reruns_that_change_nothing(world):  # noqa: F811
    _users, clients = world
    c = clients["a1"]
    profile(c, aum=Decimal("6000000"))
    seg = segment(
        "HNW", rule={"field": "aum", "op": ">=", "value": {"param": "min_aum"}}, parameters={"min_aum": 5000000}
    )
    first = membership.refresh_segments(DAY1, [seg])["HNW"]
    assert (first.entered, first.left, first.members) == (1, 0, 1)
    assert rows(seg, c) == [(DAY1, None)]
    assert SegmentMembership.objects.get(segment=seg, client=c).why == {"aum": 6000000.0}

    before = list(SegmentMembership.objects.values())
    again = membership.refresh_segments(DAY1, [seg])["HNW"]
    assert (again.entered, again.left) == (0, 0)
    assert list(SegmentMembership.objects.values()) == before  # not even a modified stamp moves

    profile(c, aum=Decimal("7000000"))  # still in: the stored why stays the entry's
    membership.refresh_segments(DAY2, [seg])
    assert SegmentMembership.objects.get(segment=seg, client=c).why == {"aum": 6000000.0}

    profile(c, aum=Decimal("4999999.99"))
    left = membership.refresh_segments(DAY2, [seg])["HNW"]
    assert (left.entered, left.left) == (0, 1)
    assert rows(seg, c) == [(DAY1, DAY2)]

    profile(c, aum=Decimal("5000000"))
    back = membership.refresh_segments(DAY3, [seg])["HNW"]
    assert (back.entered, back.left) == (1, 0)
    assert rows(seg, c) == [(DAY1, DAY2), (DAY3, None)]
    assert SegmentMembership.objects.filter(segment=seg, client=c).order_by("name").last().why == {"aum": 5000000.0}


def test_snapshots_and_automatic_tags_follow_the_members(world):  # noqa: F811
    _users, clients = world
    profile(clients["a1"], aum=Decimal("6000000"))
    profile(clients["a2"], aum=Decimal("8000000"))
    seg = segment("HNW", rule={"field": "aum", "op": ">=", "value": 5000000}, auto_tag=True)
    membership.refresh_segments(DAY1, [seg])
    snap = SegmentSnapshot.objects.get(segment=seg, date=DAY1, tier="")
    assert (snap.count, snap.aum) == (2, Decimal("14000000"))
    assert set(ClientTag.objects.filter(source="Automatic").values_list("client_id", "tag")) == {
        (clients["a1"].pk, "HNW"),
        (clients["a2"].pk, "HNW"),
    }
    profile(clients["a2"], aum=Decimal("1"))
    membership.refresh_segments(DAY1, [seg])  # same day again: the day's figures are replaced
    snap = SegmentSnapshot.objects.get(segment=seg, date=DAY1, tier="")
    assert (snap.count, snap.aum) == (1, Decimal("6000000"))
    assert SegmentSnapshot.objects.filter(segment=seg).count() == 1
    assert set(ClientTag.objects.filter(source="Automatic").values_list("client_id", flat=True)) == {clients["a1"].pk}


def test_a_processing_restricted_client_is_in_no_segment(world):  # noqa: F811
    _users, clients = world
    profile(clients["a1"], aum=Decimal("6000000"))
    seg = segment("HNW", rule={"field": "aum", "op": ">=", "value": 5000000})
    membership.refresh_segments(DAY1, [seg])
    type(clients["a1"]).objects.filter(pk=clients["a1"].pk).update(processing_restricted=True)
    membership.refresh_segments(DAY2, [seg])
    assert rows(seg, clients["a1"]) == [(DAY1, DAY2)]


def test_default_segments_load_once_and_classify_hand_built_profiles(world):  # noqa: F811
    _users, clients = world
    assert defaults.load() == 10 and defaults.load() == 0
    profile(
        clients["a1"],
        aum=Decimal("5000000"),
        avg_aum_6m=Decimal("600000"),
        trade_days_3m=10,
        style_tag="High Frequency",
        has_activity=True,
        ever_funded=True,
        last_trade_on=DAY1,
        days_since_trade=0,
        last_login_on=DAY1,
        days_since_login=0,
    )
    profile(
        clients["a2"],
        aum=Decimal("1000"),
        avg_aum_6m=Decimal("99999.99"),
        ever_funded=True,
        last_login_on=DAY1,
        days_since_login=200,
    )
    profile(
        clients["b1"],
        aum=Decimal("50000"),
        aum_3m_ago=Decimal("100000"),
        aum_change_3m=Decimal("-0.5"),
        last_trade_on=DAY1,
        days_since_trade=180,
        last_login_on=DAY1,
        days_since_login=181,
        ever_funded=True,
    )
    type(clients["bj"]).objects.filter(pk=clients["bj"].pk).update(status="Prospect")
    membership.refresh_segments(DAY1)
    current = {}
    for seg, client, tier in SegmentMembership.objects.filter(left_on__isnull=True).values_list(
        "segment", "client", "tier"
    ):
        current.setdefault(seg, set()).add((client, tier) if tier else client)
    a1, a2, b1, bj = (clients[k].pk for k in ("a1", "a2", "b1", "bj"))
    assert current["High Net Worth"] == {a1}
    assert current["Active Traders"] == {a1}
    assert current["High Frequency"] == {a1}
    assert current["Potential"] == {a2, bj}  # funded and never traded; a prospect
    assert current["Dormant"] == {a2, b1}
    assert current["Churn Warning"] == {b1}
    assert current["Client Tier"] == {(a1, "Gold"), (a2, "Standard"), (b1, "Standard"), (bj, "Standard")}
    assert SegmentMembership.objects.get(segment="Dormant", client=b1).why == {
        "last_trade_on": DAY1.isoformat(),
        "days_since_trade": 180,
        "last_login_on": DAY1.isoformat(),
        "days_since_login": 181,
        "aum": 50000.0,
    }


def test_segment_filter_in_get_list_follows_record_rules(world, api_as):  # noqa: F811
    users, clients = world
    for key in ("a1", "b1", "bj"):
        profile(clients[key], aum=Decimal("6000000"))
    seg = segment("HNW", rule={"field": "aum", "op": ">=", "value": 5000000})
    membership.refresh_segments(DAY1, [seg])
    flt = '[["segment", "=", "HNW"]]'
    names = lambda r: {row["name"] for row in r.json()["data"]}  # noqa: E731
    admin = api_as(users["admin"]).get("/api/resource/Client", {"filters": flt})
    assert names(admin) == {clients[k].pk for k in ("a1", "b1", "bj")}
    mine = api_as(users["cm_a"]).get("/api/resource/Client", {"filters": flt})
    assert names(mine) == {clients["a1"].pk}
    branch = api_as(users["bm"]).get("/api/resource/Client", {"filters": '{"segment": "HNW"}'})
    assert names(branch) == {clients["a1"].pk, clients["b1"].pk}
    outside = api_as(users["cm_a"]).get("/api/resource/Client", {"filters": '[["segment", "!=", "HNW"]]'})
    assert names(outside) == {clients["a2"].pk}
    # a DocType linked to a client: the profiles of the members, still within the record rules
    profiles = api_as(users["cm_a"]).get("/api/resource/Client Profile", {"filters": flt})
    assert names(profiles) == {clients["a1"].pk}
    unknown = api_as(users["admin"]).get("/api/resource/Client", {"filters": '[["segment", "=", "Nope"]]'})
    assert unknown.status_code == 417
    no_client = api_as(users["admin"]).get("/api/resource/Branch", {"filters": flt})
    assert no_client.status_code == 417


def test_no_one_writes_a_membership_through_the_api(world, api_as):  # noqa: F811
    users, clients = world
    seg = segment("S1", rule={"field": "status", "op": "=", "value": "Active"})
    body = {"segment": seg.pk, "client": clients["a1"].pk, "entered_on": "2026-01-01"}
    for who in ("admin", "marketing", "compliance"):
        assert api_as(users[who]).post("/api/resource/Segment Membership", body).status_code == 403
    assert not SegmentMembership.objects.exists()
    assert Segment.objects.count() == 1


def test_after_profiles_moves_only_the_refreshed_clients_and_the_night_moves_everyone(world):  # noqa: F811
    from securities_crm.core import hooks

    _users, clients = world
    seg = segment("HNW", rule={"field": "aum", "op": ">=", "value": 5000000})
    profile(clients["a1"], aum=Decimal("6000000"))
    profile(clients["a2"], aum=Decimal("6000000"))
    hooks.fire("after_profiles", [clients["a1"].pk], DAY1)  # a refresh after an ingestion batch
    assert set(SegmentMembership.objects.values_list("client_id", flat=True)) == {clients["a1"].pk}
    # the day's snapshot, taken once after the refreshed clients' chunks, counts the whole segment
    assert SegmentSnapshot.objects.get(segment=seg, date=DAY1, tier="").count == 1
    hooks.fire("after_profiles", None, DAY2)  # the nightly run
    assert set(seg.memberships.filter(left_on__isnull=True).values_list("client_id", "entered_on")) == {
        (clients["a1"].pk, DAY1),
        (clients["a2"].pk, DAY2),
    }


def test_the_clients_data_copy_holds_their_profile_segments_and_tags(world):  # noqa: F811
    from securities_crm.doctype.data_subject_request.model import DataSubjectRequest
    from securities_crm.security import privacy

    users, clients = world
    c = clients["a1"]
    profile(c, aum=Decimal("6000000"), top_markets=[{"key": "SH", "amount": 1, "share": 1.0}])
    seg = segment("HNW", rule={"field": "aum", "op": ">=", "value": 5000000}, auto_tag=True)
    membership.refresh_segments(DAY1, [seg])
    ClientTag(client=c, tag="爱打新").save()
    dsr = DataSubjectRequest(client=c, request_type="Access")
    dsr.save()
    package = privacy.data_package(dsr, users["compliance"])
    assert package["profile"]["aum"] == "6000000.00"
    assert package["profile"]["top_markets"] == [{"key": "SH", "amount": 1, "share": 1.0}]
    assert [(m["segment"], m["entered_on"], m["left_on"], m["why"]) for m in package["segments"]] == [
        ("HNW", DAY1.isoformat(), None, {"aum": 6000000.0})
    ]
    assert sorted((t["tag"], t["source"]) for t in package["tags"]) == [("HNW", "Automatic"), ("爱打新", "Manual")]


def test_memberships_and_profiles_follow_the_clients_record_rules(world, api_as):  # noqa: F811
    users, clients = world
    for key in clients:
        profile(clients[key], aum=Decimal("6000000"))
    seg = segment("HNW", rule={"field": "aum", "op": ">=", "value": 5000000})
    membership.refresh_segments(DAY1, [seg])
    fields = '["client"]'
    seen = lambda who: {  # noqa: E731
        r["client"]
        for r in api_as(users[who]).get("/api/resource/Segment Membership", {"fields": fields}).json()["data"]
    }
    assert seen("cm_a") == {clients["a1"].pk, clients["a2"].pk}
    assert seen("bm") == {clients[k].pk for k in ("a1", "a2", "b1")}
    assert seen("marketing") == {c.pk for c in clients.values()}
    assert api_as(users["portal"]).get("/api/resource/Segment Membership").status_code == 403


def test_the_bulk_tables_carry_only_the_indexes_their_queries_use(world):  # noqa: F811
    """Each index and each deferred foreign-key check is one more write per row, on tables the nightly job
    fills with millions: no index on the stamps, no single-column index a composite one already leads
    with, and no database constraint on the links (core/document.py BulkDocument)."""
    from django.db import connection

    for model in (ClientProfile, SegmentMembership, ClientTag):
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
        indexed = [c["columns"] for c in found.values() if c["index"] or c["unique"] or c["primary_key"]]
        assert not any(cols[0] in ("creation", "modified") for cols in indexed), (model, indexed)
        assert not [c for c in found.values() if c["foreign_key"]], model
        if model is SegmentMembership:
            assert sorted(indexed) == [["client_id", "left_on"], ["name"], ["segment_id", "entered_on"]] + [
                ["segment_id", "left_on"]
            ]


@pytest.mark.django_db(transaction=True)
def test_the_bulk_transaction_commits_without_waiting_on_postgresql():
    from django.db import connection, transaction

    from securities_crm.core.bulk import bulk_transaction

    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit and work_mem are PostgreSQL's")

    def show(name):
        with connection.cursor() as cursor:
            cursor.execute(f"SHOW {name}")
            return cursor.fetchone()[0]

    outside = show("synchronous_commit"), show("work_mem")
    with bulk_transaction():
        assert (show("synchronous_commit"), show("work_mem")) == ("off", "256MB")
    assert (show("synchronous_commit"), show("work_mem")) == outside
    with transaction.atomic():  # nested in a caller's transaction: left as it is, not to reach its writes
        with bulk_transaction():
            assert (show("synchronous_commit"), show("work_mem")) == outside
