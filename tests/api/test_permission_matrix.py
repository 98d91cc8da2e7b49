"""Every role × every DocType × every verb, generated from the registry and fixtures/roles.json.

For each DocType a sample record is made, then each role calls each route on it. The role's
right must come from roles.json, and the answer must be what permissions.policy decides: a
record outside the caller's scope is 404 (never shown, never counted), a missing right 403.
"""

import json

import pytest
from django.db import transaction

from securities_crm.core import registry
from securities_crm.permissions import policy, rights
from securities_crm.permissions.roles import ALL, CLIENT

from .factory import sample

pytestmark = pytest.mark.django_db
LETTERS = {"read": "r", "write": "w", "create": "c", "delete": "d"}


def granted(role: str, doctype: str, action: str) -> bool:
    table = rights.load_fixture().get(role, {})
    return LETTERS[action] in table.get(doctype, table.get("*", ""))


def doctypes():
    return [s.name for s in registry.all_doctypes()]


@pytest.fixture
def role_users(make_user, branch):
    users = {}
    for role in ALL:
        users[role] = make_user(
            f"m_{role.lower().replace(' ', '_')}", roles=[role], branch=branch, staff=role != CLIENT
        )
    return users


def _undo(fn):
    """Run a request and roll back whatever it wrote, so each role meets the same record."""
    with transaction.atomic():
        response = fn()
        transaction.set_rollback(True)
    return response


def test_role_matrix(role_users, branch, api_as):
    """One pass over every DocType (users and keys made once); every failure is reported."""
    api_for = {role: api_as(user) for role, user in role_users.items()}
    failures = []
    for doctype in doctypes():
        try:
            with transaction.atomic():
                check_doctype(doctype, role_users, branch, api_for)
                transaction.set_rollback(True)
        except AssertionError as exc:
            failures.append(f"{doctype}: {exc}")
    assert not failures, "\n".join(failures)


def check_doctype(doctype, role_users, branch, api_for):
    spec = registry.get(doctype)
    owner = role_users["Client Manager"]  # links to users point here, so "manager" scopes match
    record = sample(spec.model, branch, owner)
    url = f"/api/resource/{doctype}"
    item = f"{url}/{record.pk}"
    for role, user in role_users.items():
        api = api_for[role]
        may_read = granted(role, doctype, "read")
        assert policy.has_right(user, "read", spec.model) == may_read, (role, "right differs from roles.json")
        sees = may_read and policy.can(user, "read", record)
        where = f"{role} on {doctype}"

        # list and count
        r = api.get(url, {"filters": json.dumps({"name": record.pk})})
        assert r.status_code == (200 if may_read else 403), where
        if may_read:
            assert r.json()["data"] == ([{"name": record.pk}] if sees else []), where
        r = api.get(
            "/api/method/frappe.client.get_count", {"doctype": doctype, "filters": json.dumps({"name": record.pk})}
        )
        assert r.status_code == (200 if may_read else 403), where
        if may_read:
            assert r.json()["message"] == (1 if sees else 0), where
        r = api.get("/api/method/frappe.client.get_value", {"doctype": doctype, "filters": record.pk})
        assert r.status_code == (200 if may_read else 403), where
        if may_read:
            assert r.json()["message"] == ({"name": record.pk} if sees else {}), where

        # read
        r = api.get(item)
        assert r.status_code == (200 if sees else 404 if may_read else 403), where

        # update (an empty change: the answer is about permission, not data)
        r = _undo(lambda: api.put(item, {}))
        if spec.immutable or spec.system_only or not may_read:  # system-only: no generic write, for anyone
            expected = {403}
        elif not sees:
            expected = {404}
        elif granted(role, doctype, "write") and policy.can(user, "write", record):
            expected = {200, 417}
        else:
            expected = {403}
        assert r.status_code in expected, (where, "update", r.status_code, r.content[:300])

        # delete
        r = _undo(lambda: api.delete(item))
        if spec.immutable or spec.system_only or not may_read:
            expected = {403}
        elif not sees:
            expected = {404}
        elif granted(role, doctype, "delete") and policy.can(user, "delete", record):
            expected = {202, 417}
        else:
            expected = {403}
        assert r.status_code in expected, (where, "delete", r.status_code, r.content[:300])

        # insert (an empty document: refused outright without the right)
        r = _undo(lambda: api.post(url, {}))
        if granted(role, doctype, "create") and not spec.system_only:
            assert r.status_code not in (401, 403, 404, 500), (where, "insert", r.content[:300])
        else:
            assert r.status_code == 403, (where, "insert", r.content[:300])
