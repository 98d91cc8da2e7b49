"""The site's own 403, 404 and 500 pages: in the user's language, in the desk's look for staff and the
portal's for everyone else, with a link home, and never Django's debug page. Under /api/ errors stay JSON."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path
from django.utils import translation

from crm_site import urls as site_urls

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
DEBUG_MARKS = (
    "Traceback",
    "Request Method:",
    "Using the URLconf",
    "SECRET_KEY",
    "secret detail",
    "RuntimeError",
    "Django tried these URL patterns",
)


def _boom(request):
    raise RuntimeError("secret detail that must stay in the log")


# This module doubles as a URLconf: the site's URLs and 500 handler, plus views that fail.
urlpatterns = [path("portal/boom/", _boom), path("app/boom/", _boom), path("api/boom/", _boom), *site_urls.urlpatterns]
handler500 = site_urls.handler500


@pytest.fixture
def failing_views(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def _page(response) -> str:
    html = response.content.decode()
    assert 'data-testid="error-page"' in html, html[:500]
    for mark in DEBUG_MARKS:
        assert mark not in html, mark
    return html


def _portal_look(html):
    assert "securities_crm/portal.css" in html and 'href="/portal/"' in html


def _desk_look(html):
    assert "unfold/css/styles.css" in html and 'href="/app/"' in html


# --- 500 -------------------------------------------------------------------------------------------------
def test_a_500_in_the_portal_is_our_page_in_chinese_without_debug_information(failing_views):
    response = Client(raise_request_exception=False).get("/portal/boom/")
    assert response.status_code == 500
    html = _page(response)
    _portal_look(html)
    assert "系统出错了" in html and "返回客户门户首页" in html and '<html lang="zh-hans"' in html


def test_a_500_in_the_desk_is_our_page_in_the_desks_look_and_in_english_on_request(failing_views, make_user, branch):
    browser = Client(raise_request_exception=False)
    browser.force_login(make_user("cm_boom", roles=["Client Manager"], branch=branch))
    response = browser.get("/app/boom/", **ENGLISH)
    assert response.status_code == 500
    html = _page(response)
    _desk_look(html)
    assert "Something went wrong" in html and "Back to the desk" in html and "系统出错了" not in html


def test_a_500_under_the_api_stays_json(failing_views):
    response = Client(raise_request_exception=False).get("/api/boom/")
    assert response.status_code == 500 and response.json()["exc_type"] == "Exception"
    assert "secret detail" not in response.content.decode()


def test_the_plain_fallback_page_needs_no_request_and_is_translated():
    """When the styled page cannot be rendered (its database or session is what failed)."""
    context = {"status": 500, "title": "x", "text": "y", "home": "/portal/", "home_label": "z"}
    with translation.override("zh-hans"):
        html = render_to_string("errors/plain.html", context)
    assert 'data-testid="error-page"' in html and "错误 500" in html and 'href="/portal/"' in html


# --- 404 -------------------------------------------------------------------------------------------------
def test_a_404_in_the_portal_is_our_page_in_chinese(client):
    response = client.get("/portal/no-such-page/")
    assert response.status_code == 404
    html = _page(response)
    _portal_look(html)
    assert "页面不存在" in html and "返回客户门户首页" in html


def test_a_404_elsewhere_is_our_page_in_english_on_request(client):
    response = client.get("/no-such-page/", **ENGLISH)
    assert response.status_code == 404
    html = _page(response)
    _portal_look(html)
    assert "Page not found" in html and "Back to the portal home" in html and "页面不存在" not in html


def test_a_404_in_the_desk_keeps_staff_in_the_desk(client, make_user, branch):
    client.force_login(make_user("cm_lost", roles=["Client Manager"], branch=branch))
    response = client.get("/app/securities_crm/no-such-doctype/")
    assert response.status_code == 404
    html = _page(response)
    _desk_look(html)
    assert "页面不存在" in html and "返回工作台" in html


def test_a_404_under_the_api_stays_json(client):
    response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404 and response.json()["exc_type"] == "DoesNotExistError"


# --- 400 -------------------------------------------------------------------------------------------------
def test_a_request_for_another_host_gets_our_400_page_or_json_under_the_api(db):
    response = Client(HTTP_HOST="evil.example").get("/portal/login/")
    assert response.status_code == 400
    html = _page(response)
    assert "请求有误" in html and 'href="/portal/"' in html
    response = Client(HTTP_HOST="evil.example").get("/api/resource/Branch", **ENGLISH)
    assert response.status_code == 400 and response.json()["exc_type"] == "ValidationError"
    assert "Bad request" in response.json()["exception"]


# --- 403 -------------------------------------------------------------------------------------------------
def test_the_desks_permission_denied_is_our_page_in_chinese(client, make_user, branch):
    client.force_login(make_user("mkt_nosy", roles=["Marketing"], branch=branch))
    response = client.get("/app/securities_crm/auditlog/")  # Audit Log: Compliance and System Managers only
    assert response.status_code == 403
    html = _page(response)
    _desk_look(html)
    assert "无权访问" in html and "返回工作台" in html


def test_the_desks_permission_denied_in_english(client, make_user, branch):
    client.force_login(make_user("mkt_nosy_en", roles=["Marketing"], branch=branch))
    response = client.get("/app/django_rq/dashboard/", **ENGLISH)  # Background Jobs: System Managers only
    assert response.status_code == 403
    html = _page(response)
    _desk_look(html)
    assert "Access denied" in html and "Back to the desk" in html


def test_a_403_in_the_portal_is_our_page_in_both_languages(client, make_user):
    client.force_login(make_user("no_role", staff=False))  # signed in, but not a client
    response = client.get("/portal/")
    assert response.status_code == 403
    html = _page(response)
    _portal_look(html)
    assert "无权访问" in html and "返回客户门户首页" in html
    html = _page(client.get("/portal/", **ENGLISH))
    assert "Access denied" in html and "Back to the portal home" in html


def test_a_form_without_its_csrf_token_gets_our_403_page(db):
    response = Client(enforce_csrf_checks=True).post("/portal/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = _page(response)
    _portal_look(html)
    assert "表单已失效" in html
