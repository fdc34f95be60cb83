"""Web sessions kept in the database under a hash of their key, never the key itself.

Django's database backend stores the session cookie's value as the row's primary key: whoever reads the
table (a dump, a backup, a database administrator) can paste one into a cookie and be signed in as that
officer, second factor already proved. This backend keeps the real key only in the browser's cookie and
stores ``h:`` followed by the first 38 hexadecimal digits (152 bits) of the SHA-256 of the key.

The key is 32 random characters from 36 (about 165 bits), so a plain hash cannot be reversed or guessed
from the table; no secret is needed, so rotating ``REPRISALS_SECRET_KEY`` changes nothing here. The
digest is cut to fit Django's ``session_key`` column (40 characters). ``h:`` cannot start a real key
(keys are lower-case letters and digits only), so a stored value is never hashed twice, and a value
copied from the table, sent as a cookie, is hashed again and matches no row.

Rows are still ``django.contrib.sessions.models.Session``: code that iterates sessions and decodes them
(``accounts.services.end_sessions``) and ``clearsessions`` work unchanged; deleting a row by its stored
primary key deletes that session. Migration ``core.0003_hash_session_keys`` hashes the rows written
before this backend, so nobody is signed out by the upgrade.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

PREFIX = "h:"
DIGEST_CHARS = 38  # PREFIX + 38 hex digits = 40, the length of django_session.session_key


def stored_key(session_key: str) -> str:
    """What the table holds for the session whose cookie carries ``session_key``."""
    return PREFIX + hashlib.sha256(session_key.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def is_stored_key(value: str) -> bool:
    """Whether ``value`` is already a stored (hashed) key rather than a cookie's value."""
    return value.startswith(PREFIX)


class SessionStore(db.SessionStore):
    """Django's database sessions, looked up, created, saved and deleted by the hash of the key.

    The class keeps Django's name: the session data is signed with a salt made from it, so rows written
    by either class decode alike (``Session.get_decoded`` uses Django's class)."""

    def _lookup(self) -> Any:
        return self.model.objects.filter(session_key=stored_key(self.session_key), expire_date__gt=timezone.now())

    def _not_found(self, exc: Exception) -> None:
        if isinstance(exc, SuspiciousOperation):
            logging.getLogger(f"django.security.{exc.__class__.__name__}").warning(str(exc))
        self._session_key = None

    def _get_session_from_db(self) -> Any:
        if self.session_key is None:
            return None
        try:
            return self._lookup().get()
        except (self.model.DoesNotExist, SuspiciousOperation) as exc:
            self._not_found(exc)
            return None

    async def _aget_session_from_db(self) -> Any:
        if self.session_key is None:
            return None
        try:
            return await self._lookup().aget()
        except (self.model.DoesNotExist, SuspiciousOperation) as exc:
            self._not_found(exc)
            return None

    def exists(self, session_key: str) -> bool:
        return self.model.objects.filter(session_key=stored_key(session_key)).exists()

    async def aexists(self, session_key: str) -> bool:
        return await self.model.objects.filter(session_key=stored_key(session_key)).aexists()

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        return self.model(session_key=stored_key(self._get_or_create_session_key()),
                          session_data=self.encode(data), expire_date=self.get_expiry_date())

    async def acreate_model_instance(self, data: dict[str, Any]) -> Any:
        return self.model(session_key=stored_key(await self._aget_or_create_session_key()),
                          session_data=self.encode(data), expire_date=await self.aget_expiry_date())

    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(session_key=stored_key(session_key)).delete()

    async def adelete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        await self.model.objects.filter(session_key=stored_key(session_key)).adelete()

    # save(), create(), cycle_key(), flush() and clear_expired() are Django's: they reach the table only
    # through the methods above (cycle_key creates a new key, then deletes the old one by its cookie value).
