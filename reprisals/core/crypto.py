"""Field encryption with AES-256-GCM and keyed hashes for exact lookup.

Ciphertexts are text tokens ``v1.<key id>.<base64(nonce || ciphertext+tag)>``. The key id is the first
8 hex digits of a SHA-256 of the key, so that ``reprisals rotate-key`` can tell which values still use
an old key. Keys come from ``REPRISALS_DATA_KEY`` (urlsafe base64 of 32 bytes), kept apart from the
database and from ``SECRET_KEY``. Blind indexes (``blind_index``) are HMAC-SHA256 under a key derived
from the data key, so equal plaintexts can be found without decrypting. The audit log is sealed with
HMAC-SHA256 under another key derived from the data key (``audit_key``), with its own label.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1"
AUDIT_LABEL = b"audit-chain"


class DecryptionError(Exception):
    """A stored value cannot be decrypted with any configured key."""


@dataclass(frozen=True)
class DataKey:
    key_id: str
    secret: bytes


def parse_key(encoded: str) -> DataKey:
    try:
        secret = base64.urlsafe_b64decode(encoded.strip().encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError) as exc:
        raise ImproperlyConfigured("REPRISALS_DATA_KEY must be urlsafe base64") from exc
    if len(secret) != 32:
        raise ImproperlyConfigured("REPRISALS_DATA_KEY must decode to 32 bytes")
    return DataKey(key_id=hashlib.sha256(secret).hexdigest()[:8], secret=secret)


def generate_key() -> str:
    """A new data key, printable and suitable for ``REPRISALS_DATA_KEY``."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


@lru_cache(maxsize=8)
def _keys(current: str, old: tuple[str, ...]) -> tuple[DataKey, dict[str, DataKey]]:
    primary = parse_key(current)
    by_id = {primary.key_id: primary}
    for encoded in old:
        key = parse_key(encoded)
        by_id.setdefault(key.key_id, key)
    return primary, by_id


def keyring() -> tuple[DataKey, dict[str, DataKey]]:
    return _keys(settings.DATA_KEY, tuple(settings.DATA_KEYS_OLD))


def encrypt(plaintext: str) -> str:
    primary, _ = keyring()
    nonce = os.urandom(12)
    sealed = AESGCM(primary.secret).encrypt(nonce, plaintext.encode("utf-8"), PREFIX.encode())
    return f"{PREFIX}.{primary.key_id}.{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def key_id_of(token: str) -> str | None:
    parts = token.split(".", 2)
    return parts[1] if len(parts) == 3 and parts[0] == PREFIX else None


def decrypt(token: str) -> str:
    _, by_id = keyring()
    parts = token.split(".", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError("not an encrypted value")
    key = by_id.get(parts[1])
    if key is None:
        raise DecryptionError(f"no key with id {parts[1]} is configured")
    try:
        raw = base64.urlsafe_b64decode(parts[2].encode("ascii"))
        return AESGCM(key.secret).decrypt(raw[:12], raw[12:], PREFIX.encode()).decode("utf-8")
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError("value does not decrypt: wrong key or tampered data") from exc


def normalise_for_lookup(value: str) -> str:
    """Case- and space-insensitive form, so that "Ana  Pérez" and "ana pérez" index alike."""
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def blind_index(value: str) -> str:
    primary, _ = keyring()
    index_key = hmac.new(primary.secret, b"blind-index", hashlib.sha256).digest()
    return hmac.new(index_key, normalise_for_lookup(value).encode("utf-8"), hashlib.sha256).hexdigest()


@lru_cache(maxsize=16)
def _derived(secret: bytes, label: bytes) -> bytes:
    return hmac.new(secret, label, hashlib.sha256).digest()


def index_key(label: bytes, key_id: str | None = None) -> tuple[str, bytes]:
    """The key id and a keyed-hash key derived from the data key with that id (the current one when
    ``key_id`` is None) under ``label``, as ``blind_index`` derives its own. Raises ``KeyError`` when no such
    data key is configured."""
    primary, by_id = keyring()
    key = primary if key_id is None else by_id[key_id]
    return key.key_id, _derived(key.secret, label)


def audit_key(key_id: str | None = None) -> tuple[str, bytes]:
    """The key id and the audit chain's sealing key derived from the data key with that id (the current
    data key when ``key_id`` is None). Raises ``KeyError`` when no such data key is configured. Derived
    once per data key: the audit log seals an entry on every write."""
    primary, by_id = keyring()
    key = primary if key_id is None else by_id[key_id]
    return key.key_id, _derived(key.secret, AUDIT_LABEL)
