"""Auth: API keys (token and Basic), session login and logout (also by cmd=), CSRF, generate_keys."""

import base64
import io

import pytest
from django.core.management import call_command
from django.test import Client

from .conftest import messages

pytestmark = pytest.mark.django_db
BRANCH = "/api/resource/Branch"


def test_token_and_basic_auth(admin_user, api_key_for):
    token = api_key_for(admin_user)
    c = Client()
    assert c.get(BRANCH, headers={"Authorization": f"token {token}"}).status_code == 200
    basic = base64.b64encode(token.encode()).decode()
    assert c.get(BRANCH, headers={"Authorization": f"Basic {basic}"}).status_code == 200


@pytest.mark.parametrize("header", ["token nope:nope", "token onlykey", "Bearer x", "Basic !!!"])
def test_bad_credentials_are_401(db, header):
    r = Client().get(BRANCH, headers={"Authorization": header})
    assert r.status_code == 401 and r.json()["exc_type"] == "AuthenticationError"


def test_wrong_secret_and_revoked_key_are_401(admin_user, api_key_for):
    from securities_crm.doctype.api_key.model import ApiKey

    token = api_key_for(admin_user)
    key, _secret = token.split(":")
    assert Client().get(BRANCH, headers={"Authorization": f"token {key}:wrong"}).status_code == 401
    ApiKey.objects.get(api_key=key).revoke()
    assert Client().get(BRANCH, headers={"Authorization": f"token {token}"}).status_code == 401


def test_only_a_hash_of_the_secret_is_stored(admin_user, api_key_for):
    from securities_crm.doctype.api_key.model import ApiKey

    token = api_key_for(admin_user)
    key, secret = token.split(":")
    stored = ApiKey.objects.get(api_key=key)
    assert secret not in stored.secret_hash and len(stored.secret_hash) == 64


def test_api_key_resource_never_serves_the_hash(api, admin_user):
    r = api.get("/api/resource/API Key", {"fields": '["*"]'})
    assert r.status_code == 200 and r.json()["data"]
    assert all("secret_hash" not in row for row in r.json()["data"])


