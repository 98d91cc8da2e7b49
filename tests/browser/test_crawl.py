"""A crawl of the desk as each staff role and of the portal as a client, in zh-hans, over the demo's data.

Each page must answer without a 4xx or 5xx (its static files too), show no English word (crawl.py says
what counts as a code or a name instead), and fit a 1366×768 laptop window: no sideways scrolling of
the page, nor of a list's table. Screenshots land in sites/var/screens/ for a person to look at.

The quick crawl visits a fixed handful of pages per role (the role's main lists, a form, the dashboard,
the inbox) and runs on every database. The full crawl (every sidebar entry, at 1920×1080, in Chinese and
in English) runs on SQLite only: the pages are the same on every database, and it takes minutes.
"""

import pytest
from crawl import Crawl
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client as DjangoClient

from securities_crm import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A = "/app/securities_crm/"
# Per demo login: the lists its work starts from (those its sidebar offers are visited; the first one's
# first row is opened as a form).
PAGES = {
    "admin": [A + "staffprofile/", A + "auditlog/", A + "monitoringrule/", "/app/auth/group/"],
    "branch_manager": [A + "client/", A + "suitabilityrecord/", A + "suitabilityrecord/report/"],
    "client_manager": [A + "client/", A + "clientinteraction/", A + "caretask/"],
    "advisor": [A + "product/", A + "serviceoffering/", A + "client/"],
    "compliance": [A + "riskalert/", A + "amlreport/", A + "auditlog/"],
    "risk": [A + "riskalert/", A + "monitoringrule/", A + "trade/"],
    "service": [A + "serviceticket/", A + "complaint/", A + "caretask/"],
    "marketing": [A + "product/", A + "serviceoffering/", A + "branch/"],
}
PORTAL = [
    "/portal/",
    "/portal/accounts/",
    "/portal/products/",
    "/portal/privacy/",
    "/portal/profile/",
    "/portal/learning/",
    "/portal/learning/record/",
]


@pytest.fixture
def demo_site(transactional_db):
    demo.run(demo.Context(clients=40, quiet=True, password="crawl-pass-123"))
    return {name.lower() for name in User.objects.values_list("username", flat=True)}


def _signed_in(browser, live_server, username, width=1366, height=768, locale="zh-CN"):
    session = DjangoClient()
    session.force_login(User.objects.get(username=username))
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    context.set_default_timeout(20000)
    context.add_cookies([{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}])
    return context


def _crawl_desk(crawl, username, paths):
    crawl.visit("/app/", username)
    offered = crawl.sidebar()
    lists = [p for p in paths if p in offered]
    assert lists, f"{username}: none of {paths} in the sidebar"
    for path in lists:
        crawl.visit(path, username)
        if path == lists[0]:
            form = crawl.first_link("#result_list tbody tr a[href*='/change/']")
    if form:
        crawl.visit(form, username)
    crawl.visit(A + "notificationlog/", username)


def test_desk_and_portal_in_chinese_as_each_role(browser, live_server, demo_site):
    problems = []
    for username, paths in PAGES.items():
        context = _signed_in(browser, live_server, username)
        try:
            crawl = Crawl(context.new_page(), live_server.url, allowed=demo_site)
            _crawl_desk(crawl, username, paths)
            problems += crawl.problems
        finally:
            context.close()
    context = _signed_in(browser, live_server, "client")
    try:
        crawl = Crawl(context.new_page(), live_server.url, allowed=demo_site)
        for path in PORTAL:
            crawl.visit(path, "client")
        product = crawl.first_link("a[href^='/portal/products/'][href$='/']:not([href='/portal/products/'])")
        if product:
            crawl.visit(product, "client")
        problems += crawl.problems
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_every_sidebar_entry_at_1920_in_chinese_and_english(browser, live_server, demo_site):
    if connection.vendor != "sqlite":
        pytest.skip("the full crawl runs once, on SQLite: the pages are the same on every database")
    # Each sidebar entry once per language, by the first role that has it (the pages' layout and words do
    # not change with the role): about a hundred pages, not three hundred.
    problems = []
    for locale, check_words in (("zh-CN", True), ("en-US", False)):
        seen = set()
        for username in PAGES:
            context = _signed_in(browser, live_server, username, 1920, 1080, locale)
            try:
                crawl = Crawl(context.new_page(), live_server.url, allowed=demo_site, check_words=check_words)
                crawl.visit("/app/", f"{username}_{locale}", screenshot=check_words)
                for path in crawl.sidebar():
                    if path not in seen and "/django_rq/" not in path:
                        seen.add(path)
                        crawl.visit(path, f"{username}_{locale}", screenshot=check_words)
                problems += crawl.problems
            finally:
                context.close()
    assert not problems, "\n".join(problems)


def test_the_crawl_sees_an_english_word_and_skips_codes():
    from crawl import latin_words

    lines = [
        "告警 ALT-2026-000014 已关闭",
        "AML 报告 · 600036.SH · C3 · R5 · CNY",
        "Closed",
        "修改原因 None",
        "手机 App",
    ]
    assert set(latin_words(lines, allowed={"admin"})) == {"Closed", "None"}
    assert latin_words(["admin"], allowed={"admin"}) == {}
