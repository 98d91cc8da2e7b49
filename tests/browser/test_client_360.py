"""The client 360 page in Chinese, in Debian's Chromium: header, form tabs and record tabs.
Leaves tests/artifacts/client_360.png (header and accounts tab) for a person to look at."""

import datetime as dt
import os
from pathlib import Path

import pytest
from browser_helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _seed(make_user, branch):
    from securities_crm.doctype.client.model import Client
    from securities_crm.doctype.client_contact.model import ClientContact
    from securities_crm.doctype.client_interaction.model import ClientInteraction
    from securities_crm.doctype.consent_record.model import ConsentRecord
    from securities_crm.doctype.securities_account.model import SecuritiesAccount

    manager = make_user("cm_li", roles=["Client Manager"], branch=branch)
    manager.first_name = "李经理"
    manager.save()
    client = Client(
        client_name="王建国",
        id_number="11010519491231002X",
        mobile="13812345678",
        email="wang@example.cn",
        branch=branch,
        client_manager=manager,
        status="Active",
        occupation="工程师",
        risk_level="C3",
        risk_valid_until=dt.date.today() + dt.timedelta(days=400),
    )
    client.save()
    SecuritiesAccount(
        account_number="A123456789",
        client=client,
        bank_name="工商银行",
        bank_account="6222020200112233445",
        opened_on=dt.date(2020, 3, 1),
    ).save()
    SecuritiesAccount(
        account_number="0123456789",
        client=client,
        account_type="Margin",
        market="SZ",
        bank_name="工商银行",
        bank_account="6222020200112233446",
        opened_on=dt.date(2022, 5, 9),
    ).save()
    ClientContact(
        client=client, contact_role="Family", contact_name="王芳", relationship="配偶", mobile="13900001111"
    ).save()
    ConsentRecord(client=client, consent_type="Marketing", text_version="MKT-2026.1").save()
    ClientInteraction(client=client, subject="季度回访", staff=manager).save()
    return manager, client


def test_client_360_page_in_chinese(page, live_server, make_user, branch):
    manager, client = _seed(make_user, branch)
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/app/securities_crm/client/{client.pk}/change/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    header = page.locator("#client-360-header")
    header.wait_for()
    text = header.inner_text()
    assert "王建国" in text and client.name in text
    assert "110105********002X" in text  # the header always shows the mask
    assert "11010519491231002X" not in text
    assert "C3" in text and "李经理" in text
    # The record tabs sit beside the form's own tabs; open the accounts tab.
    page.locator('a[href="#accounts"]').first.click()
    accounts = page.locator("text=A123456789").first
    accounts.wait_for(state="visible")
    assert page.locator("text=6222***********3445").first.is_visible()
    assert "6222020200112233445" not in page.content()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "client_360.png"), full_page=True)
    page.locator('a[href="#interactions"]').first.click()
    page.locator("text=季度回访").first.wait_for(state="visible")
    page.locator('a[href="#general"]').first.click()
    # the Trading tab fetches its overview (AUM and the two 90-day charts) when first shown
    assert page.locator("#client-trading").count() == 0
    page.locator("#client_form").get_by_text("交易", exact=True).first.click()
    page.locator("#client-aum").wait_for(state="visible")
    page.locator("#client_form").get_by_text("历史", exact=True).first.click()
    page.locator("text=Full history").or_(page.locator("text=完整历史")).first.wait_for(state="attached")
    assert os.path.getsize(ARTIFACTS / "client_360.png") > 10_000
