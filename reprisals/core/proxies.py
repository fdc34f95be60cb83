"""The client's address behind trusted reverse proxies.

Behind a proxy, ``REMOTE_ADDR`` is the proxy's address, so every client would share one: the audit log
would name the proxy, and the per-address limits (sign-in failures, the public form) would count every
client together, so that a few failures by anyone refuse sign-in to everyone. ``TrustedProxyMiddleware``
replaces ``REMOTE_ADDR`` with the client's address when, and only when, the request came from a proxy
listed in ``REPRISALS_TRUSTED_PROXIES``: the client is the right-most address of ``X-Forwarded-For``
that is not itself a trusted proxy. Entries to its left were written by the client and are never
believed. With no trusted proxy configured (the default), ``X-Forwarded-For`` is ignored.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(value: str) -> tuple[Network, ...]:
    """``REPRISALS_TRUSTED_PROXIES``: comma-separated addresses or networks ("10.0.0.5, 10.1.0.0/16")."""
    out = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            out.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"REPRISALS_TRUSTED_PROXIES: {item!r} is not an IP address or network") from exc
    return tuple(out)


@lru_cache(maxsize=4)
def _networks(value: str) -> tuple[Network, ...]:
    return parse_networks(value)


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str, networks: Sequence[Network]) -> str:
    """The client's address: ``remote_addr`` unless it is a trusted proxy; then the right-most address of
    ``forwarded_for`` that is not a trusted proxy (or the left-most, when every hop is trusted). A
    malformed entry where the client would be keeps ``remote_addr``: a proxy is not believed on a
    value it did not write as an address."""
    if not networks or not _trusted(remote_addr, networks):
        return remote_addr
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if _trusted(hop, networks):
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            return remote_addr
    return hops[0] if hops else remote_addr


class TrustedProxyMiddleware:
    """First in ``MIDDLEWARE``: everything after it (the audit log's context, the sign-in and public form
    limits) reads the client's address from ``REMOTE_ADDR``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        networks = _networks(settings.TRUSTED_PROXIES)
        if networks:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""), networks)
        return self.get_response(request)
