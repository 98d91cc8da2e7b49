"""DEBUG is off unless asked for (DJANGO_DEBUG=1), the demo (CRM_DEMO=1, served by gunicorn) included:
a debug page shows settings, source and every URL to whoever reaches the port. `manage.py runserver`,
the developer's own server, turns it on for itself."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_a_fresh_process(**env) -> str:
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    code = "from django.conf import settings; print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT / "sites",
        capture_output=True,
        text=True,
        env={**base, "DJANGO_SETTINGS_MODULE": "crm_site.settings", **env},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_demo_runs_without_debug_unless_asked():
    assert _settings_in_a_fresh_process(CRM_DEMO="1") == "False False"
    assert _settings_in_a_fresh_process(CRM_DEMO="1", DJANGO_DEBUG="1") == "True True"


def test_runserver_turns_debug_on_for_itself(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    env.update(CRM_DEMO="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    server = subprocess.Popen(
        [sys.executable, "sites/manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page/", timeout=5)
            except urllib.error.HTTPError as exc:
                status, body = exc.code, exc.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "runserver did not start"
                time.sleep(0.3)
        assert status == 404 and "Using the URLconf" in body  # Django's debug 404: DEBUG is on
    finally:
        server.terminate()
        server.wait(timeout=30)
