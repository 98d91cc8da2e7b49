"""What an API key stands for, cached in Redis so a token request costs no auth queries.

An entry holds the key's secret hash, its user's fields, permissions, roles and branch: all
that permissions.policy asks about the caller. Entries carry the "auth version"; any change to
users, roles, rights, staff profiles or API keys bumps it (signals below), so every entry goes
stale at once and revocation is immediate. Changes that bypass signals (queryset.update) are
caught by the entry's time-to-live, AUTH_TTL.
"""

from __future__ import annotations

import json
import logging

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction

from ..permissions.policy import user_branch_id
from ..permissions.roles import user_roles

log = logging.getLogger("securities_crm.api")
AUTH_TTL = 300
VERSION_KEY = "api-auth-version"
USER_FIELDS = ("id", "username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser")


_client = {}


def redis():
    """The Redis client behind Django's cache (one per process; its pool is thread-safe)."""
    import os

    pid = os.getpid()
    if pid not in _client:
        _client.clear()
        _client[pid] = cache._cache.get_client(write=True)
    return _client[pid]


def entry_key(api_key: str) -> str:
    return cache.make_key(f"api-auth:{api_key}")


def version_key() -> str:
    return cache.make_key(VERSION_KEY)


def build(api_key) -> dict:
    """The entry for an ApiKey row (its user loaded), read from the database."""
    from django.contrib.auth.backends import ModelBackend

    user = api_key.user
    return {
        "secret_hash": api_key.secret_hash,
        "user": {f: getattr(user, f) for f in USER_FIELDS},
        "perms": sorted(ModelBackend().get_all_permissions(user)) if user.is_active else [],
        "roles": sorted(user_roles(user)),
        "branch": user_branch_id(user),
    }


def store(api_key: str, entry: dict, version) -> None:
    try:
        redis().set(entry_key(api_key), json.dumps({**entry, "v": version}), ex=AUTH_TTL)
    except Exception:  # noqa: BLE001  (no cache: the next request reads the database again)
        log.warning("auth cache not written", exc_info=True)


def user_from(entry: dict):
    """A User object that answers has_perm, roles and branch from the entry, without queries."""
    user = get_user_model()(**entry["user"])
    user._state.adding = False
    user._state.db = "default"
    user._perm_cache = set(entry["perms"])
    user._crm_roles = set(entry["roles"])
    user._crm_branch = entry["branch"]
    return user


def bump(*args, **kwargs) -> None:
    """Make every entry stale: now, and again when the transaction commits, so an entry rebuilt
    from the database in between (still seeing the old rows) is not taken as current."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        redis().incr(version_key())
    except Exception:  # noqa: BLE001  (entries still expire after AUTH_TTL)
        log.warning("auth cache version not bumped", exc_info=True)
