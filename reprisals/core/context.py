"""Per-request context (client address) that the audit log records without threading it everywhere."""

from __future__ import annotations

from contextvars import ContextVar

client_ip: ContextVar[str] = ContextVar("client_ip", default="")
