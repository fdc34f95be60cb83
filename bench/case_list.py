"""Issue 2: the filtered case list API and full-text search over 100,000 cases, beside raw SQL.

Each scenario is measured as a full HTTP request through Django's test client (middleware, token
auth, access checks, filters, serialisation, JSON) and, in the same run, as the raw SQL query that
answers the same question (same rows, same access rule, same page size).
"""

from __future__ import annotations

import argparse
import time

from bench.report import p50, percentile, write_section
from bench.setup import bench_user, configure, ensure_cases

ROUNDS = 200
WARMUP = 20
PAGE = 50

COLUMNS = """c.id, c.reference, c.title, co.iso3, co.name, c.status, c.risk_level, c.year, u.username,
           c.updated_at, c.version"""
FROM = """FROM cases_case c JOIN reference_country co ON co.id = c.country_id
          LEFT JOIN accounts_user u ON u.id = c.assigned_to_id"""
ACCESS = """(c.is_restricted = %(false)s OR EXISTS (SELECT 1 FROM cases_case_compartment m
             WHERE m.case_id = c.id AND m.user_id = %(user)s))"""


def scenarios(vendor: str, ids: dict[str, int]) -> list[tuple[str, dict[str, str], str]]:
    if vendor == "postgresql":
        fts = "c.search_vector @@ to_tsquery('simple', %(tsq)s)"
    else:
        fts = "c.id IN (SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %(match)s)"
    order = f"ORDER BY c.id DESC LIMIT {PAGE + 1}"
    return [
        ("newest cases, no filter", {}, f"SELECT {COLUMNS} {FROM} WHERE {ACCESS} {order}"),
        ("State + status", {"country": ids["country_code"], "status": "follow_up"},
         f"SELECT {COLUMNS} {FROM} WHERE {ACCESS} AND c.country_id = {ids['country']} AND c.status = 'follow_up' {order}"),
        ("regional group + form + year", {"regional_group": "ASIA_PACIFIC", "form": "travel_ban", "year": "2018"},
         f"""SELECT {COLUMNS} {FROM} WHERE {ACCESS} AND co.regional_group = 'ASIA_PACIFIC' AND c.year = 2018
             AND c.id IN (SELECT i.case_id FROM cases_incident_forms f JOIN cases_incident i ON i.id = f.incident_id
                          WHERE f.term_id = {ids['travel_ban']}) {order}"""),
        ("UN body + role + open", {"un_body": "CCPR", "role": "lawyer", "open": "true"},
         f"""SELECT {COLUMNS} {FROM} WHERE {ACCESS}
             AND c.status NOT IN ('closed_adequately_addressed', 'closed_not_substantiated', 'closed_withdrawn')
             AND c.id IN (SELECT e.case_id FROM cases_engagement e WHERE e.un_body_id = {ids['ccpr']})
             AND c.id IN (SELECT p.case_id FROM cases_affectedparty_roles r JOIN cases_affectedparty p
                          ON p.id = r.affectedparty_id WHERE r.term_id = {ids['lawyer']})
             {order}"""),
        ("full text: common family name", {"q": "khawaja"}, f"SELECT {COLUMNS} {FROM} WHERE {ACCESS} AND {fts} {order}"),
        ("full text: two words, other script", {"q": "曹 顺利"}, f"SELECT {COLUMNS} {FROM} WHERE {ACCESS} AND {fts} {order}"),
    ]


def fts_params(q: str) -> dict[str, str]:
    from reprisals.cases.search import query_terms

    terms = query_terms(q)
    return {"tsq": " & ".join(f"{t}:*" for t in terms), "match": " AND ".join(f'"{t}"*' for t in terms)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--fresh", action="store_true", help="empty the bench database first")
    args = parser.parse_args()
    configure(args.db, fresh=args.fresh)
    from django.db import connection
    from django.test import Client

    from reprisals.reference.models import Country, Term, UNBody

    total = ensure_cases(args.scale)
    user, token = bench_user()
    client = Client(HTTP_HOST="localhost")
    headers = {"Authorization": f"Bearer {token}"}
    busiest = connection.cursor()
    busiest.execute("SELECT country_id FROM cases_case GROUP BY country_id ORDER BY COUNT(*) DESC LIMIT 1")
    country = Country.objects.get(pk=busiest.fetchone()[0])
    ids = {
        "country": country.pk, "country_code": country.iso3,
        "travel_ban": Term.objects.get(vocabulary="reprisal_form", code="travel_ban").pk,
        "lawyer": Term.objects.get(vocabulary="party_role", code="lawyer").pk,
        "ccpr": UNBody.objects.get(code="CCPR").pk,
    }
    rows = ["| scenario | rows | API p50 ms | API p95 ms | raw SQL p50 ms | raw SQL p95 ms | p95 ratio |",
            "|---|---|---|---|---|---|---|"]
    for label, params, sql in scenarios(connection.vendor, ids):
        sql_params = {"false": False, "user": user.pk, **fts_params(params.get("q", ""))}
        api_times, sql_times, n_rows = [], [], 0
        for i in range(WARMUP + ROUNDS):
            t0 = time.perf_counter()
            response = client.get("/api/v1/cases", {**params, "limit": PAGE}, headers=headers)
            t1 = time.perf_counter()
            assert response.status_code == 200, response.content
            with connection.cursor() as cursor:
                t2 = time.perf_counter()
                cursor.execute(sql, sql_params)
                raw = cursor.fetchall()
                t3 = time.perf_counter()
            if i >= WARMUP:
                api_times.append((t1 - t0) * 1000)
                sql_times.append((t3 - t2) * 1000)
            n_rows = len(response.json()["items"])
            assert n_rows == min(len(raw), PAGE), (label, n_rows, len(raw))
        api95, sql95 = percentile(api_times, 0.95), percentile(sql_times, 0.95)
        rows.append(f"| {label} | {n_rows} | {p50(api_times):.1f} | {api95:.1f} | {p50(sql_times):.2f} | "
                    f"{sql95:.2f} | {api95 / sql95:.1f}× |")
        print(rows[-1], flush=True)
    body = (f"{total:,} demo cases; {ROUNDS} requests per scenario after {WARMUP} warm-up, API and raw SQL "
            f"interleaved; page size {PAGE}. API = `GET /api/v1/cases` through Django's test client "
            "(token auth, access rule, filters, JSON).\n\n" + "\n".join(rows))
    write_section(f"case_list:{args.db}", f"Case list and full-text search ({args.db})", body)


if __name__ == "__main__":
    main()
