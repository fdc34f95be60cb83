"""A small fixed-window rate limiter on Django's cache: no third-party service.

Counts live in the configured cache (the per-process memory cache by default, so limits are per worker
process; configure a shared cache such as the database cache when several processes serve the public
form). The client is its ``REMOTE_ADDR``, which ``core.proxies`` sets to the client's address behind a trusted proxy,
counted as the sign-in limit counts it (``accounts.twofactor.address_key``): an IPv6 client by its /64, an
IPv4-mapped address as its IPv4 address.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

from reprisals.accounts.twofactor import address_key


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
    """The key a request from the public is counted against: ``address_key`` of its ``REMOTE_ADDR``. One
    home line or server usually holds a whole IPv6 /64, so counting each address would let it change
    address at each request. A request whose address is a proxy's (``core.proxies.FROM_PROXY``) is
    counted against that address, as before: the public form has no other limit per client to fall
    back on, so it is not let through unlimited."""
    return address_key(request.META.get("REMOTE_ADDR", "")) or "unknown"
