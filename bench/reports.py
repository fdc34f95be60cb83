"""Issue 5: the periodic report and the statistics at scale.

1. A report for a period with about 5,000 cases in annexes I and II, over a register of 200,000 demo
   cases: building its content (load, rules, text, statistics, patterns), finalising it, and laying it
   out as DOCX, PDF and HTML. Baselines in the same run: the same paragraph texts written into a bare
   python-docx document and through WeasyPrint as bare HTML (what the layout itself costs), and one raw
   SQL query fetching the candidate cases' dates (what the reading costs at least).
2. The register statistics (``reports.register_stats``: cases by year, status and regional group,
   incidents by form, engagements by kind of UN body, parties by role and gender, the response rate)
   over 1,000,000 cases on PostgreSQL, each beside the raw SQL query answering the same question. The
   register is grown from the 200,000 demo cases by copying them in SQL (same distribution, new ids and
   references), because loading a million cases through the demo loader takes hours on this shared
   machine. ``--stats-only`` measures the statistics again on the register as it is and replaces that
   part of the section.

Own databases: PostgreSQL ``reprisals_bench_reports`` (``BENCH_REPORTS_PG_URL``) and SQLite
``var/bench_reports.sqlite3``. Run once: ``python -m bench.reports --db postgres``.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import os
import secrets
import time
from pathlib import Path

REPORT_SCALE = 200_000
STATS_SCALE = 1_000_000
PG_URL = os.environ.get("BENCH_REPORTS_PG_URL", "postgres://postgres@127.0.0.1:5432/reprisals_bench_reports")


def configure(db: str) -> None:
    """As ``bench.setup.configure``, with this benchmark's own databases and key file."""
    os.environ.setdefault("REPRISALS_SECRET_KEY", secrets.token_urlsafe(50))
    var = Path(os.environ.get("REPRISALS_VAR_DIR", "var"))
    var.mkdir(parents=True, exist_ok=True)
    key_file = var / f"bench-{db}_reports.key"
    if not key_file.exists():
        key_file.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    os.environ["REPRISALS_DATA_KEY"] = key_file.read_text().strip()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reprisals.settings")
    if db == "postgres":
        from bench.__main__ import ensure_pg_database

        ensure_pg_database(PG_URL)  # a fresh machine has no bench database yet
        os.environ["DATABASE_URL"] = PG_URL
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.conf import settings

    if db == "sqlite":
        settings.DATABASES["default"]["NAME"] = str(var / "bench_reports.sqlite3")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - t0


# ---------------------------------------------------------------- 1. the report


def reset_periods() -> None:
    from reprisals.reports.models import ReportEntry, ReportExclusion, ReportingPeriod

    ReportEntry.objects.all().delete()
    ReportExclusion.objects.all().delete()
    ReportingPeriod.objects.all().delete()


