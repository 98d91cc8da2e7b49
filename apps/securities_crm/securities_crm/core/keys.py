"""The field-encryption key ring.

The ring is JSON: {"active": "k2", "keys": {"k1": "<base64 32 bytes>", "k2": ...}, "index_key": "<base64>"}.
Every ciphertext names the key id it was sealed with, so old keys stay readable after a
rotation: `manage.py rotate_keys` adds a key, makes it active and re-encrypts in the background.

Where the ring comes from:
- production: the CRM_FIELD_KEYS environment variable (settings.CRM_FIELD_KEYS). rotate_keys
  then writes the new ring to --output, to be deployed as the new CRM_FIELD_KEYS.
- demo and tests: the file sites/var/field_keys.json (settings.CRM_FIELD_KEYS_FILE overrides the
  path). rotate_keys rewrites it in place, and other processes re-read it when they meet a
  key id they do not know, so their reads keep working during a rotation.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver


@dataclass(frozen=True)
class KeyRing:
    active: str
    keys: dict[str, bytes]
    index_key: bytes

    @classmethod
    def from_json(cls, text: str) -> KeyRing:
        try:
            raw = json.loads(text)
            keys = {kid: base64.b64decode(k) for kid, k in raw["keys"].items()}
            ring = cls(active=raw["active"], keys=keys, index_key=base64.b64decode(raw["index_key"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise ImproperlyConfigured(f"CRM_FIELD_KEYS is not a valid key ring: {exc}") from exc
        if ring.active not in ring.keys:
            raise ImproperlyConfigured("CRM_FIELD_KEYS: the active key id is not in the ring.")
        if any(len(k) != 32 for k in keys.values()) or len(ring.index_key) < 32:
            raise ImproperlyConfigured("CRM_FIELD_KEYS: keys must be 32 bytes (AES-256).")
        return ring

    def to_json(self) -> str:
        return json.dumps(
            {
                "active": self.active,
                "keys": {kid: base64.b64encode(k).decode() for kid, k in self.keys.items()},
                "index_key": base64.b64encode(self.index_key).decode(),
            }
        )

    def newest(self) -> str:
        return max(self.keys, key=lambda k: (len(k), k))

    def with_new_key(self, activate: bool = True) -> KeyRing:
        """A copy with a fresh key, made active unless staged. The index key stays, so searches keep matching."""
        numbers = [int(k[1:]) for k in self.keys if k[:1] == "k" and k[1:].isdigit()]
        kid = f"k{max(numbers, default=0) + 1}"
        return KeyRing(
            active=kid if activate else self.active, keys={**self.keys, kid: os.urandom(32)}, index_key=self.index_key
        )

    def activated(self, kid: str) -> KeyRing:
        return KeyRing(active=kid, keys=self.keys, index_key=self.index_key)


_lock = threading.Lock()
_ring: KeyRing | None = None


def ring_file() -> Path | None:
    """The file the ring lives in, when it is file-based (demo, tests); None when it comes from the env."""
    explicit = getattr(settings, "CRM_FIELD_KEYS_FILE", None)
    if explicit:
        return Path(explicit)
    if getattr(settings, "DEMO", False) and not os.environ.get("CRM_FIELD_KEYS"):
        return Path(settings.VAR_DIR) / "field_keys.json"
    return None


def _load() -> KeyRing:
    path = ring_file()
    if path is not None and path.exists():
        return KeyRing.from_json(path.read_text())
    return KeyRing.from_json(settings.CRM_FIELD_KEYS)


def get_ring() -> KeyRing:
    global _ring
    if _ring is None:
        with _lock:
            if _ring is None:
                _ring = _load()
    return _ring


def reload() -> KeyRing:
    """Read the ring again (another process may have rotated it)."""
    global _ring
    with _lock:
        _ring = _load()
    return _ring


def install(ring: KeyRing, write: bool = True) -> None:
    """Make `ring` this process's ring and, for a file-based ring, write it (atomically, mode 600)."""
    global _ring
    path = ring_file()
    if write and path is not None:
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(ring.to_json())
        os.replace(tmp, path)
    with _lock:
        _ring = ring


@receiver(setting_changed)
def _settings_changed(setting, **kwargs):
    global _ring
    if setting in ("CRM_FIELD_KEYS", "CRM_FIELD_KEYS_FILE", "DEMO", "VAR_DIR"):
        _ring = None
