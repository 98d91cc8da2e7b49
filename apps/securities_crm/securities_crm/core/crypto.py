"""AES-GCM sealing of field values, and the keyed blind index (HMAC-SHA256) for exact search.

A sealed value is "<key id>$<base64(nonce | ciphertext | tag)>". The associated data binds it
to its field ("id_number"), so a ciphertext copied into another field does not decrypt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from . import keys

NONCE_BYTES = 12
_ciphers: dict[tuple[str, bytes], AESGCM] = {}


class DecryptionError(ValueError):
    """A stored value could not be opened: unknown key id, or tampered data."""


def _cipher(kid: str, key: bytes) -> AESGCM:
    cipher = _ciphers.get((kid, key))
    if cipher is None:
        cipher = _ciphers[(kid, key)] = AESGCM(key)
    return cipher


def encrypt(plaintext: str, purpose: str) -> str:
    ring = keys.get_ring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(ring.active, ring.keys[ring.active]).encrypt(nonce, plaintext.encode(), purpose.encode())
    return f"{ring.active}${base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str, purpose: str) -> str:
    kid, _, body = token.partition("$")
    ring = keys.get_ring()
    if kid not in ring.keys:
        ring = keys.reload()  # rotated by another process since we loaded the ring
        if kid not in ring.keys:
            raise DecryptionError(f"unknown key id {kid!r}")
    raw = base64.b64decode(body)
    try:
        return _cipher(kid, ring.keys[kid]).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode()).decode()
    except InvalidTag as exc:
        raise DecryptionError("the stored value fails its integrity check") from exc


def blind_index(purpose: str, normalized: str) -> str:
    """HMAC-SHA256 of the normalised value, keyed and namespaced by purpose; 64 hex characters."""
    mac = hmac.new(keys.get_ring().index_key, f"{purpose}\x00{normalized}".encode(), hashlib.sha256)
    return mac.hexdigest()
