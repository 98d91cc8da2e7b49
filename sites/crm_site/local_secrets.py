"""Secrets for a demo or development site, generated on first use under sites/var/.

Production sets SECRET_KEY and CRM_FIELD_KEYS in the environment; nothing secret is ever
committed. The demo must still start with nothing done by hand, so when the environment
holds no key and the site runs in demo mode, we make one once and keep it beside the
SQLite database (sites/var/ is git-ignored).
"""

import base64
import json
import os
import secrets
from pathlib import Path


def _read_or_create(path: Path, make) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # O_EXCL: when web, worker and cron start together only one of them writes the key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(make())
    return path.read_text().strip()


def demo_secret_key(var_dir: Path) -> str:
    return _read_or_create(var_dir / "secret_key", lambda: secrets.token_urlsafe(50))


def demo_field_keys(var_dir: Path) -> str:
    """A key ring for field encryption: {"active": id, "keys": {id: base64 key}, "index_key": ...}."""

    def make():
        return json.dumps(
            {
                "active": "k1",
                "keys": {"k1": base64.b64encode(secrets.token_bytes(32)).decode()},
                "index_key": base64.b64encode(secrets.token_bytes(32)).decode(),
            }
        )

    return _read_or_create(var_dir / "field_keys.json", make)
