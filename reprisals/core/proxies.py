"""The client's address behind trusted reverse proxies.

Behind a proxy, ``REMOTE_ADDR`` is the proxy's address, so every client would share one: the audit log
would name the proxy, and the per-address limits (sign-in failures, the public form) would count every
client together, so that a few failures by anyone refuse sign-in to everyone. ``TrustedProxyMiddleware``
replaces ``REMOTE_ADDR`` with the client's address when, and only when, the request came from a proxy
listed in ``REPRISALS_TRUSTED_PROXIES``: the client is the right-most address of ``X-Forwarded-For``
that is not itself a trusted proxy. Entries to its left were written by the client and are never
believed. With no trusted proxy configured (the default), ``X-Forwarded-For`` is ignored.

Addresses are compared in one form: an IPv4-mapped IPv6 address (``::ffff:10.0.0.5``, as a server bound
to ``[::]`` reports an IPv4 peer) is its IPv4 address, an IPv6 zone id (``%eth0``) is dropped, and a hop
written as ``ip:port``, ``[v6]`` or ``[v6]:port`` is read as its address.

A request that is evidently from a proxy nobody listed (a loopback or private ``REMOTE_ADDR`` carrying
``X-Forwarded-For`` while no proxy is trusted), and a request whose client address is a trusted proxy's
own (no header, or a malformed entry where the client should be), are marked ``FROM_PROXY``: the
per-address sign-in limit does not count them, since that address is everyone's. A warning is logged.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # settings import this module to check REPRISALS_TRUSTED_PROXIES: nothing heavier at import
    from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

log = logging.getLogger(__name__)

# Set in ``request.META`` when the address in ``REMOTE_ADDR`` is a proxy's, shared by its clients.
FROM_PROXY = "reprisals.from_proxy"


def parse_address(value: str) -> Address | None:
    """``value`` as an address in its one compared form, or None when it is not an address. Accepts
    ``ip:port``, ``[v6]`` and ``[v6]:port``; drops an IPv6 zone id; an IPv4-mapped address is IPv4."""
    text = value.strip()
    if text.startswith("["):
        end = text.find("]")
        if end < 0 or (text[end + 1:] and not (text[end + 1] == ":" and text[end + 2:].isdigit())):
            return None
        text = text[1:end]
    elif text.count(":") == 1:  # IPv4 with a port (an IPv6 address has at least two colons)
        text, _, port = text.partition(":")
        if not port.isdigit():
            return None
    text = text.split("%", 1)[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def normalise(value: str) -> str:
    """``value`` in its one compared form; unchanged when it is not an address."""
    ip = parse_address(value)
    return str(ip) if ip is not None else value


def _ipv4_form(network: Network) -> Network:
    """``::ffff:10.0.0.0/104`` is ``10.0.0.0/8``: listed either way, it matches the same peers."""
    if isinstance(network, ipaddress.IPv6Network) and network.prefixlen >= 96:
        mapped = network.network_address.ipv4_mapped
        if mapped is not None:
            return ipaddress.IPv4Network((mapped, network.prefixlen - 96))
    return network


def parse_networks(value: str) -> tuple[Network, ...]:
    """``REPRISALS_TRUSTED_PROXIES``: comma-separated addresses or networks ("10.0.0.5, 10.1.0.0/16")."""
    out = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            out.append(_ipv4_form(ipaddress.ip_network(item, strict=False)))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"REPRISALS_TRUSTED_PROXIES: {item!r} is not an IP address or network") from exc
    return tuple(out)


@lru_cache(maxsize=4)
def _networks(value: str) -> tuple[Network, ...]:
    return parse_networks(value)


def _trusted(address: str, networks: Sequence[Network]) -> bool:
    ip = parse_address(address)
    return ip is not None and any(ip in network for network in networks)


def client_address(remote_addr: str, forwarded_for: str, networks: Sequence[Network]) -> str:
    """The client's address: ``remote_addr`` unless it is a trusted proxy; then the right-most address of
    ``forwarded_for`` that is not a trusted proxy (or the left-most, when every hop is trusted). A
    malformed entry where the client would be keeps ``remote_addr`` (a proxy is not believed on a value
    it did not write as an address) and logs a warning. Every address returned is normalised."""
    remote = normalise(remote_addr)
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if _trusted(hop, networks):
            continue
        ip = parse_address(hop)
        if ip is None:
            log.warning("X-Forwarded-For from the trusted proxy %s has %r where the client's address should "
                        "be: the request is counted as the proxy's", remote, hop[:100])
            return remote
        return str(ip)
    return normalise(hops[0]) if hops else remote


# Where a reverse proxy in front of the application usually is: loopback, RFC 1918, IPv6 unique local.
_PROXY_LIKE = tuple(ipaddress.ip_network(n) for n in (
    "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"))

_warned_unlisted = False


def _warn_unlisted_proxy(remote: str) -> None:
    global _warned_unlisted
    if not _warned_unlisted:
        _warned_unlisted = True
        log.warning("A request from %s carried X-Forwarded-For but REPRISALS_TRUSTED_PROXIES is empty: behind a "
                    "reverse proxy, list its address there (docs/security.md), else every client shares the "
                    "proxy's address. Until then the sign-in limit per address does not count it.", remote)


class TrustedProxyMiddleware:
    """First in ``MIDDLEWARE``: everything after it (the audit log's context, the sign-in and public form
    limits) reads the client's address from ``REMOTE_ADDR``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        networks = _networks(settings.TRUSTED_PROXIES)
        remote = request.META.get("REMOTE_ADDR", "")
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        client = client_address(remote, forwarded, networks)
        request.META["REMOTE_ADDR"] = client
        if networks:
            if _trusted(client, networks):
                request.META[FROM_PROXY] = True
        elif forwarded:
            ip = parse_address(remote)
            if ip is not None and any(ip in network for network in _PROXY_LIKE):
                _warn_unlisted_proxy(client)
                request.META[FROM_PROXY] = True
        return self.get_response(request)
