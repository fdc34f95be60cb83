"""Attachments: checking what is uploaded, naming it safely, and sealing its bytes at rest.

Files are encrypted with AES-256-GCM under the same data key as protected fields
(``core.crypto.keyring``), the key id stored in front of every blob so old keys can be rotated out.
Only a short list of document and image types is accepted, recognised by their first bytes as well as
their name, so a renamed executable is refused.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.utils.translation import gettext as _

from reprisals.core.crypto import DecryptionError, keyring

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
MAX_NAME = 150
_VERSION = b"f1"
_AAD = b"reprisals.followup.attachment"

#: extension -> (content type, accepted leading bytes; empty means "text": valid UTF-8 without NUL)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".rtf": ("application/rtf", (b"{\\rtf",)),
    ".txt": ("text/plain", ()),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


class FileRefused(ValueError):
    """The upload is not accepted; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def safe_name(name: str) -> str:
    """The last path component, normalised, without control or path characters, at most 150 characters,
    keeping the extension. Raises FileRefused when nothing usable is left."""
    base = unicodedata.normalize("NFKC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub("_", base).strip(" ._")
    base = re.sub(r"\s+", " ", base)
    stem, ext = os.path.splitext(base)
    ext = ext.lower()
    if not stem:
        raise FileRefused(_("the file name is empty or unusable"))
    stem = stem[: MAX_NAME - len(ext)]
    return f"{stem}{ext}"


def check_upload(name: str, content: bytes) -> CheckedFile:
    """Accept a file of an allowed type and size, or raise FileRefused naming the problem."""
    clean = safe_name(name)
    ext = os.path.splitext(clean)[1].lower()
    if ext not in ALLOWED:
        raise FileRefused(_("files of this type are not accepted; use one of: %(types)s")
                          % {"types": ", ".join(sorted(ALLOWED))})
    if not content:
        raise FileRefused(_("the file is empty"))
    if len(content) > MAX_BYTES:
        raise FileRefused(_("the file is larger than %(mb)d MB") % {"mb": MAX_BYTES // (1024 * 1024)})
    content_type, magics = ALLOWED[ext]
    if magics:
        if not any(content.startswith(m) for m in magics):
            raise FileRefused(_("the content of the file does not match its type (%(ext)s)") % {"ext": ext})
    else:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            raise FileRefused(_("a .txt file must be UTF-8 text")) from None
        if "\x00" in text:
            raise FileRefused(_("a .txt file must be UTF-8 text"))
    return CheckedFile(clean, content_type, content)


def seal(content: bytes) -> bytes:
    """``f1`` + key id (8 ASCII hex) + nonce (12) + ciphertext and tag."""
    primary, _by_id = keyring()
    nonce = os.urandom(12)
    return _VERSION + primary.key_id.encode("ascii") + nonce + AESGCM(primary.secret).encrypt(nonce, content, _AAD)


def unseal(blob: bytes) -> bytes:
    blob = bytes(blob)
    if blob[:2] != _VERSION or len(blob) < 2 + 8 + 12 + 16:
        raise DecryptionError("not a sealed attachment")
    _primary, by_id = keyring()
    key = by_id.get(blob[2:10].decode("ascii", "replace"))
    if key is None:
        raise DecryptionError("no key with this id is configured")
    try:
        return AESGCM(key.secret).decrypt(blob[10:22], blob[22:], _AAD)
    except InvalidTag as exc:
        raise DecryptionError("attachment does not decrypt: wrong key or tampered data") from exc


@dataclass(frozen=True)
class Upload:
    """A file as received from a form or the API, before it is checked."""

    name: str
    content: bytes
    visible_to_state: bool = False


def key_id_of(blob: bytes) -> str | None:
    return blob[2:10].decode("ascii", "replace") if blob[:2] == _VERSION else None


def rotate_files() -> int:
    """Re-encrypt the letters to States and their answers under the current data key (``reprisals
    rotate-key``, through ``core.rotation.EXTRA_ROTATIONS``)."""
    from reprisals.core.rotation import rotate_blobs
    from reprisals.followup.models import FollowupAttachment

    return rotate_blobs(FollowupAttachment, "sealed", key_id_of, lambda _obj, blob: seal(unseal(blob)))
