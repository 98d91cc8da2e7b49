"""The portal shell at /portal/: sign-in for clients, staff sent to the desk, Chinese first with English a click away."""

import pytest
from django.urls import reverse

from securities_crm.notifications import notify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    """Sign-in rate limits and lockout counters live in Redis across tests: each test starts clean."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def client_user(make_user, branch):
    from securities_crm.doctype.client.model import Client

    user = make_user("zhang_san", roles=["Client"], staff=False)
    Client(client_name="张三", id_number="11010519491231002X", mobile="13812345678", branch=branch, user=user).save()
    return user


def _login(client, username):
    return client.post(reverse("portal:login"), {"username": username, "password": "pw-" + username})


def test_login_page_is_mobile_ready_and_chinese(client):
    html = client.get(reverse("portal:login")).content.decode()
    assert '<html lang="zh-hans"' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert "登录" in html and "客户门户" in html and "Sign in" not in html


def test_a_client_signs_in_to_an_empty_home_with_their_messages(client, client_user):
    notify(client_user, "您的风险测评即将到期")
    response = _login(client, "zhang_san")
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    html = client.get(reverse("portal:home")).content.decode()
    assert "您好，张三" in html and "您的风险测评即将到期" in html
    assert "退出登录" in html


def test_a_wrong_password_is_refused_in_the_users_language(client, client_user):
    response = client.post(reverse("portal:login"), {"username": "zhang_san", "password": "nope"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_signing_in_here_are_sent_to_the_desk(client, make_user, branch):
    make_user("li_si", roles=["Client Manager"], branch=branch)
    response = _login(client, "li_si")
    assert response.status_code == 302 and response["Location"] == "/app/"
    assert client.get(reverse("portal:home"))["Location"] == "/app/"


def test_an_account_without_the_client_role_is_refused(client, make_user):
    make_user("stranger", roles=[], staff=False)
    response = _login(client, "stranger")
    assert response.status_code == 200
    assert "无法使用客户门户" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_home_needs_a_sign_in(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_the_language_switch_turns_the_portal_english_and_back(client, client_user):
    html = client.get(reverse("portal:login")).content.decode()
    assert 'data-testid="language-switch"' in html and 'value="en"' in html
    client.post(reverse("set_language"), {"language": "en", "next": reverse("portal:login")})
    html = client.get(reverse("portal:login")).content.decode()
    assert '<html lang="en"' in html and "Sign in" in html and "登录" not in html
    client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("portal:login")})
    assert "登录" in client.get(reverse("portal:login")).content.decode()


def test_sign_out_ends_the_session(client, client_user):
    _login(client, "zhang_san")
    response = client.post(reverse("portal:logout"))
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 302
