"""An upload handler that never writes an upload to a temporary file.

Django spools uploads above 2.5 MB to disk, which would leave plaintext evidence in the temporary
directory. This handler keeps at most ``limit + 1`` bytes of each file in memory and counts the rest,
so an over-size file is refused by name, with its real size, and nothing reaches the disk.
Set it before anything reads ``request.POST`` (the view is ``csrf_exempt`` and checks CSRF itself).
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers


class BoundedMemoryUploadHandler(FileUploadHandler):
    def __init__(self, request: Any = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.buffer = io.BytesIO()
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        room = self.limit + 1 - self.buffer.tell()
        if room > 0:
            self.buffer.write(raw_data[:room])
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer, field_name=self.field_name, name=self.file_name, content_type=self.content_type,
            size=self.received, charset=self.charset, content_type_extra=self.content_type_extra,
        )


def bounded(request: Any, limit: int) -> None:
    request.upload_handlers = [BoundedMemoryUploadHandler(request, limit=limit)]