def report_bench(senior, officer) -> tuple[str, dict]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test import override_settings

    from reprisals.reports import drafting, render, services
    from reprisals.reports.backends.docx import render_docx
    from reprisals.reports.backends.html import render_html
    from reprisals.reports.backends.pdf import render_pdf

    reset_periods()
    rows, figures = [], {}
    with override_settings(REPORTS_PERIODICITY="three_a_year", REPORTS_PERIOD_START="01-01"):
        periods = services.periods_generate(actor=officer, date_from=dt.date(2022, 1, 1), date_to=dt.date(2022, 12, 31))
    for k, p in enumerate(periods, start=1):
        services.period_update(actor=officer, period=p, symbol=f"A/HRC/BENCH/{k}")
    for p in periods[:2]:
        p.refresh_from_db()
        _final, seconds = timed(services.report_finalise, actor=senior, period=p)
        n = p.entries.count()
        rows.append(f"| finalise {p.symbol} ({n:,} cases) | {seconds:.1f} s | | |")
        print(rows[-1], flush=True)
    target = periods[2]
    target.refresh_from_db()
    built, t_content = timed(drafting.build, target)
    n1, n2 = len(built.draft.annex_i), len(built.draft.annex_ii)
    figures.update(annex_i=n1, annex_ii=n2, left_out=len(built.draft.left_out), candidates=len(built.data))
    # Baseline for reading: one raw query for the candidates' first incident and allegation dates.
    with connection.cursor() as cursor:
        t0 = time.perf_counter()
        cursor.execute(
            """SELECT c.id, MIN(i.date_year * 10000 + COALESCE(i.date_month, 1) * 100 + COALESCE(i.date_day, 1)),
                      MIN(a.received_on)
               FROM cases_case c LEFT JOIN cases_incident i ON i.case_id = c.id
               LEFT JOIN cases_allegation a ON a.case_id = c.id
               WHERE c.year BETWEEN %s AND %s GROUP BY c.id""", [target.start.year, target.end.year])
        raw_rows = len(cursor.fetchall())
        t_raw = time.perf_counter() - t0
    rows.append(f"| content of the report: load {len(built.data):,} candidates, rules, text, statistics, patterns "
                f"| {t_content:.1f} s | raw SQL for the candidates' dates ({raw_rows:,} rows): {t_raw:.2f} s "
                f"| {t_content / t_raw:.0f}× |")
    print(rows[-1], flush=True)
    view, t_prepare = timed(render.prepare, built.content, public=True)
    rows.append(f"| redaction (consent in force now), protected tables, charts | {t_prepare:.1f} s | | |")
    print(rows[-1], flush=True)
    texts = [p.text for a in view.annexes for s in a.states for p in s.paragraphs]
    docx_bytes, t_docx = timed(render_docx, view)
    bare_docx, t_bare_docx = timed(_bare_docx, texts)
    rows.append(f"| DOCX ({len(docx_bytes) / 1e6:.1f} MB) | {t_docx:.1f} s | bare python-docx, same paragraphs: "
                f"{t_bare_docx:.1f} s | {t_docx / t_bare_docx:.1f}× |")
    print(rows[-1], flush=True)
    pdf_bytes, t_pdf = timed(render_pdf, view)
    bare_pdf, t_bare_pdf = timed(_bare_pdf, texts)
    rows.append(f"| PDF ({len(pdf_bytes) / 1e6:.1f} MB) | {t_pdf:.1f} s | bare WeasyPrint HTML, same paragraphs: "
                f"{t_bare_pdf:.1f} s | {t_pdf / t_bare_pdf:.1f}× |")
    print(rows[-1], flush=True)
    html_bytes, t_html = timed(render_html, view)
    rows.append(f"| HTML ({len(html_bytes) / 1e6:.1f} MB) | {t_html:.1f} s | | |")
    print(rows[-1], flush=True)
    figures.update(docx=t_docx, pdf=t_pdf, content=t_content)
    return "\n".join(["| step | time | baseline | ratio |", "|---|---|---|---|", *rows]), figures


def _bare_docx(texts: list[str]) -> bytes:
    import io

    import docx

    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _bare_pdf(texts: list[str]) -> bytes:
    from html import escape

    from weasyprint import HTML

    body = "".join(f"<p>{escape(t)}</p>" for t in texts)
    return HTML(string=f"<html><body style='font-family: Noto Serif'>{body}</body></html>").write_pdf()


# ---------------------------------------------------------------- 2. statistics over the register


def grow_register(target: int) -> int:
    """Copy the demo cases (and the rows the statistics read) in SQL until the register holds
    ``target`` cases. PostgreSQL only."""
    from django.db import connection, transaction

    from reprisals.cases.models import AffectedParty, Case, Engagement, Incident

    tables = [(Case, {}), (Incident, {"case_id": Case}), (Incident.forms.through, {"incident_id": Incident}),
              (Engagement, {"case_id": Case}), (AffectedParty, {"case_id": Case}),
              (AffectedParty.roles.through, {"affectedparty_id": AffectedParty})]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cases_case")
        have = cursor.fetchone()[0]
        base = have
        k = 0
        while have < target:
            k += 1
            take = min(base, target - have)
            offsets = {}
            for model, _fks in tables:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
                offsets[model] = cursor.fetchone()[0]
            with transaction.atomic():
                cursor.execute("SELECT MIN(id) FROM cases_case")
                first = cursor.fetchone()[0]
                cursor.execute("SELECT id FROM cases_case ORDER BY id LIMIT 1 OFFSET %s", [take - 1])
                last = cursor.fetchone()[0]
                for model, fks in tables:
                    columns = [f.column for f in model._meta.concrete_fields]
                    select = []
                    for col in columns:
                        if col == "id":
                            select.append(f"t.id + {offsets[model]}")
                        elif col in fks:
                            select.append(f"t.{col} + {offsets[fks[col]]}")
                        elif model is Case and col == "reference":
                            select.append(f"t.reference || '/{k}'")
                        else:
                            select.append(f"t.{col}")
                    where = _case_range_sql(model, fks, first, last)
                    cursor.execute(f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
                                   f"SELECT {', '.join(select)} FROM {model._meta.db_table} t WHERE {where}")
                for model, _fks in tables:
                    table = model._meta.db_table
                    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT MAX(id) FROM {table}))")
            have += take
            print(f"   register: {have:,} cases", flush=True)
    settle()
    return have


