"""Spreadsheet formula injection: text that a spreadsheet would run as a formula is escaped on export.

Imported cells are stored as the text they are (``=HYPERLINK(...)`` stays that text); every CSV or XLSX
cell written by an export goes through ``escape_cell``, which puts an apostrophe before a value starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (OWASP's advice), so it shows as text.
"""

from __future__ import annotations

from typing import Any

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(DANGEROUS_STARTS) else text


def escape_row(values: list[Any]) -> list[str]:
    return [escape_cell(v) for v in values]