def test_login_sets_a_session_that_needs_no_csrf_token(admin_user):
    c = Client(enforce_csrf_checks=True)
    r = c.post("/api/method/login", {"usr": admin_user.username, "pwd": "pw-" + admin_user.username})
    assert r.status_code == 200, r.content
    assert r.json() == {"message": "Logged In", "home_page": "/app", "full_name": admin_user.username}
    assert c.get(BRANCH).status_code == 200
    r = c.post(BRANCH, {"branch_code": "Z1", "branch_name": "z", "city": "z"}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert c.get("/api/method/frappe.auth.get_logged_user").json() == {"message": admin_user.username}
    c.post("/api/method/logout")
    assert c.get(BRANCH).status_code == 401


def test_legacy_cmd_login_and_logout(admin_user):
    c = Client(enforce_csrf_checks=True)
    r = c.post("/", {"cmd": "login", "usr": admin_user.username, "pwd": "pw-" + admin_user.username})
    assert r.json()["message"] == "Logged In"
    r = c.get(
        "/", {"cmd": "frappe.client.get_value", "doctype": "Branch", "fieldname": "city", "filters": '{"name": "SH01"}'}
    )
    assert r.json() == {"message": {"city": "上海"}}
    c.get("/", {"cmd": "logout"})
    assert c.get(BRANCH).status_code == 401
    assert Client().get("/").status_code == 302  # without cmd, / is the desk


def test_bad_login_is_401(admin_user):
    r = Client().post(
        "/api/method/login", {"usr": admin_user.username, "pwd": "wrong"}, headers={"Accept-Language": "en"}
    )
    assert r.status_code == 401 and r.json()["exc_type"] == "AuthenticationError"
    assert "Invalid login" in messages(r)[0]


def test_desk_session_must_send_its_csrf_token_on_writes(admin_user):
    c = Client(enforce_csrf_checks=True)
    c.force_login(admin_user)  # a desk login: the session is not an API session
    c.get("/app/")  # the desk sets the CSRF cookie, as a browser would get it
    token = c.cookies["csrftoken"].value
    assert c.get(BRANCH).status_code == 200  # reads need no token
    data = {"branch_code": "Z2", "branch_name": "z", "city": "z"}
    r = c.post(BRANCH, data, content_type="application/json")
    assert r.status_code == 400 and r.json()["exc_type"] == "CSRFTokenError"
    r = c.post(BRANCH, data, content_type="application/json", headers={"X-Frappe-CSRF-Token": token})
    assert r.status_code == 200, r.content


def test_generate_keys_prints_a_working_key(admin_user):
    out = io.StringIO()
    call_command("generate_keys", admin_user.username, stdout=out)
    token = out.getvalue().strip()
    assert token.count(":") == 1
    assert Client().get(BRANCH, headers={"Authorization": f"token {token}"}).status_code == 200


def test_desk_generates_a_key_shows_the_secret_once_and_revokes(admin_user):
    import re

    from securities_crm.doctype.api_key.model import ApiKey

    c = Client()
    c.force_login(admin_user)
    r = c.post("/app/securities_crm/apikey/add/", {"user": admin_user.pk, "description": "ERP"}, follow=True)
    assert r.status_code == 200
    text = r.content.decode()
    token = re.search(r"token ([0-9a-f]{16}):([0-9a-f]{32})", text)
    assert token, "the secret is shown once after generating"
    key = ApiKey.objects.get(api_key=token.group(1))
    assert key.description == "ERP" and key.check_secret(token.group(2))
    auth = {"Authorization": f"token {token.group(1)}:{token.group(2)}"}
    assert Client().get(BRANCH, headers=auth).status_code == 200
    r = c.post("/app/securities_crm/apikey/", {"action": "revoke_keys", "_selected_action": [key.pk]}, follow=True)
    assert r.status_code == 200
    assert Client().get(BRANCH, headers=auth).status_code == 401


def test_desk_sidebar_links_the_api_docs(admin_user):
    c = Client()
    c.force_login(admin_user)
    assert "/api/docs" in c.get("/app/").content.decode()


def test_cached_key_sees_role_changes_at_once(make_user, branch, api_key_for):
    """Token requests answer from a Redis cache of the key's user and rights; a role change
    must still apply to the very next request."""
    user = make_user("cached", roles=["Service Agent"], branch=branch)
    auth = {"Authorization": f"token {api_key_for(user)}"}
    assert Client().get("/api/resource/Client", headers=auth).status_code == 200  # fills the cache
    assert Client().get("/api/resource/Client", headers=auth).status_code == 200  # served from it
    user.staff_profile.roles.set([])
    assert Client().get("/api/resource/Client", headers=auth).status_code == 403
    user.is_active = False
    user.save()
    assert Client().get("/api/resource/Client", headers=auth).status_code == 401


def test_login_with_non_text_credentials_is_refused_not_crashed(db):
    r = Client().post("/api/method/login", {"usr": True, "pwd": [1]}, content_type="application/json")
    assert r.status_code == 417 and r.json()["exc_type"] == "ValidationError"


# --- the API login shares the desk's and portal's lockout (django-axes) ---------------------------
def _api_login(c, username, password, **headers):
    return c.post("/api/method/login", {"usr": username, "pwd": password}, headers=headers)


def test_api_login_failures_lock_the_login_and_the_lockout_is_audited(admin_user):
    from securities_crm.doctype.audit_log.model import AuditLog

    c = Client()
    for _ in range(4):
        assert _api_login(c, admin_user.username, "wrong").status_code == 401
    assert _api_login(c, admin_user.username, "wrong").status_code == 429  # the fifth locks
    assert AuditLog.objects.filter(action="Login Failed", user=admin_user.username, channel="api").count() >= 5
    r = _api_login(c, admin_user.username, "pw-" + admin_user.username, **{"Accept-Language": "en"})
    assert r.status_code == 429, r.content
    assert r.json()["exc_type"] == "TooManyRequestsError" and r["Retry-After"] == "900"
    assert "Too many failed sign-in attempts" in messages(r)[0]
    assert "_auth_user_id" not in c.session
    assert AuditLog.objects.filter(user=admin_user.username, channel="api", detail__contains="Locked out").exists()
    # The portal's form refuses the same login now too: one count for every way in.
    r = Client().post("/portal/login/", {"username": admin_user.username, "password": "pw-" + admin_user.username})
    assert r.status_code == 429


def test_a_locked_out_api_login_answers_in_the_users_language(admin_user):
    c = Client()
    for _ in range(5):
        _api_login(c, admin_user.username, "wrong")
    r = _api_login(c, admin_user.username, "pw-" + admin_user.username)  # zh-hans, the default
    assert r.status_code == 429 and "登录失败次数过多" in messages(r)[0]


def test_legacy_cmd_login_counts_toward_the_lockout_too(admin_user):
    from securities_crm.doctype.audit_log.model import AuditLog

    c = Client()
    for _ in range(5):
        r = c.post("/", {"cmd": "login", "usr": admin_user.username, "pwd": "wrong"})
        assert r.status_code in (401, 429)
    r = c.post("/", {"cmd": "login", "usr": admin_user.username, "pwd": "pw-" + admin_user.username})
    assert r.status_code == 429 and r.json()["exc_type"] == "TooManyRequestsError" and messages(r)
    assert "_auth_user_id" not in c.session
    assert AuditLog.objects.filter(user=admin_user.username, channel="api", detail__contains="Locked out").exists()


def test_a_good_api_login_after_a_few_failures_works_and_resets_the_count(admin_user):
    from axes.models import AccessAttempt

    c = Client()
    for _ in range(4):
        _api_login(c, admin_user.username, "wrong")
    assert AccessAttempt.objects.get(username=admin_user.username).failures_since_start == 4
    assert _api_login(c, admin_user.username, "pw-" + admin_user.username).status_code == 200
    c.post("/api/method/logout")
    for _ in range(4):  # four more: had the first four still counted, this would be locked out
        _api_login(c, admin_user.username, "wrong")
    assert _api_login(c, admin_user.username, "pw-" + admin_user.username).status_code == 200
