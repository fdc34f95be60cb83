"""Upload handlers that never write an upload to a temporary file.

Django spools uploads above 2.5 MB to disk, which would leave plaintext evidence, letters to States and
their answers in the temporary directory, and on any disk that keeps it after a crash. The project's
only handler (``settings.FILE_UPLOAD_HANDLERS``) is ``MemoryOnlyUploadHandler``: every file stays in
memory, at most ``LARGEST + 1`` bytes of it, the rest counted, so that an over-size file is refused by
its real size and nothing reaches the disk. A view can keep less (``bounded``): set it before anything
reads ``request.POST`` (the view is ``csrf_exempt`` and checks CSRF itself).
A body that is not multipart holds no file: a middleware may already have read it (``RejectNulMiddleware``
reads form-encoded bodies), and the view then answers with the form and ``NOT_MULTIPART``.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.utils.translation import gettext_lazy

NOT_MULTIPART = gettext_lazy(
    "The form was not sent as a file upload (multipart/form-data), so no file arrived and nothing was saved. "
    "Choose the file and send the form again from this page.")


#: The largest file any form of the project takes (a bulk import); each form refuses what exceeds its own.
LARGEST = 20 * 1024 * 1024


class BoundedMemoryUploadHandler(FileUploadHandler):
    #: What one request may keep in memory over all its files: more than any form takes in all (ten letters
    #: of 10 MB, or one import), far less than a hundred files of ``LARGEST``, which anyone could otherwise
    #: send to any page that reads a form. Beyond it the request is refused as too large (413).
    BUDGET = 128 * 1024 * 1024

    def __init__(self, request: Any = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.buffer = io.BytesIO()
        self.received = 0
        self.kept = 0  # over every file of the request

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        room = self.limit + 1 - self.buffer.tell()
        if room > 0:
            part = raw_data[:room]
            self.kept += len(part)
            if self.kept > self.BUDGET:
                raise RequestDataTooBig("the files of this request are larger than the upload budget")
            self.buffer.write(part)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer, field_name=self.field_name, name=self.file_name, content_type=self.content_type,
            size=self.received, charset=self.charset, content_type_extra=self.content_type_extra,
        )


class MemoryOnlyUploadHandler(BoundedMemoryUploadHandler):
    """The project's upload handler: every upload in memory, at most ``LARGEST + 1`` bytes kept."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request, limit=LARGEST)


def is_multipart(request: Any) -> bool:
    return request.content_type == "multipart/form-data"


def bounded(request: Any, limit: int) -> None:
    """Keep this request's uploads in memory, at most ``limit + 1`` bytes each."""
    if hasattr(request, "_files"):  # the body was already parsed (Django then refuses new handlers)
        if is_multipart(request):
            # A multipart body parsed by the default handlers may have left a plaintext temporary file.
            raise ImproperlyConfigured("a multipart body was read before its upload handlers were set")
        return  # form-encoded or another type: there is no file to keep
    request.upload_handlers = [BoundedMemoryUploadHandler(request, limit=limit)]


def refuse_unless_multipart(request: Any, form: Any) -> bool:
    """For a POST that is not multipart, add ``NOT_MULTIPART`` to the form's errors and return True."""
    if request.method != "POST" or is_multipart(request):
        return False
    form.add_error(None, NOT_MULTIPART)
    return True
