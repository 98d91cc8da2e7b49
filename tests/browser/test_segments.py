"""Segments in Debian's Chromium, in Chinese: the Segment form previews the rule being typed (count and
sample, or the error naming the field), and the client 360 page's Profile tab shows the profile, the
segments with their why, and the tags. Leaves tests/artifacts/client_profile_tab.png."""

import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from browser_helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _clients(branch, manager):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doctype"))
    from client_fixtures import new_client

    return [new_client(branch, manager, i, status=s) for i, s in enumerate(("Active", "Active", "Prospect"), 1)]


def test_the_segment_form_previews_the_rule_being_typed(page, live_server, make_user, branch):
    bm = make_user("bm_zhang", roles=["Branch Manager"], branch=branch)
    _clients(branch, None)
    login(page, live_server, bm)
    page.goto(f"{live_server.url}/app/securities_crm/segment/add/")
    page.fill("#id_rule", json.dumps({"field": "status", "op": "=", "value": "Active"}))
    page.click("#segment-preview-run")
    result = page.locator("#segment-preview-result")
    page.wait_for_function("document.getElementById('segment-preview-result').textContent.includes('2')")
    assert "2" in result.inner_text()
    assert page.locator("#segment-preview-sample li").count() == 2
    page.fill("#id_rule", json.dumps({"field": "status", "op": ">", "value": "Active"}))
    page.click("#segment-preview-run")
    page.wait_for_function("document.getElementById('segment-preview-result').textContent.includes('status')")
    assert "运算符" in result.inner_text()  # in the user's language, naming the operator and the field


def test_the_profile_tab_on_the_client_360_page(page, live_server, make_user, branch):
    from securities_crm.doctype.client_profile.model import ClientProfile
    from securities_crm.doctype.client_tag.model import ClientTag
    from securities_crm.doctype.segment.model import Segment
    from securities_crm.segments import membership

    manager = make_user("cm_wang", roles=["Client Manager"], branch=branch)
    client = _clients(branch, manager)[0]
    ClientProfile(
        client=client, as_of=dt.date.today(), aum=Decimal("6000000"), style_tag="Short Term", has_activity=True
    ).save()
    Segment(
        segment_name="High Net Worth",
        rule={"field": "aum", "op": ">=", "value": {"param": "min_aum"}},
        parameters={"min_aum": 5000000},
        auto_tag=True,
    ).save()
    membership.refresh_segments()
    ClientTag(client=client, tag="爱打新").save()
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/app/securities_crm/client/{client.pk}/change/")
    page.locator('a[href="#segment_memberships"]').first.click()
    profile = page.locator("#client-profile")
    profile.wait_for(state="visible")
    text = profile.inner_text()
    assert "高净值" in text and "资产规模: 6,000,000" in text  # the segment, translated, with its why
    assert "爱打新" in text and ("短线" in text or "Short-Term" in text)  # the style label is the profile's msgid
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "client_profile_tab.png"), full_page=True)
