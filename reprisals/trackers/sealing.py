"""Encryption of uploaded files at rest: AES-256-GCM under the field-encryption keys of ``core.crypto``.

A sealed blob is ``b"RTF1" || key id (8 ASCII hex digits) || nonce (12 bytes) || ciphertext+tag``. The
SHA-256 of the plaintext is bound in as associated data, so a blob cannot be swapped for another
record's blob without decryption failing, and rotated-out keys stay readable through the key ring.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from reprisals.core.crypto import DecryptionError, keyring

MAGIC = b"RTF1"
_HEADER = len(MAGIC) + 8 + 12


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _aad(digest: str) -> bytes:
    return MAGIC + b":" + digest.encode("ascii")


def seal(data: bytes, digest: str | None = None) -> bytes:
    """Encrypt ``data`` with the current data key; ``digest`` is its SHA-256 (computed when not given)."""
    primary, _ = keyring()
    nonce = os.urandom(12)
    digest = digest or sha256_hex(data)
    return MAGIC + primary.key_id.encode("ascii") + nonce + AESGCM(primary.secret).encrypt(nonce, data, _aad(digest))


def unseal(blob: bytes, digest: str) -> bytes:
    """Decrypt a sealed blob and check that its plaintext still has ``digest``; raise DecryptionError if not."""
    blob = bytes(blob)
    if len(blob) < _HEADER + 16 or not blob.startswith(MAGIC):
        raise DecryptionError("not a sealed file")
    key_id = blob[4:12].decode("ascii", errors="replace")
    _, by_id = keyring()
    key = by_id.get(key_id)
    if key is None:
        raise DecryptionError(f"no key with id {key_id} is configured")
    nonce = blob[12:_HEADER]
    try:
        data = AESGCM(key.secret).decrypt(nonce, blob[_HEADER:], _aad(digest))
    except InvalidTag as exc:
        raise DecryptionError("file does not decrypt: wrong key or tampered data") from exc
    if sha256_hex(data) != digest:
        raise DecryptionError("file does not match its recorded SHA-256")
    return data


def key_id_of(blob: bytes) -> str | None:
    return blob[4:12].decode("ascii", errors="replace") if blob.startswith(MAGIC) else None


def rotate_files() -> int:
    """Re-encrypt the online evidence files under the current data key (``reprisals rotate-key``, through
    ``core.rotation.EXTRA_ROTATIONS``); each is checked against its SHA-256 on the way."""
    from reprisals.core.rotation import rotate_blobs
    from reprisals.trackers.models import EvidenceFile

    def reseal(obj: EvidenceFile, blob: bytes) -> bytes:
        digest = obj.evidence.file_sha256
        return seal(unseal(blob, digest), digest)

    return rotate_blobs(EvidenceFile, "sealed", key_id_of, reseal)
