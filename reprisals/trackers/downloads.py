"""The HTTP response that hands an evidence file to a browser or a script, safely.

Always an attachment (never rendered inline), with the type taken from the checked content, a
sanitised file name, ``nosniff`` and a sandboxing CSP, and never cached.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

from reprisals.trackers import files
from reprisals.trackers.models import OnlineEvidence


def download_response(evidence: OnlineEvidence, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=files.MIME.get(evidence.file_kind, "application/octet-stream"))
    name = evidence.file_name or "evidence"
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Evidence-SHA256"] = evidence.file_sha256
    add_never_cache_headers(response)
    return response
