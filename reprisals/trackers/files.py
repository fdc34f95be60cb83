"""Checks on uploaded evidence files, as plain functions: type by content (magic bytes) and by name,
size, and a safe name to store and send back. No database, no file system.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_NAME = 120

PNG, JPEG, PDF, TEXT = "png", "jpeg", "pdf", "text"
EXTENSIONS = {".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".pdf": PDF, ".txt": TEXT}
CANONICAL_EXTENSION = {PNG: ".png", JPEG: ".jpg", PDF: ".pdf", TEXT: ".txt"}
MIME = {PNG: "image/png", JPEG: "image/jpeg", PDF: "application/pdf", TEXT: "text/plain; charset=utf-8"}
ALLOWED_LABEL = "PNG, JPEG, PDF, plain text (.txt)"

_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


class FileRefused(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str
    size: int


def sniff(data: bytes) -> str | None:
    """The allowed kind the content is, judged by its first bytes; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"%PDF-"):
        return PDF
    if _is_plain_text(data):
        return TEXT
    return None


def _is_plain_text(data: bytes) -> bool:
    """UTF-8 (a BOM allowed) without NUL or other control characters than tab, line feed, carriage return."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f" for ch in text)


def safe_name(original: str, kind: str) -> str:
    """A name without directories, control characters or shell-special characters, ending in the
    extension of ``kind``. Path parts (``../``, ``C:\\``) are dropped, never interpreted."""
    base = unicodedata.normalize("NFKC", original or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE.sub("_", stem).strip(" ._-")
    stem = re.sub(r"_+", "_", stem)[: MAX_NAME - 5] or "evidence"
    return stem + CANONICAL_EXTENSION[kind]


def check_file(original_name: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> CheckedFile:
    """Refuse an empty or over-size file, a type not allowed, or a name whose extension does not match
    the content. Returns the safe name, the kind and the size."""
    size = len(data)
    if size == 0:
        raise FileRefused(_("the file is empty"))
    if size > max_bytes:
        raise FileRefused(_("the file is %(size)s; the limit is %(limit)s") % {
            "size": human_size(size), "limit": human_size(max_bytes)})
    extension = "." + original_name.rsplit(".", 1)[-1].lower() if "." in (original_name or "") else ""
    by_name = EXTENSIONS.get(extension)
    if by_name is None:
        raise FileRefused(_("files of type %(ext)s are not accepted; allowed: %(allowed)s") % {
            "ext": extension or _("(no extension)"), "allowed": ALLOWED_LABEL})
    by_content = sniff(data)
    if by_content is None:
        raise FileRefused(_("the content of the file is not one of the accepted types (%(allowed)s)") % {
            "allowed": ALLOWED_LABEL})
    if by_content != by_name:
        raise FileRefused(_("the file is named %(ext)s but its content is %(kind)s") % {
            "ext": extension, "kind": by_content.upper() if by_content != TEXT else _("plain text")})
    return CheckedFile(name=safe_name(original_name, by_content), kind=by_content, size=size)


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} B"
