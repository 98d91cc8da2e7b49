"""The real frappe-js-sdk (npm), run with Node against a live server started by the test."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CLIENTS = Path(__file__).resolve().parents[1] / "clients"


@pytest.fixture(scope="session")
def js_sdk():
    """Install the pinned frappe-js-sdk from package-lock.json once (npm ci), if not installed yet."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("node and npm are needed for the frappe-js-sdk tests")
    if not (CLIENTS / "node_modules" / "frappe-js-sdk").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=CLIENTS, check=True, capture_output=True)
    return CLIENTS / "sdk_check.js"


@pytest.mark.django_db(transaction=True)
def test_frappe_js_sdk_against_a_live_server(js_sdk, live_server, make_user, branch, api_key_for):
    user = make_user("js_admin", roles=["System Manager"], branch=branch)
    token = api_key_for(user)
    proc = subprocess.run(
        ["node", str(js_sdk), live_server.url, token, user.username, "pw-js_admin"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)

    assert out["login"]["message"] == "Logged In" and out["login"]["home_page"] == "/app"
    assert out["badLogin"]["httpStatus"] == 401
    assert out["badLogin"]["exception"].startswith("frappe.exceptions.AuthenticationError")
    assert out["created"]["name"] == "JS01" and out["created"]["owner"] == "js_admin"
    assert out["list"] == [{"name": "JS02", "city": "Wuhan"}, {"name": "JS01", "city": "Wuhan"}]
    assert out["orList"] == [{"name": "JS01"}, {"name": "JS03"}]
    assert out["doc"]["branch_name"] == "JS branch" and out["doc"]["docstatus"] == 0
    assert out["updated"]["city"] == "Chengdu"
    assert out["count"] == 1  # JS02 is the only branch left in Wuhan
    assert out["value"] == {"message": {"city": "Chengdu"}}
    assert out["setValue"]["message"]["branch_name"] == "renamed"
    assert out["deleted"] == {"data": "ok"}
    assert out["callGet"] == {"message": 3}  # SH01, JS01, JS02
    assert out["callPost"]["message"]["city"] == "Hefei"
    assert out["missing"]["httpStatus"] == 404
