"""Open data: the published cases and the public statistics, as CSV and JSON (schema in
docs/reports.md). Built from ``public`` only, so every value is redacted and every count protected.
CSV cells that a spreadsheet would run as a formula are prefixed with an apostrophe, and control
characters that no spreadsheet shows are left out (``core.text.printable``, as in the documents).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from reprisals.core.text import printable
from reprisals.reports import conf, public
from reprisals.reports.models import ReportEntry
from reprisals.reports.redaction import RegisterNames

CASE_FIELDS = ("report", "period_start", "period_end", "annex", "paragraph", "state_iso3", "state",
               "regional_group", "forms", "un_bodies", "text")
STAT_FIELDS = ("table", "code", "label", "count", "grouped")
SCHEMA_VERSION = 1
CHUNK = 2000
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: object) -> str:
    """A value for a CSV cell that no spreadsheet will evaluate (OWASP CSV injection), without control
    characters."""
    text = "" if value is None else printable(str(value))
    return "'" + text if text.startswith(_FORMULA) else text


def published_cases() -> Iterator[public.PublishedCase]:
    ids = list(public.published().values_list("pk", flat=True))
    register = RegisterNames.load()  # once for the whole download
    for start in range(0, len(ids), CHUNK):
        entries = list(ReportEntry.objects.filter(pk__in=ids[start:start + CHUNK]).select_related("period", "country")
                       .defer("period__snapshot").order_by("-period__start", "annex", "paragraph"))
        yield from public.redacted(entries, register)


def _case_row(c: public.PublishedCase) -> dict[str, object]:
    return {"report": c.report, "period_start": c.period_start, "period_end": c.period_end, "annex": c.annex,
            "paragraph": c.paragraph, "state_iso3": c.state_iso3, "state": c.state,
            "regional_group": c.regional_group, "forms": list(c.forms), "un_bodies": list(c.un_bodies),
            "text": c.text}


def cases_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CASE_FIELDS)
    for c in published_cases():
        row = _case_row(c)
        writer.writerow([safe_cell(";".join(v) if isinstance(v, list) else v) for v in row.values()])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def cases_json() -> bytes:
    body = {"schema": "reprisals-tracker/published-cases", "version": SCHEMA_VERSION,
            "cases": [_case_row(c) for c in published_cases()]}
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def statistics_json() -> bytes:
    body = {"schema": "reprisals-tracker/statistics", "version": SCHEMA_VERSION, "threshold": conf.min_cell(),
            "tables": public.statistics()}
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def statistics_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(STAT_FIELDS)
    for table, data in public.statistics().items():
        for row in data["rows"]:
            writer.writerow([safe_cell(v) for v in (table, row["code"] if not row["grouped"] else "other",
                                                    row["label"], row["count"], int(row["grouped"]))])
        writer.writerow([table, "total", "", data["total"] if data["total"] is not None else "suppressed", 0])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
