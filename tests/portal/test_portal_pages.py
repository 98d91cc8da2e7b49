"""Portal pages as a client uses them: home, assessment, products with the suitability check,
privacy centre, profile and accounts. Another client's ids answer 404; nothing of AML shows."""

import json

import pytest

from securities_crm.doctype.audit_log.model import AuditLog
from securities_crm.doctype.consent_record.model import ConsentRecord
from securities_crm.doctype.data_subject_request.model import DataSubjectRequest
from securities_crm.doctype.risk_assessment.model import RiskAssessment
from securities_crm.doctype.suitability_record.model import SuitabilityRecord
from securities_crm.portal.otp import LogSmsBackend

from .helpers import C3_ANSWERS, take_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client, make_client, questionnaire, products):
    record = make_client("zhang_san", client_name="张三")
    client.post("/portal/login/", {"username": "zhang_san", "password": "pw-zhang_san"})
    return record


@pytest.fixture
def other(make_client, questionnaire):
    """Another client, with an assessment and a data request of their own."""
    from securities_crm.doctype.client.model import Client

    record = make_client("li_si", id_number="110105198001010016", mobile="13912345678")
    assessment = RiskAssessment(client=record, answers=C3_ANSWERS, confirmed_by=record.user)
    assessment.submit()
    request = DataSubjectRequest(client=record, request_type="Access")
    request.save()
    request.advance("In Progress")
    request.advance("Completed", "done")
    return Client.objects.get(pk=record.pk), assessment, request


def test_the_questionnaire_one_question_per_screen_to_the_result(client, me):
    html = client.get("/portal/").content.decode()
    assert 'data-testid="assessment-due"' in html  # no assessment yet
    page = client.get("/portal/assessment/q/1/")
    assert page.status_code == 302  # not started: back to the overview
    response = take_assessment(client)
    assessment = RiskAssessment.objects.get(client=me)
    assert (assessment.score, assessment.risk_level, assessment.channel) == (29, "C3", "Portal")
    assert assessment.confirmed_by == me.user and assessment.docstatus == 1
    html = response.content.decode()
    assert "C3" in html and 'data-testid="level-explained"' in html and "R3" in html
    me.refresh_from_db()
    assert me.risk_level == "C3"
    history = client.get("/portal/assessment/").content.decode()
    assert assessment.name in history


def test_an_unanswered_question_is_asked_again(client, me):
    client.post("/portal/assessment/start/")
    response = client.post("/portal/assessment/q/1/", {})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert client.get("/portal/assessment/review/")["Location"] == "/portal/assessment/q/1/"


def test_a_product_above_the_level_needs_the_warning_confirmed(client, me):
    take_assessment(client)
    listing = client.get("/portal/products/").content.decode()
    assert 'data-testid="product-EF401"' in listing
    page = client.get("/portal/products/EF401/").content.decode()
    assert 'data-testid="special-warning"' in page
    client.post("/portal/products/EF401/", {})  # without ticking the box
    assert not SuitabilityRecord.objects.filter(client=me).exists()
    page = client.post("/portal/products/EF401/", {"acknowledge": "yes"}).content.decode()
    record = SuitabilityRecord.objects.get(client=me)
    assert record.result == "mismatch_confirmed" and record.channel == "Portal" and record.warning_text
    assert record.confirmed_by == me.user and 'data-testid="record"' in page


def test_a_matching_product_records_a_match_and_a_blocked_one_is_explained(client, me):
    take_assessment(client)
    client.post("/portal/products/MF301/", {})
    assert SuitabilityRecord.objects.get(client=me).result == "match"
    page = client.get("/portal/products/PF501/").content.decode()
    assert 'data-testid="blocked"' in page
    client.post("/portal/products/PF501/", {"acknowledge": "yes"})
    assert SuitabilityRecord.objects.filter(client=me).count() == 1


def test_the_lowest_category_is_blocked_above_r1(client, me):
    take_assessment(client, {**C3_ANSWERS, "Q1": "B"})
    page = client.get("/portal/products/BF101/").content.decode()
    assert 'data-testid="blocked"' in page and "special-warning" not in page


def test_withdrawing_personalisation_turns_recommendations_off(client, me):
    take_assessment(client)
    client.post("/portal/privacy/consent/", {"consent_type": "Personalised Recommendation", "action": "give"})
    assert ConsentRecord.current(me, "Personalised Recommendation")
    page = client.get("/portal/products/").content.decode()
    assert "MF301" in page.split('data-testid="recommendations"')[1].split("</section>")[0]
    client.post("/portal/privacy/consent/", {"consent_type": "Personalised Recommendation", "action": "withdraw"})
    assert not ConsentRecord.current(me, "Personalised Recommendation")
    record = ConsentRecord.objects.filter(client=me).order_by("-recorded_at").first()
    assert record.channel == "Portal" and record.action == "Withdrawn"
    assert 'data-testid="personalisation-off"' in client.get("/portal/products/").content.decode()


