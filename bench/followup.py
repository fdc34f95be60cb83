"""Issue 4: the overdue and due-soon lists and a State's record, with 100,000 cases and 300,000
communications, beside the raw SQL that answers the same question.

Each scenario is a full HTTP request through Django's test client (token auth, capability and
compartment checks, filters, rules, JSON) and, in the same run, the raw SQL query returning the same
rows (same access rule, same page size) or the same aggregate.

Run it on its own databases so as not to disturb other benchmarks::

    REPRISALS_VAR_DIR=var/bench-followup \
    BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/reprisals_bench_followup python -m bench followup
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import time

from bench.report import p50, percentile, write_section
from bench.setup import bench_user, configure, ensure_cases

ROUNDS = 200
WARMUP = 20
PAGE = 50
COMMUNICATIONS = 300_000

# The list query reads one table; the API names the few States and UN bodies on the page from two small
# lookups (included in the API time).
COLUMNS = """c.id, c.symbol, c.kind, c.country_id, c.un_body_id, c.sent_on, c.deadline, c.answered_on,
             c.assessment_level"""
FROM = "FROM followup_communication c"
VISIBLE = """COALESCE((SELECT COUNT(l.id) FROM followup_communication_cases l JOIN cases_case k ON k.id = l.case_id
             WHERE l.communication_id = c.id AND k.is_restricted = %(true)s AND NOT EXISTS (
               SELECT 1 FROM cases_case_compartment m WHERE m.case_id = l.case_id AND m.user_id = %(user)s)
             GROUP BY l.communication_id), 0) < 1"""
CHASED = """EXISTS (SELECT 1 FROM followup_communication_cases l JOIN cases_case k ON k.id = l.case_id
            WHERE l.communication_id = c.id AND k.status IN ('received', 'under_assessment', 'verified',
            'raised_with_state', 'awaiting_response', 'follow_up'))"""
OVERDUE = f"c.answered_on IS NULL AND c.deadline < %(today)s AND {VISIBLE} AND {CHASED}"
DUE_SOON = f"c.answered_on IS NULL AND c.deadline >= %(today)s AND c.deadline <= %(soon)s AND {VISIBLE} AND {CHASED}"
RECORD = """SELECT c.days_to_answer, c.answered_on <= c.deadline, c.assessment_level, COUNT(*)
            FROM followup_communication c WHERE c.country_id = %(country)s {period}
            GROUP BY c.days_to_answer, c.answered_on <= c.deadline, c.assessment_level"""


def ensure_communications(n: int) -> int:
    """Top the bench database up to ``n`` communications about the demo cases."""
    from reprisals.cases.models import Case
    from reprisals.followup.demo import RAISED, insert_planned, plan
    from reprisals.followup.models import Communication

    have = Communication.objects.count()
    round_ = 0
    while have < n:
        print(f"   loading {n - have} communications ...", flush=True)
        cases = (Case.objects.filter(status__in=RAISED).order_by("pk")
                 .values_list("pk", "country_id", "country__iso3", "status", "year"))
        planned = itertools.islice(plan(cases.iterator(chunk_size=5000), seed=4000 + round_, per_case=(1, 7)), n - have)
        insert_planned(planned, seed=4000 + round_)
        have = Communication.objects.count()
        round_ += 1
    return have


def scenarios(ids: dict[str, object]) -> list[tuple[str, str, dict[str, str], str, dict[str, object]]]:
    """(label, API path, query, raw SQL, its parameters)."""
    page = f"ORDER BY c.deadline DESC, c.id DESC LIMIT {PAGE + 1}"
    soon = f"ORDER BY c.deadline, c.id LIMIT {PAGE + 1}"
    year_from, year_to = ids["year_from"], ids["year_to"]
    return [
        ("overdue, all States", "/api/v1/communications", {"overdue": "true"},
         f"SELECT {COLUMNS} {FROM} WHERE {OVERDUE} {page}", {}),
        ("overdue, busiest State", "/api/v1/communications", {"overdue": "true", "state": ids["iso3"]},
         f"SELECT {COLUMNS} {FROM} WHERE c.country_id = %(country)s AND {OVERDUE} {page}", {}),
        ("overdue, one UN body", "/api/v1/communications", {"overdue": "true", "un_body": ids["body_code"]},
         f"SELECT {COLUMNS} {FROM} WHERE c.un_body_id = %(body)s AND {OVERDUE} {page}", {}),
        ("due within 14 days", "/api/v1/communications", {"due_soon": "true", "days": "14"},
         f"SELECT {COLUMNS} {FROM} WHERE {DUE_SOON} {soon}", {}),
        ("State's record, busiest State, all years", f"/api/v1/states/{ids['iso3']}/record", {},
         RECORD.format(period=""), {}),
        ("State's record, busiest State, one year", f"/api/v1/states/{ids['iso3']}/record",
         {"from": year_from.isoformat(), "to": year_to.isoformat()},  # type: ignore[attr-defined]
         RECORD.format(period="AND c.sent_on >= %(from)s AND c.sent_on <= %(to)s"),
         {"from": year_from, "to": year_to}),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", type=int, default=100_000, help="cases; communications are three times as many")
    parser.add_argument("--fresh", action="store_true", help="empty the bench database first")
    args = parser.parse_args()
    configure(args.db, fresh=args.fresh)
    from django.db import connection
    from django.test import Client

    from reprisals.followup.models import Communication
    from reprisals.reference.models import Country, UNBody

    cases = ensure_cases(args.scale)
    communications = ensure_communications(args.scale * COMMUNICATIONS // 100_000)
    if connection.vendor == "postgresql":  # what autovacuum does after a bulk load
        with connection.cursor() as cursor:
            for table in ("followup_communication", "followup_communication_cases", "cases_case"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    user, token = bench_user()
    client = Client(HTTP_HOST="localhost")
    headers = {"Authorization": f"Bearer {token}"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT country_id FROM followup_communication GROUP BY country_id ORDER BY COUNT(*) DESC "
                       "LIMIT 1")
        country = Country.objects.get(pk=cursor.fetchone()[0])
    busiest_share = Communication.objects.filter(country=country).count()
    body = UNBody.objects.get(code="SR-HRD")
    today = dt.date.today()
    ids = {"iso3": country.iso3, "body_code": body.code, "year_from": dt.date(today.year - 1, 1, 1),
           "year_to": dt.date(today.year - 1, 12, 31)}
    base = {"true": True, "user": user.pk, "today": today, "soon": today + dt.timedelta(days=14),
            "country": country.pk, "body": body.pk}
    rows = ["| scenario | rows | API p50 ms | API p95 ms | raw SQL p50 ms | raw SQL p95 ms | p95 ratio |",
            "|---|---|---|---|---|---|---|"]
    worst = 0.0
    for label, path, query, sql, extra in scenarios(ids):
        params = {**base, **extra}
        api_times, sql_times, n_rows = [], [], 0
        for i in range(WARMUP + ROUNDS):
            t0 = time.perf_counter()
            listing = path.endswith("/communications")
            response = client.get(path, {**query, "limit": PAGE} if listing else query, headers=headers)
            t1 = time.perf_counter()
            assert response.status_code == 200, response.content
            with connection.cursor() as cursor:
                t2 = time.perf_counter()
                cursor.execute(sql, params)
                raw = cursor.fetchall()
                t3 = time.perf_counter()
            if i >= WARMUP:
                api_times.append((t1 - t0) * 1000)
                sql_times.append((t3 - t2) * 1000)
            data = response.json()
            if "items" in data:
                n_rows = len(data["items"])
                assert n_rows == min(len(raw), PAGE), (label, n_rows, len(raw))
            else:
                n_rows = len(raw)
                assert data["sent"] == sum(r[3] for r in raw), (label, data["sent"])
        api95, sql95 = percentile(api_times, 0.95), percentile(sql_times, 0.95)
        worst = max(worst, api95)
        rows.append(f"| {label} | {n_rows} | {p50(api_times):.1f} | {api95:.1f} | {p50(sql_times):.2f} | "
                    f"{sql95:.2f} | {api95 / sql95:.1f}× |")
        print(rows[-1], flush=True)
    verdict = "under" if worst < 100 else "OVER"
    text = (f"{cases:,} demo cases, {communications:,} communications ({busiest_share:,} to the busiest State, "
            f"{country.name}); {ROUNDS} requests per scenario after {WARMUP} warm-up, API and raw SQL interleaved; "
            f"page size {PAGE}. API = `GET /api/v1/communications` or `GET /api/v1/states/{{ISO3}}/record` through "
            "Django's test client (token auth, compartment rule, open-case rule, JSON). For the record, rows = "
            "outcome groups aggregated by the database.\n\n" + "\n".join(rows)
            + f"\n\nWorst API p95: {worst:.1f} ms ({verdict} the 100 ms target).")
    write_section(f"followup:{args.db}", f"Follow-up: overdue lists and a State's record ({args.db})", text)


if __name__ == "__main__":
    main()
