"""Reads of accounts by what a command line gives."""

from __future__ import annotations

from django.db.models import QuerySet

from reprisals.accounts.models import User
from reprisals.core.text import text_problem


def users_named(username: str) -> QuerySet[User]:
    """The accounts named ``username``: none when it holds a character that is not text (a NUL, or broken Unicode
    such as ``\\udcff`` for a byte of the terminal that is not UTF-8), which no database query could hold."""
    return User.objects.none() if text_problem(username) else User.objects.filter(username=username)
