"""Segment Snapshot and the desk around segments: the explorer shows the size and AUM over time from the
snapshots, the members within the viewer's record rules (with filters and a CSV export), who entered and
who left this week; the Segment form previews an unsaved rule; the client 360 page's Profile tab shows
the profile, the segments with their why, and the tags."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from client_fixtures import desk_for, world  # noqa: F401
from django.utils import timezone
from segment_fixtures import segment, tag

from securities_crm.doctype.client_profile.model import ClientProfile
from securities_crm.doctype.segment_snapshot.model import SegmentSnapshot
from securities_crm.segments import membership

pytestmark = pytest.mark.django_db


def _hnw(clients, today):
    for key in ("a1", "b1", "bj"):
        ClientProfile(client=clients[key], as_of=today, aum=Decimal("6000000")).save()
    seg = segment("HNW", rule={"field": "aum", "op": ">=", "value": 5000000}, description="rich", auto_tag=True)
    membership.refresh_segments(today - dt.timedelta(days=30), [seg])
    ClientProfile.objects.filter(client=clients["b1"]).update(aum=1)
    membership.refresh_segments(today, [seg])
    return seg


def test_a_snapshot_a_day_with_its_count_and_aum(world):  # noqa: F811
    _users, clients = world
    today = timezone.localdate()
    seg = _hnw(clients, today)
    days = list(SegmentSnapshot.objects.filter(segment=seg).order_by("date").values_list("date", "count", "aum"))
    assert days == [
        (today - dt.timedelta(days=30), 3, Decimal("18000000.00")),
        (today, 2, Decimal("12000000.00")),
    ]


def test_the_explorer_shows_history_members_within_record_rules_and_the_week(world):  # noqa: F811
    users, clients = world
    today = timezone.localdate()
    seg = _hnw(clients, today)
    url = f"/app/securities_crm/segment/{seg.pk}/explorer/"
    page = desk_for(users["compliance"]).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="explorer-count"' in html and "2 members" in html and "12,000,000.00" in html
    members = html.split('id="explorer-members"')[1]
    assert clients["a1"].pk in members and clients["bj"].pk in members and clients["b1"].pk not in members
    left = html.split('id="explorer-left"')[1].split("</ul>")[0]
    assert clients["b1"].pk in left  # left this week
    mine = desk_for(users["cm_a"]).get(url).content.decode().split('id="explorer-members"')[1]
    assert clients["a1"].pk in mine and clients["bj"].pk not in mine
    filtered = desk_for(users["compliance"]).get(url, {"branch": clients["bj"].branch_id}).content.decode()
    assert clients["a1"].pk not in filtered.split('id="explorer-members"')[1]
    export = desk_for(users["compliance"]).get(url + "export/", {"include_left": "1"})
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 4  # the header, two current members, one past stay
    assert desk_for(users["cm_a"]).get(url + "export/").status_code == 403  # no export right


def test_the_segment_form_previews_an_unsaved_rule(world):  # noqa: F811
    users, clients = world
    url = "/app/securities_crm/segment/preview/"
    desk = desk_for(users["bm"])
    ok = desk.post(url, {"rule": json.dumps({"field": "status", "op": "=", "value": "Active"}), "kind": "Rule"})
    assert ok.status_code == 200
    body = ok.json()
    assert body["count"] == 3 and {s["name"] for s in body["sample"]} == {clients[k].pk for k in ("a1", "a2", "b1")}
    bad = desk.post(url, {"rule": json.dumps({"field": "status", "op": "between", "value": [1, 2]})})
    assert bad.status_code == 417 and "status" in " ".join(bad.json()["errors"])
    form = desk.get("/app/securities_crm/segment/add/").content.decode()
    assert 'id="segment-preview"' in form


def test_the_client_360_profile_tab_shows_metrics_segments_with_why_and_tags(world):  # noqa: F811
    users, clients = world
    today = timezone.localdate()
    _hnw(clients, today)
    tag(clients["a1"], "爱打新")
    page = desk_for(users["cm_a"]).get(f"/app/securities_crm/client/{clients['a1'].pk}/change/").content.decode()
    tab = f"/app/securities_crm/client/{clients['a1'].pk}/tab/segmentmembership/"
    assert tab in page  # the tab loads its overview and rows when first shown
    html = desk_for(users["cm_a"]).get(tab).content.decode()
    profile = html.split('id="client-profile"')[1]
    assert "HNW" in profile.split('id="profile-segments"')[1] and "AUM: 6,000,000" in profile
    assert "爱打新" in profile.split('id="profile-tags"')[1]
    assert 'id="profile-no-activity"' in profile  # zeros and "no activity", never an error
    empty = desk_for(users["cm_a"]).get(f"/app/securities_crm/client/{clients['a2'].pk}/tab/segmentmembership/")
    empty = empty.content.decode()
    assert 'id="profile-missing"' in empty


@pytest.mark.jobs
def test_the_desk_action_refreshes_in_the_background(world, run_worker):  # noqa: F811
    users, clients = world
    seg = segment("ActiveNow", rule={"field": "status", "op": "=", "value": "Active"})
    desk = desk_for(users["marketing"])
    response = desk.post("/app/securities_crm/segment/", {"action": "refresh_now", "_selected_action": [seg.pk]})
    assert response.status_code == 302
    result = run_worker("long")
    assert result.returncode == 0, result.stderr
    assert seg.memberships.filter(left_on__isnull=True).count() == len(clients)


def test_the_client_list_filters_by_segment_within_the_record_rules(world):  # noqa: F811
    users, clients = world
    _hnw(clients, timezone.localdate())  # a1 and bj are in; b1 has left
    page = desk_for(users["cm_a"]).get("/app/securities_crm/client/?segment=HNW").content.decode()
    assert clients["a1"].client_name in page
    assert clients["a2"].client_name not in page  # cm_a's, but not in the segment
    assert clients["bj"].client_name not in page  # in the segment, but not cm_a's
    unfiltered = desk_for(users["cm_a"]).get("/app/securities_crm/client/").content.decode()
    assert clients["a2"].client_name in unfiltered and "segment=HNW" in unfiltered  # the filter offers it
    # a segment the user may not read, or that does not exist, shows no one rather than everyone
    assert (
        clients["a1"].client_name
        not in desk_for(users["cm_a"]).get("/app/securities_crm/client/?segment=Nope").content.decode()
    )