def test_a_data_copy_is_delivered_as_a_download(client, me):
    client.post("/portal/privacy/copy/")
    dsr = DataSubjectRequest.objects.get(client=me)
    assert (dsr.request_type, dsr.status) == ("Access", "Completed")
    response = client.get(f"/portal/privacy/copy/{dsr.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    package = json.loads(response.content)
    assert package["client"]["client_name"] == "张三" and package["client"]["id_number"] == "11010519491231002X"
    assert AuditLog.objects.filter(reference_name=me.pk, field_name="id_number", channel="portal").exists()


def test_correction_and_deletion_requests_open_a_data_subject_request(client, me):
    client.post("/portal/privacy/request/", {"request_type": "Correction", "details": "地址已变更为北京市朝阳区"})
    client.post("/portal/privacy/request/", {"request_type": "Deletion", "details": "请删除我的营销资料"})
    kinds = set(DataSubjectRequest.objects.filter(client=me, status="Open").values_list("request_type", flat=True))
    assert kinds == {"Correction", "Deletion"}
    assert client.post("/portal/privacy/request/", {"request_type": "Correction", "details": ""}).status_code == 400


def test_another_clients_ids_answer_404(client, me, other):
    other_client, assessment, request = other
    assert client.get(f"/portal/assessment/{assessment.pk}/").status_code == 404
    assert client.get(f"/portal/privacy/copy/{request.pk}/").status_code == 404
    assert client.get("/portal/products/NO-SUCH/").status_code == 404
    for url in ("/portal/", "/portal/profile/", "/portal/accounts/", "/portal/privacy/", "/portal/assessment/"):
        html = client.get(url).content.decode()
        assert other_client.client_name not in html and "li_si" not in html, url
        assert "AML" not in html and "反洗钱" not in html and "Risk Alert" not in html, url


def test_profile_masks_identity_and_changes_the_mobile_by_code(client, me):
    html = client.get("/portal/profile/").content.decode()
    assert "110105********002X" in html and "138****5678" in html and "11010519491231002X" not in html
    client.post("/portal/profile/contact/", {"email": "new@example.com", "address": "上海市浦东新区"})
    me.refresh_from_db()
    assert (me.email, me.address) == ("new@example.com", "上海市浦东新区")
    LogSmsBackend.sent.clear()
    client.post("/portal/profile/mobile/", {"mobile": "13698765432"})
    mobile, text = LogSmsBackend.sent[-1]
    code = "".join(ch for ch in text if ch.isdigit())[:6]
    assert mobile == "13698765432"
    assert (
        client.post("/portal/profile/mobile/code/", {"code": "999999" if code != "999999" else "111111"}).status_code
        == 400
    )
    client.post("/portal/profile/mobile/code/", {"code": code})
    me.refresh_from_db()
    assert me.mobile == "13698765432"


def test_accounts_page_shows_balances_positions_trades_and_flows(client, me, other):
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from securities_crm.doctype.fund_transfer.model import FundTransfer
    from securities_crm.doctype.instrument.model import Instrument
    from securities_crm.doctype.position.model import Position
    from securities_crm.doctype.securities_account.model import SecuritiesAccount
    from securities_crm.doctype.trade.model import Trade

    moutai = Instrument(code="600519.SH", market="SH", instrument_name="贵州茅台")
    moutai.save()
    now, today = timezone.now(), timezone.localdate()
    for owner, number, value in ((me, "A100000001", "171234.50"), (other[0], "A100000002", "999999.00")):
        account = SecuritiesAccount(account_number=number, client=owner)
        account.save()
        Position(
            external_id=f"P-{number}",
            account=account,
            client=owner,
            instrument=moutai,
            position_date=today - dt.timedelta(days=1),
            quantity=Decimal("100"),
            market_value=Decimal(value),
        ).save()
        Trade(
            external_id=f"T-{number}",
            account=account,
            client=owner,
            instrument=moutai,
            side="Buy",
            quantity=Decimal("100"),
            price=Decimal("1712.345"),
            amount=Decimal("171234.50"),
            trade_time=now,
        ).save()
        FundTransfer(
            external_id=f"F-{number}",
            account=account,
            client=owner,
            direction="In",
            amount=Decimal("200000.00"),
            transfer_time=now,
        ).save()
    html = client.get("/portal/accounts/").content.decode()
    assert "A100000001" in html and "贵州茅台" in html and "171,234.50" in html and "200,000.00" in html
    assert "A100000002" not in html and "999,999.00" not in html and "999999.00" not in html


def test_home_shows_the_level_and_an_assessment_falling_due(client, me):
    import datetime as dt

    from django.utils import timezone

    take_assessment(client)
    html = client.get("/portal/").content.decode()
    assert "C3" in html and 'data-testid="assessment-due"' not in html
    from securities_crm.doctype.client.model import Client

    Client.objects.filter(pk=me.pk).update(risk_valid_until=timezone.localdate() + dt.timedelta(days=10))
    html = client.get("/portal/").content.decode()
    assert 'data-testid="assessment-due"' in html and "10" in html
