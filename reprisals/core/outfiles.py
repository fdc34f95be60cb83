"""Files a command writes: refused where ``--out`` cannot name one, and written whole or not at all."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def output_refusal(value: str) -> str | None:
    """Why ``--out value`` cannot name the file a command writes, or None: a directory, a folder that does not
    exist, or something that is not a regular file (a device, a pipe), which the finished file would replace."""
    path = Path(value)
    if path.is_dir() or not path.name:
        return f"{value or '--out'}: is a directory; give --out a file"
    if not path.parent.is_dir():
        return f"{path.parent}: no such directory"
    if path.exists() and not path.is_file():
        return f"{path}: is not a regular file; give --out a file"
    return None


@contextmanager
def written_whole(path: Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text file to write ``path`` through: a temporary file beside it, which replaces ``path`` only when the
    block ends without an error, and is removed on any error, a file already at ``path`` left as it was. A new
    file is readable by its owner only; one replaced keeps its permissions. Raises ``OSError`` as the system
    does (a full disk, a folder that cannot be written)."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    tmp = Path(name)
    try:
        if path.exists():
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        with open(fd, "w", encoding=encoding, newline="") as fh:
            yield fh
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
