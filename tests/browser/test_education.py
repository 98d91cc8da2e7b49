"""Investor education in Debian's Chromium, in Chinese: Compliance reviews content side by side in the desk
(the banned phrase marked and refused, then approved), and a client reads and acknowledges a risk notice in the
portal on a phone. Leaves tests/artifacts/education_*.png for a person to look at."""

import sys
from pathlib import Path

import pytest
from browser_helpers import login, shot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doctype"))
from client_fixtures import world  # noqa: E402,F401
from education_fixtures import content, published  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _shot(page, name):
    shot(page, f"education_{name}")


def test_compliance_approves_content_in_the_desk(page, live_server, world):
    from securities_crm.core import workflow
    from securities_crm.doctype.banned_phrase.model import BannedPhrase
    from securities_crm.doctype.education_content.model import EducationContent

    users, _clients = world
    BannedPhrase.objects.get_or_create(
        phrase="稳赚", defaults={"creation": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z"}
    )
    author, compliance = users["marketing"], users["compliance"]
    doc = content(
        author,
        title="三月市场展望",
        kind="Market Analysis",
        body="<h3>宏观</h3><p>市场震荡，结构性机会仍在。</p><p>红利策略长期稳赚，可放心配置。</p>",
    )
    workflow.apply(doc, "submit", author)
    login(page, live_server, compliance)
    page.goto(f"{live_server.url}/app/securities_crm/educationcontent/{doc.pk}/review/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.locator('[data-testid="content-review"]').wait_for()
    assert page.locator("mark.banned").first.inner_text() == "稳赚"
    assert "风险提示" in page.locator('[data-testid="rendered"]').inner_text()  # the disclaimer, appended
    page.click('[data-testid="move-approve"]')
    error = page.locator('[data-testid="review-error"]')
    error.wait_for()
    assert "稳赚" in error.inner_text() and "禁用语" in error.inner_text()
    _shot(page, "desk_review_blocked")
    page.fill("#reason", "请删除“稳赚”等承诺收益的表述")
    page.click('[data-testid="move-reject"]')
    page.locator('[data-testid="status"]', has_text="草稿").wait_for()
    doc.refresh_from_db()
    doc.body = "<h3>宏观</h3><p>市场震荡，结构性机会仍在。</p><p>红利策略波动相对较低，但仍可能亏损。</p>"
    doc.save()
    workflow.apply(doc, "submit", author)
    page.goto(f"{live_server.url}/app/securities_crm/educationcontent/{doc.pk}/review/")
    page.locator('[data-testid="no-hits"]').wait_for()
    page.click('[data-testid="move-approve"]')
    page.locator('[data-testid="status"]', has_text="已审核通过").wait_for()
    _shot(page, "desk_review_approved")
    doc.refresh_from_db()
    assert doc.status == "Approved" and doc.approved_by == compliance
    assert EducationContent.objects.get(pk=doc.pk).transitions[-1]["by"] == compliance.username


def test_a_client_reads_and_acknowledges_on_a_phone(page, live_server, world):
    from securities_crm.doctype.client.model import Client
    from securities_crm.doctype.content_read.model import ContentRead

    users, clients = world
    Client.objects.filter(pk=clients["a1"].pk).update(risk_level="C1", investor_type="Ordinary")
    notice = published(
        users["marketing"],
        users["compliance"],
        title="股票期权交易风险揭示",
        kind="Risk Notice",
        mandatory=True,
        body="<p>期权交易具有杠杆效应，您可能损失全部权利金。</p>" * 12,
    )
    published(users["marketing"], users["compliance"], title="进取型投资者专享策略", risk_levels=["C5"])
    page.set_viewport_size(PHONE)
    login(page, live_server, users["portal"])
    page.goto(f"{live_server.url}/portal/learning/")
    page.locator(f'[data-testid="pending-{notice.pk}"]').wait_for()
    assert "进取型投资者专享策略" not in page.content()
    _shot(page, "portal_learning_phone")
    page.click(f'[data-testid="pending-{notice.pk}"]')
    page.locator('[data-testid="article-body"]').wait_for()
    page.locator('[data-testid="article-end"]').scroll_into_view_if_needed()
    page.check('[data-testid="acknowledge-box"]')
    page.click('[data-testid="acknowledge"]')
    page.locator('[data-testid="acknowledged"]').wait_for()
    _shot(page, "portal_acknowledged_phone")
    read = ContentRead.objects.get(content=notice, client=clients["a1"])
    assert read.acknowledged_at is not None and read.read_to_end
