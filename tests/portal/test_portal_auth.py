"""Portal sign-in: activation and password reset by one-time code, lockout after repeated failures
(audited), rate limits, and staff and client sessions kept apart."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client as Browser

from securities_crm.doctype.audit_log.model import AuditLog
from securities_crm.portal import otp

from .helpers import last_code

pytestmark = pytest.mark.django_db
PASSWORD = "Hb7!qe-portal-2026"


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()  # rate-limit windows and codes live in Redis; each test starts with none


def _activate(browser, id_number="11010519491231002X", mobile="13812345678"):
    return browser.post("/portal/activate/", {"id_number": id_number, "mobile": mobile})


def test_a_client_activates_with_id_mobile_and_an_emailed_code(client, make_client):
    record = make_client("li_lei", user=False, client_name="李雷")
    response = _activate(client, id_number="11010519491231002x")  # lower-case x is fine
    assert response.status_code == 302 and response["Location"] == "/portal/activate/code/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["li_lei@example.com"]
    code = last_code()
    assert code not in str(otp.cache.get(otp._key("activate", record.pk)))  # only a hash is kept
    response = client.post("/portal/activate/code/", {"code": code, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    record.refresh_from_db()
    user = record.user
    assert user.username == record.pk and not user.is_staff and user.groups.filter(name="Client").exists()
    html = client.get("/portal/").content.decode()
    assert "您好，李雷" in html and record.pk in html
    client.logout()
    assert client.post("/portal/login/", {"username": record.pk, "password": PASSWORD}).status_code == 302


def test_activation_refuses_a_wrong_mobile_and_sends_nothing(client, make_client):
    make_client("han_mei", user=False)
    response = _activate(client, mobile="13900000000")
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert mail.outbox == []


def test_a_code_survives_only_a_few_wrong_tries(client, make_client):
    make_client("wu_di", user=False)
    _activate(client)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(otp.MAX_ATTEMPTS):
        response = client.post("/portal/activate/code/", {"code": wrong, "password1": PASSWORD, "password2": PASSWORD})
        assert response.status_code == 200
    response = client.post("/portal/activate/code/", {"code": code, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_code_requests_are_rate_limited(client, make_client):
    make_client("qian_qi", user=False)
    for _ in range(3):
        assert _activate(client).status_code == 302
    assert _activate(client).status_code == 200
    assert len(mail.outbox) == 3


def test_a_password_reset_by_code(client, make_client):
    record = make_client("sun_ba")
    response = client.post("/portal/reset/", {"id_number": "11010519491231002X", "mobile": "13812345678"})
    assert response["Location"] == "/portal/reset/code/"
    client.post("/portal/reset/code/", {"code": last_code(), "password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    assert client.post("/portal/login/", {"username": "sun_ba", "password": PASSWORD}).status_code == 302
    assert User.objects.get(pk=record.user_id).check_password(PASSWORD)


def test_repeated_failures_lock_the_login_and_the_lockout_is_audited(client, make_client):
    make_client("zhou_jiu")
    for _ in range(5):
        assert client.post("/portal/login/", {"username": "zhou_jiu", "password": "wrong"}).status_code in (200, 429)
    response = client.post("/portal/login/", {"username": "zhou_jiu", "password": "pw-zhou_jiu"})
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert "登录尝试失败次数过多" in response.content.decode() or 'data-testid="locked"' in response.content.decode()
    assert AuditLog.objects.filter(user="zhou_jiu", detail__contains="Locked out").exists()


def test_a_client_session_never_opens_the_desk_and_staff_never_use_the_portal(client, make_client, make_user, branch):
    make_client("zheng_shi")
    client.post("/portal/login/", {"username": "zheng_shi", "password": "pw-zheng_shi"})
    assert client.get("/portal/").status_code == 200
    desk = client.get("/app/")
    assert desk.status_code == 302 and "/app/login/" in desk["Location"]
    staff = Browser()
    make_user("cm_wang", roles=["Client Manager"], branch=branch)
    staff.force_login(User.objects.get(username="cm_wang"))
    assert staff.get("/portal/profile/")["Location"] == "/app/"


def test_forms_without_csrf_are_refused(make_client):
    make_client("feng_yi")
    browser = Browser(enforce_csrf_checks=True)
    assert browser.post("/portal/login/", {"username": "feng_yi", "password": "pw-feng_yi"}).status_code == 403
    assert browser.post("/portal/activate/", {"id_number": "x", "mobile": "y"}).status_code == 403
    browser.force_login(User.objects.get(username="feng_yi"))
    for url in (
        "/portal/privacy/consent/",
        "/portal/privacy/copy/",
        "/portal/privacy/request/",
        "/portal/assessment/start/",
        "/portal/profile/contact/",
        "/portal/profile/mobile/",
    ):
        assert browser.post(url, {}).status_code == 403, url


def test_portal_pages_carry_security_headers(client):
    response = client.get("/portal/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


def test_a_locked_out_login_is_refused_by_the_api_too_in_json(client, make_client):
    make_client("chu_er")
    for _ in range(5):
        client.post("/portal/login/", {"username": "chu_er", "password": "wrong"})
    response = client.post("/api/method/login", {"usr": "chu_er", "pwd": "pw-chu_er"})
    assert response.status_code == 429 and response.json()["exc_type"]
    assert "_auth_user_id" not in client.session
