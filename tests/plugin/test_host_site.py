"""The app as a plug-in: a Django site of its own adds it with one call in its settings
(securities_crm.site.configure) and one include() of its URLs, as README.md says.

Each test builds such a host site in a temporary directory and runs it in its own processes,
as its operator would: `django-admin migrate`, a System Manager with an API key, `runserver`,
then HTTP from outside. Nothing of our own site (sites/crm_site) is on its path or in its
environment. The database is the host's own SQLite file; Redis is the test run's, under the
host's own key prefix, so the suite's rate limits and key cache never see the host's requests.
"""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

HOST_SETTINGS = """\
from pathlib import Path

HERE = Path(__file__).resolve().parent
SECRET_KEY = "a-host-site-secret-key-for-this-test-only-0123456789"
ALLOWED_HOSTS = ["127.0.0.1"]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": HERE / "host.sqlite3"}}}}
CRM_FIELD_KEYS = (HERE / "field_keys.json").read_text()
REDIS_URL = {redis_url!r}
CRM_CACHE_PREFIX = "host-site"
ROOT_URLCONF = "host_site.urls"

from securities_crm import site  # noqa: E402

site.configure(globals())
"""

HOST_URLS = """\
from django.urls import include, path

from securities_crm.urls import handler400, handler403, handler404, handler500  # noqa: F401

urlpatterns = [path("", include("securities_crm.urls"))]
"""

MAKE_MANAGER = """\
from django.contrib.auth.models import Group, User
from securities_crm.doctype.staff_profile.model import StaffProfile
user = User.objects.create_user("host_admin", password="host-admin-pw-8", is_staff=True)
profile = StaffProfile(user=user, full_name="Host Admin")
profile.save()
profile.roles.set(Group.objects.filter(name="System Manager"))
"""


@pytest.fixture
def redis_url():
    """The test run's Redis (REDIS_URL's, or the embedded one the session started)."""
    from django.conf import settings

    return settings.REDIS_URL


def _host_site(root: Path, redis_url: str) -> Path:
    from securities_crm.site import new_field_keys

    package = root / "host_site"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(HOST_SETTINGS.format(redis_url=redis_url))
    (package / "urls.py").write_text(HOST_URLS)
    (package / "field_keys.json").write_text(new_field_keys())
    return package


def _env(root: Path) -> dict:
    """The environment of a stranger's site: none of our site's variables, only the host on the path."""
    ours = ("CRM_", "DJANGO_")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(ours) and k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "PYTHONPATH")
    }
    return {**env, "PYTHONPATH": str(root), "DJANGO_SETTINGS_MODULE": "host_site.settings"}


def _django_admin(root: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "django", *args],
        check=False,
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"django-admin {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """urllib with a cookie jar: what a client of the host site sends, over real HTTP."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.headers, response.read().decode(), response.url
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read().decode(), exc.url


def _wait_until_serving(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, f"runserver did not start:\n{log.read_text()}"
            time.sleep(0.2)


def test_a_host_site_serves_the_api_and_the_desk_with_one_configure_call_and_one_include(tmp_path, redis_url):
    _host_site(tmp_path, redis_url)
    _django_admin(tmp_path, "migrate", "--noinput", "-v", "0")
    _django_admin(tmp_path, "shell", "-c", MAKE_MANAGER)
    token = _django_admin(tmp_path, "generate_keys", "host_admin").strip().splitlines()[-1]
    assert re.fullmatch(r"\w+:\w+", token), token

    port = _free_port()
    log = tmp_path / "runserver.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env=_env(tmp_path),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        _wait_until_serving(port, server, log)
        auth = {"Authorization": f"token {token}"}

        # The REST API, with the key: write a branch and list it back.
        status, headers, body, _ = browser.request(
            "/api/resource/Branch",
            {"data": json.dumps({"branch_code": "HS01", "branch_name": "Host", "city": "上海"})},
            headers=auth,
        )
        assert status == 200, body
        status, headers, body, _ = browser.request("/api/resource/Branch?fields=%5B%22branch_code%22%5D", headers=auth)
        assert status == 200 and headers["Content-Type"].startswith("application/json"), body
        assert json.loads(body) == {"data": [{"branch_code": "HS01"}]}
        # ... the same under /api/v1/ and by the legacy `cmd=` form on `/`; without a key, a JSON 401.
        status, _, body, _ = browser.request("/api/v1/resource/Branch", headers=auth)
        assert status == 200 and json.loads(body)["data"], body
        status, _, body, _ = browser.request("/?cmd=frappe.auth.get_logged_user", headers=auth)
        assert status == 200 and json.loads(body) == {"message": "host_admin"}, body
        status, _, body, _ = browser.request("/api/resource/Branch")
        assert status == 401 and "exc_type" in json.loads(body), body

        status, headers, body, _ = browser.request("/api/openapi.json")
        assert status == 200 and headers["Content-Type"].startswith("application/json"), body[:300]
        assert "/api/resource/Branch" in json.loads(body)["paths"]

        # The desk: its sign-in page, then, signed in through it, its index.
        status, _, body, _ = browser.request("/app/login/")
        assert status == 200, body[:500]
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        status, _, body, url = browser.request(
            "/app/login/?next=/app/",
            {"csrfmiddlewaretoken": csrf, "username": "host_admin", "password": "host-admin-pw-8", "next": "/app/"},
        )
        assert status == 200 and url.endswith("/app/"), (status, url, body[:500])
        assert 'data-testid="dashboard"' in body and "data-role-label" in body, body[:1000]
        assert "系统管理员" in body  # the System Manager role, in the app's default language

        # The portal's sign-in page, and an unknown page: the app's own 404 page, not Django's.
        assert browser.request("/portal/login/")[0] == 200
        status, _, body, _ = browser.request("/no-such-page/")
        assert status == 404 and 'data-testid="error-page"' in body, body[:500]
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in log.read_text(), log.read_text()
