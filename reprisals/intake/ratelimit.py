"""A small fixed-window rate limiter on Django's cache: no third-party service.

Counts live in the configured cache (the per-process memory cache by default, so limits are per worker
process; configure a shared cache such as the database cache when several processes serve the public
form). The client is its ``REMOTE_ADDR``, which ``core.proxies`` sets to the client's address behind a trusted proxy.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit for ``key`` in ``scope``; False once more than ``limit`` hits fall in the window."""
    digest = hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:32]
    bucket = f"ratelimit:{scope}:{digest}:{int(time.time() // window)}"
    if cache.add(bucket, 1, window + 1):
        return True
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, window + 1)
        count = 1
    return count <= limit


def client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"
