"""Shared fixtures. Tests talk to real servers: the database from DATABASE_URL, Redis from
REDIS_URL (or an embedded redis-server), and Debian's Chromium for the browser tests."""

import os

os.environ.setdefault("CRM_DEMO", "1")  # generated keys under sites/var/, as for the demo
os.environ.setdefault("CRM_REDIS_DB", "1")  # with the embedded Redis, not the demo's database 0

import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def redis_server():
    """Redis for the whole session: REDIS_URL's, or an embedded one started for the run."""
    from securities_crm.core import embedded_redis

    with embedded_redis.ensure_running():
        import django_rq

        django_rq.get_connection("default").flushdb()
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """PBKDF2 costs a second per user on this machine; tests don't need slow hashes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The live server serves static files from the apps by their plain names; a manifest left in
    # sites/static by a demo's collectstatic would make pages name hashed files it does not have.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test starts in the site's language: a request made by an earlier test through Django's test
    # client leaves its language active in this thread, and text stored then (alert summaries) would
    # be in that language.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def english():
    """Messages in the source language, for tests that read the words of a message (the site's default,
    zh-hans, has them translated; tests of the translation itself assert the Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one per session. Mark its tests @pytest.mark.browser."""
    # Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls
    # from test code and from live_server. The calls are synchronous, so this is safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    """A fresh page with its own cookies: a desktop viewport and a Chinese-speaking browser."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def make_user(db):
    """make_user("alice", roles=["Client Manager"], branch=branch) -> a staff user with a profile."""
    from django.contrib.auth.models import Group, User

    from securities_crm.doctype.staff_profile.model import StaffProfile

    def make(username, roles=(), branch=None, staff=True, superuser=False):
        user = User.objects.create_user(username, password="pw-" + username, is_staff=staff, is_superuser=superuser)
        if staff:
            profile = StaffProfile(user=user, full_name=username, branch=branch)
            profile.save()
            profile.roles.set(Group.objects.filter(name__in=roles))
        else:
            user.groups.set(Group.objects.filter(name__in=roles))
        return user

    return make


@pytest.fixture
def branch(db):
    from securities_crm.doctype.branch.model import Branch

    b = Branch(branch_code="SH01", branch_name="上海陆家嘴营业部", city="上海")
    b.save()
    return b


@pytest.fixture
def other_branch(db):
    from securities_crm.doctype.branch.model import Branch

    b = Branch(branch_code="BJ01", branch_name="北京建国门营业部", city="北京")
    b.save()
    return b


def _test_database_url() -> str:
    """The URL of the database this test runs on (the test database), for a worker process."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    engine = db["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"sqlite:///{db['NAME']}"
    scheme = {"postgresql": "postgres", "mysql": "mysql"}[engine]
    auth = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db.get("PASSWORD") else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT']}" if db.get("PORT") else (db["HOST"] or "127.0.0.1")
    return f"{scheme}://{auth}@{host}/{db['NAME']}"


@pytest.fixture
def run_worker(transactional_db):
    """run_worker("short", ...) -> a real `rqworker --burst` process over the test database and Redis."""
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    from securities_crm.core.jobs import QUEUES

    def run(*queues):
        env = {**os.environ, "DATABASE_URL": _test_database_url(), "REDIS_URL": settings.REDIS_URL, "CRM_DEMO": "1"}
        return subprocess.run(
            [sys.executable, "sites/manage.py", "rqworker", "--burst", *(queues or QUEUES)],
            cwd=Path(__file__).resolve().parents[1],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _resident_id(seq: int) -> str:
    """A valid resident ID (GB 11643-1999) per sequence number, for test clients."""
    import datetime as dt

    body = f"110105{dt.date(1980, 1, 1) + dt.timedelta(days=seq):%Y%m%d}{seq % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS)) % 11]


@pytest.fixture
def trading_world(make_user, branch):
    """Two clients with accounts A0001, A0002 (client 1, cm's) and B0001 (client 2, other_cm's); two instruments."""
    from securities_crm.doctype.client.model import Client
    from securities_crm.doctype.instrument.model import Instrument
    from securities_crm.doctype.securities_account.model import SecuritiesAccount

    cm = make_user("cm_trading", roles=["Client Manager"], branch=branch)
    other_cm = make_user("cm_other", roles=["Client Manager"], branch=branch)
    clients = []
    for seq, manager in ((1, cm), (2, other_cm)):
        c = Client(
            client_name=f"客户{seq}",
            id_number=_resident_id(seq),
            mobile=f"1381234{seq:04d}",
            branch=branch,
            client_manager=manager,
            status="Active",
        )
        c.save()
        clients.append(c)
    for number, client in (("A0001", clients[0]), ("A0002", clients[0]), ("B0001", clients[1])):
        SecuritiesAccount(account_number=number, client=client).save()
    for code, market, name in (("600519.SH", "SH", "贵州茅台"), ("000001.SZ", "SZ", "平安银行")):
        Instrument(code=code, market=market, instrument_name=name).save()
    return {"cm": cm, "other_cm": other_cm, "clients": clients}
