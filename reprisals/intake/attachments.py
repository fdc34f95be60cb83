"""Attachments: which files are accepted (type and size, checked on the bytes, not the name alone), and
their encryption at rest with AES-256-GCM under the register's data key (``core.crypto.keyring``).

Stored form: ``b"v1." + key id (8 ASCII hex) + b"." + nonce (12 bytes) + ciphertext and tag``.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.utils.translation import gettext as _

from reprisals.core import crypto

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
# extension -> (content type, magic prefixes; empty = checked as text)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".txt": ("text/plain", ()),
}
_AAD = b"intake-attachment"


class AttachmentRefused(ValueError):
    pass


@dataclass(frozen=True)
class CheckedFile:
    file_name: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def check_file(name: str, content: bytes) -> CheckedFile:
    """Accept a file whose extension is allowed, whose bytes match that type, and that is not too large."""
    base = os.path.basename(name or "").strip()[:200] or "file"
    ext = os.path.splitext(base)[1].lower()
    if ext not in ALLOWED:
        raise AttachmentRefused(_("%(name)s: this type of file is not accepted; send PDF, PNG, JPEG, DOCX, ODT or "
                                  "TXT") % {"name": base})
    if len(content) > MAX_BYTES:
        raise AttachmentRefused(_("%(name)s is larger than %(mb)d MB") % {"name": base, "mb": MAX_BYTES // 1048576})
    if not content:
        raise AttachmentRefused(_("%(name)s is empty") % {"name": base})
    content_type, magics = ALLOWED[ext]
    if magics and not content.startswith(magics):
        raise AttachmentRefused(_("%(name)s is not really a %(ext)s file") % {"name": base, "ext": ext[1:].upper()})
    if not magics:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            raise AttachmentRefused(_("%(name)s is not a UTF-8 text file") % {"name": base}) from None
        if "\x00" in text:
            raise AttachmentRefused(_("%(name)s is not a text file") % {"name": base})
    return CheckedFile(base, content_type, content)


def encrypt_bytes(content: bytes) -> bytes:
    primary, _keys = crypto.keyring()
    nonce = os.urandom(12)
    sealed = AESGCM(primary.secret).encrypt(nonce, content, _AAD)
    return b"v1." + primary.key_id.encode("ascii") + b"." + nonce + sealed


def decrypt_bytes(blob: bytes) -> bytes:
    blob = bytes(blob)
    if not blob.startswith(b"v1.") or blob[11:12] != b".":
        raise crypto.DecryptionError("not an encrypted attachment")
    _primary, by_id = crypto.keyring()
    key = by_id.get(blob[3:11].decode("ascii", "replace"))
    if key is None:
        raise crypto.DecryptionError("no key for this attachment is configured")
    try:
        return AESGCM(key.secret).decrypt(blob[12:24], blob[24:], _AAD)
    except Exception as exc:  # InvalidTag
        raise crypto.DecryptionError("attachment does not decrypt") from exc


def key_id_of(blob: bytes) -> str | None:
    return blob[3:11].decode("ascii", "replace") if blob.startswith(b"v1.") and blob[11:12] == b"." else None


def rotate_files() -> int:
    """Re-encrypt the public form's evidence and the pending imports under the current data key
    (``reprisals rotate-key``, through ``core.rotation.EXTRA_ROTATIONS``)."""
    from reprisals.core.rotation import rotate_blobs
    from reprisals.intake.models import PendingUpload, SubmissionAttachment

    def reseal(_obj: object, blob: bytes) -> bytes:
        return encrypt_bytes(decrypt_bytes(blob))

    return sum(rotate_blobs(model, "data", key_id_of, reseal) for model in (SubmissionAttachment, PendingUpload))
