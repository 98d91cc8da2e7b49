"""securities_crm.site.configure(): it fills in what the app needs and never overrides what the host set.

The first test starts a site with `django-admin startproject`, adds README.md's two snippets as they
are written, and asks that site itself (in its own process) what it ended up with; the others call
configure() on a plain dict."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from securities_crm import site

from .test_host_site import _env

README = Path(__file__).resolve().parents[2] / "README.md"
REPORT = """
import json
import django
django.setup()
from django.conf import settings as s
names = ["INSTALLED_APPS", "MIDDLEWARE", "AUTHENTICATION_BACKENDS", "TEMPLATES", "LANGUAGE_CODE", "TIME_ZONE",
         "DEBUG", "AUTH_PASSWORD_VALIDATORS", "CSRF_HEADER_NAME", "CACHES", "RQ_QUEUES", "LANGUAGES"]
print(json.dumps({n: getattr(s, n) for n in names}))
"""


def _readme_snippets() -> tuple[str, str]:
    """The settings and urls.py snippets of README.md's "Adding the app to your own Django site"."""
    section = README.read_text().split("## Adding the app to your own Django site", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 2, blocks
    return tuple(re.sub(r"^   ", "", block, flags=re.MULTILINE) for block in blocks)


def test_a_startproject_site_with_the_readmes_snippets_keeps_its_own_settings_and_gains_the_apps(tmp_path):
    settings_snippet, urls_snippet = _readme_snippets()
    from django.conf import settings

    subprocess.run([sys.executable, "-m", "django", "startproject", "host_site", str(tmp_path)], check=True)
    settings_py = tmp_path / "host_site" / "settings.py"
    assert '"redis://127.0.0.1:6379/0"' in settings_snippet
    settings_snippet = settings_snippet.replace('"redis://127.0.0.1:6379/0"', repr(settings.REDIS_URL))  # the run's
    settings_py.write_text(settings_py.read_text() + "\n" + settings_snippet)
    urls_py = tmp_path / "host_site" / "urls.py"
    assert "path('admin/', admin.site.urls)," in urls_py.read_text()  # what the README says to drop
    urls_py.write_text(urls_snippet)

    env = {**_env(tmp_path), "CRM_FIELD_KEYS": site.new_field_keys()}
    check = subprocess.run(
        [sys.executable, "-m", "django", "check", "--fail-level", "WARNING"],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    report = subprocess.run(
        [sys.executable, "-c", REPORT], check=False, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert report.returncode == 0, report.stderr
    got = json.loads(report.stdout)

    # The host's own choices stay.
    assert (got["LANGUAGE_CODE"], got["TIME_ZONE"], got["DEBUG"]) == ("en-us", "UTC", True)
    assert len(got["AUTH_PASSWORD_VALIDATORS"]) == 4  # startproject's four, not the app's three
    # Its lists got ours in the order the app needs: startproject's entries are all among them.
    assert got["INSTALLED_APPS"] == site.INSTALLED_APPS
    assert got["MIDDLEWARE"] == site.MIDDLEWARE
    assert got["AUTHENTICATION_BACKENDS"] == site.AUTHENTICATION_BACKENDS
    assert got["TEMPLATES"][0]["OPTIONS"]["context_processors"] == site.CONTEXT_PROCESSORS  # i18n added
    # What it never set comes from the app.
    assert got["CSRF_HEADER_NAME"] == "HTTP_X_FRAPPE_CSRF_TOKEN"
    assert got["LANGUAGES"] == [["zh-hans", "简体中文"], ["en", "English"]]
    assert got["CACHES"]["default"]["LOCATION"] == settings.REDIS_URL
    assert sorted(got["RQ_QUEUES"]) == ["default", "long", "short"]


def _host(**settings):
    return {"CRM_FIELD_KEYS": site.new_field_keys(), "REDIS_URL": "redis://127.0.0.1:6379/13", **settings}


def test_the_hosts_own_apps_and_middleware_keep_their_places_and_ours_go_around_them():
    host = _host(
        INSTALLED_APPS=["django.contrib.admin", "django.contrib.auth", "blog", "rules"],
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "shop.middleware.Basket",
            "django.contrib.sessions.middleware.SessionMiddleware",
        ],
        AUTHENTICATION_BACKENDS=["ldap.Backend", "django.contrib.auth.backends.ModelBackend"],
    )
    site.configure(host)
    apps = host["INSTALLED_APPS"]
    assert apps[:7] == site.INSTALLED_APPS[:7]  # the app, unfold and its parts, then the admin
    assert apps.index("django.contrib.auth") < apps.index("django.contrib.contenttypes") < apps.index("blog")
    assert "rules" in apps and "rules.apps.AutodiscoverRulesConfig" not in apps  # one app, as the host named it
    middleware = host["MIDDLEWARE"]
    assert middleware[:3] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "shop.middleware.Basket",
    ]
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert host["AUTHENTICATION_BACKENDS"] == [
        site.LOCKOUT_BACKEND,
        "rules.permissions.ObjectPermissionBackend",
        "ldap.Backend",
        "django.contrib.auth.backends.ModelBackend",
    ]


def test_values_the_host_set_are_never_replaced_and_its_dicts_only_gain_what_they_lack():
    own_queue = {"URL": "redis://elsewhere:6379/0", "DEFAULT_TIMEOUT": 60}
    host = _host(
        LANGUAGE_CODE="en",
        AXES_FAILURE_LIMIT=3,
        CRM_API_RATE_LIMIT=0,
        STORAGES={"x": 1},
        RQ_QUEUES={"long": own_queue, "reports": own_queue},
        UNFOLD={"SITE_TITLE": "Our broker"},
        FORMAT_MODULE_PATH="host.formats",
    )
    site.configure(host)
    assert (host["LANGUAGE_CODE"], host["AXES_FAILURE_LIMIT"], host["CRM_API_RATE_LIMIT"]) == ("en", 3, 0)
    assert host["STORAGES"] == {"x": 1}
    assert host["RQ_QUEUES"]["long"] is own_queue and host["RQ_QUEUES"]["reports"] is own_queue
    assert host["RQ_QUEUES"]["short"] == {"URL": "redis://127.0.0.1:6379/13", "DEFAULT_TIMEOUT": 300}
    assert host["UNFOLD"]["SITE_TITLE"] == "Our broker" and "SIDEBAR" in host["UNFOLD"]
    assert host["FORMAT_MODULE_PATH"] == ["host.formats", "securities_crm.formats"]
    assert host["CACHES"]["default"]["KEY_PREFIX"] == "crm"


def test_two_hosts_never_share_the_apps_lists():
    first, second = _host(), _host()
    site.configure(first)
    site.configure(second)
    first["INSTALLED_APPS"].append("blog")
    first["LANGUAGES"].append(("fr", "Français"))
    assert "blog" not in second["INSTALLED_APPS"] and "blog" not in site.INSTALLED_APPS
    assert len(second["LANGUAGES"]) == 2


@pytest.mark.parametrize(
    "host, message",
    [
        ({"REDIS_URL": "redis://127.0.0.1:6379/13"}, "CRM_FIELD_KEYS"),
        ({"CRM_FIELD_KEYS": "{}"}, "REDIS_URL"),
        (_host(INSTALLED_APPS=["django.contrib.admin", "unfold"]), "'unfold' before 'django.contrib.admin'"),
        (_host(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}), "RedisCache"),
    ],
)
def test_what_the_app_cannot_run_without_is_named_when_missing(host, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        site.configure(host)