def settle() -> None:
    """VACUUM ANALYZE, as autovacuum would after a bulk load: fresh planner statistics, and a visibility
    map that lets the statistics read the narrow indexes alone (index-only scans)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _case_range_sql(model, fks, first: int, last: int) -> str:  # type: ignore[no-untyped-def]
    from reprisals.cases.models import AffectedParty, Case, Incident

    if model is Case:
        return f"t.id BETWEEN {first} AND {last}"
    if "case_id" in fks:
        return f"t.case_id BETWEEN {first} AND {last}"
    if fks.get("incident_id") is Incident:
        return (f"t.incident_id IN (SELECT id FROM cases_incident WHERE case_id BETWEEN {first} AND {last})")
    if fks.get("affectedparty_id") is AffectedParty:
        return (f"t.affectedparty_id IN (SELECT id FROM cases_affectedparty WHERE case_id BETWEEN {first} "
                f"AND {last})")
    raise ValueError(model)


CASE_YEARS = "year BETWEEN {0} AND {1}"
DATE_YEARS = "date_year BETWEEN {0} AND {1}"
# Each table's raw SQL for the whole register, and with the years of the range (``{where}``).
RAW = {
    "by_year": ("SELECT year, COUNT(*) FROM cases_case {where} GROUP BY year ORDER BY year", CASE_YEARS),
    "by_status": ("SELECT status, COUNT(*) FROM cases_case {where} GROUP BY status", CASE_YEARS),
    "by_group": ("SELECT co.regional_group, COUNT(*) FROM cases_case c JOIN reference_country co "
                 "ON co.id = c.country_id {where} GROUP BY co.regional_group", CASE_YEARS),
    "by_form": ("SELECT term_id, COUNT(*) FROM cases_incident_forms {where} GROUP BY term_id",
                "incident_id IN (SELECT id FROM cases_incident WHERE " + DATE_YEARS + ")"),
    "by_body": ("SELECT b.kind, COUNT(*) FROM cases_engagement e JOIN reference_unbody b ON b.id = e.un_body_id "
                "{where} GROUP BY b.kind", DATE_YEARS),
    "by_role_gender": ("SELECT r.term_id, p.gender, COUNT(*) FROM cases_affectedparty_roles r "
                       "JOIN cases_affectedparty p ON p.id = r.affectedparty_id {where} GROUP BY r.term_id, p.gender",
                       "p.case_id IN (SELECT id FROM cases_case WHERE " + CASE_YEARS + ")"),
}
RANGE = (2015, 2020)


def raw_sql(name: str, years: tuple[int, int] | None) -> str:
    template, condition = RAW[name]
    return template.format(where="" if years is None else "WHERE " + condition.format(*years))


def stats_bench() -> str:
    from django.db import connection

    from reprisals.reports import register_stats as rs

    functions = {"by_year": rs.by_year, "by_status": rs.by_status, "by_group": rs.by_group, "by_form": rs.by_form,
                 "by_body": rs.by_body, "by_role_gender": rs.by_role_gender}
    rows = ["| table | years | rows | `reports.register_stats` | raw SQL | ratio |", "|---|---|---|---|---|---|"]
    totals = {"all": 0.0, "range": 0.0}
    for name, fn in functions.items():
        for label, years in (("all", None), ("range", RANGE)):
            span = rs.Years(*years) if years else rs.Years()
            fn(span)  # one warm-up: the figure is a query on a warm database, not a cold disk read
            result, t_app = timed(fn, span)
            with connection.cursor() as cursor:
                t0 = time.perf_counter()
                cursor.execute(raw_sql(name, years))
                cursor.fetchall()
                t_raw = time.perf_counter() - t0
            totals[label] += t_app
            shown = "all" if years is None else f"{years[0]}-{years[1]}"
            rows.append(f"| {name} | {shown} | {len(result)} | {t_app * 1000:.0f} ms | {t_raw * 1000:.0f} ms | "
                        f"{t_app / t_raw:.1f}× |")
            print(rows[-1], flush=True)
    _record, t_resp = timed(rs.response, None, None)
    rows.append(f"| response rate | all | 1 | {t_resp * 1000:.0f} ms | | |")
    _stats, t_range = timed(rs.compute, dt.date(RANGE[0], 1, 1), dt.date(RANGE[1], 12, 31))
    rows.append(f"| the staff statistics page, every table for {RANGE[0]}-{RANGE[1]} | | | {t_range * 1000:.0f} ms "
                f"| | |")
    rows.append(f"| every table, whole register | | | {(totals['all'] + t_resp) * 1000:.0f} ms | | |")
    print(rows[-2], flush=True)
    print(rows[-1], flush=True)
    return "\n".join(rows)


STATS_INTRO = ("Each table once after one warm-up, for the whole register and for the years 2015-2020, beside the "
               "raw SQL query answering the same question. The database is vacuumed and analysed after the bulk "
               "load first, as autovacuum would do, so the counts are read from narrow indexes. "
               "Incidents are counted by form and engagements by kind of UN body (one pass over their own table "
               "each), cases by year, status and regional group; counts cover restricted cases too (they name "
               "nobody), so no access rule joins the cases.")


def _replace_stats(db: str, n: int, table: str) -> None:
    """Put a new statistics run in place of the old one inside this benchmark's section."""
    import re

    from bench.report import DOC, machine

    text = DOC.read_text(encoding="utf-8")
    start, end = f"<!-- bench:reports:{db} -->", f"<!-- /bench:reports:{db} -->"
    section = text[text.index(start):text.index(end)]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    new = re.sub(r"### Statistics over .*", lambda _m: (
        f"### Statistics over {n:,} cases\n\n_Statistics run {stamp} on {machine()}._ The register grown from "
        f"the demo cases by copying them in SQL (same distribution). {STATS_INTRO}\n\n{table}\n"), section,
        flags=re.S)
    DOC.write_text(text.replace(section, new), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, choices=["sqlite", "postgres"])
    parser.add_argument("--scale", type=int, default=REPORT_SCALE, help="cases in the register for the report")
    parser.add_argument("--stats-scale", type=int, default=STATS_SCALE, help="cases for the statistics (PostgreSQL)")
    parser.add_argument("--fresh", action="store_true", help="ignored: this benchmark keeps its database")
    parser.add_argument("--stats-only", action="store_true", help="only the statistics (the register as it is)")
    args = parser.parse_args()
    configure(args.db)
    from bench.report import write_section
    from bench.setup import bench_user, ensure_cases
    from reprisals.cases.models import Case

    total = ensure_cases(args.scale)
    officer, _token = bench_user("bench-reports-officer", "case_officer")
    senior, _token = bench_user("bench-reports-senior", "senior_official")
    if args.stats_only:
        if args.db == "postgres":
            settle()
        _replace_stats(args.db, Case.objects.count(), stats_bench())
        return
    report_table, figures = report_bench(senior, officer)
    body = (f"{total:,} demo cases in the register; periods of four months (three reports a year, 2022); the first "
            f"two finalised so that the third has follow-up cases. The third report: **{figures['annex_i']:,} cases "
            f"in annex I and {figures['annex_ii']:,} in annex II** ({figures['left_out']:,} left out and listed "
            f"for officers), from {figures['candidates']:,} candidate cases. One run, wall-clock.\n\n" + report_table)
    stats_n = total
    if args.db == "postgres" and args.stats_scale > total:
        stats_n = grow_register(args.stats_scale)
    stats_table = stats_bench()
    body += (f"\n\n### Statistics over {Case.objects.count():,} cases\n\n"
             + ("The register grown from the demo cases by copying them in SQL (same distribution). "
                if stats_n > total else "")
             + STATS_INTRO + "\n\n" + stats_table)
    write_section(f"reports:{args.db}", f"Periodic report and statistics ({args.db})", body)


if __name__ == "__main__":
    main()
